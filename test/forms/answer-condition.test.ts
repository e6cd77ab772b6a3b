import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionHolds } from '../../forms/conditions';
import type { AnswerCondition } from '../../forms/types';

describe('answer conditions: in and notIn', () => {
  const ticked: AnswerCondition = { field: 'noIncome', in: ['ingen-inkomst'] };
  const notTicked: AnswerCondition = { field: 'noIncome', notIn: ['ingen-inkomst'] };

  it('notIn holds while the answer has none of the values, also when there is no answer', () => {
    for (const value of [undefined, '', [], ['annat'], 'annat']) {
      assert.equal(conditionHolds(notTicked, { noIncome: value }, {}), true, String(value));
      assert.equal(conditionHolds(ticked, { noIncome: value }, {}), false, String(value));
    }
    for (const value of [['ingen-inkomst'], 'ingen-inkomst', ['annat', 'ingen-inkomst']]) {
      assert.equal(conditionHolds(notTicked, { noIncome: value }, {}), false, String(value));
      assert.equal(conditionHolds(ticked, { noIncome: value }, {}), true, String(value));
    }
  });

  it("notIn on another step reads that step's saved answers", () => {
    const condition: AnswerCondition = { step: 'om-dig', field: 'civilStatus', notIn: ['gift'] };
    assert.equal(conditionHolds(condition, {}, { 'om-dig': { civilStatus: 'gift' } }), false);
    assert.equal(conditionHolds(condition, {}, { 'om-dig': { civilStatus: 'sambo' } }), true);
    assert.equal(conditionHolds(condition, {}, {}), true);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askedAgain } from '../../forms/asked-again';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import type { Draft, StepInput } from '../../forms/types';

const step = ekonomisktBistand.steps.find((candidate) => candidate.id === 'kostnader');
const draftWith = (input: StepInput): Draft => ({
  formId: ekonomisktBistand.id,
  formVersion: ekonomisktBistand.version,
  input: { kostnader: input },
  values: {},
});

describe('answers asked again in a carried-over row', () => {
  it('names a due date left empty beside a bill, and nothing when every date is there or no row is', () => {
    assert.ok(step);
    const bill = { type: 'hyra', amount: '7 850' };
    assert.deepEqual(askedAgain(ekonomisktBistand, draftWith({ costs: [bill] }), step), [
      'costs.dueDate',
    ]);
    assert.deepEqual(
      askedAgain(
        ekonomisktBistand,
        draftWith({ costs: [{ ...bill, dueDate: '2026-12-28' }] }),
        step,
      ),
      [],
    );
    // A row added and not filled in yet is no bill from last month.
    assert.deepEqual(askedAgain(ekonomisktBistand, draftWith({ costs: [{}] }), step), []);
    assert.deepEqual(askedAgain(ekonomisktBistand, draftWith({}), step), []);
    const other = ekonomisktBistand.steps.find((candidate) => candidate.id === 'inkomster');
    assert.ok(other);
    assert.deepEqual(askedAgain(ekonomisktBistand, draftWith({ costs: [bill] }), other), []);
  });
});

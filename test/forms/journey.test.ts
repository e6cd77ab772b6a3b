import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { stepPosition } from '../../forms/journey';
import type { Draft } from '../../forms/types';

const form = ekonomisktBistand;
const period = form.steps.find((step) => step.id === 'period');
const draftWith = (input: Draft['input']): Draft => ({
  formId: form.id,
  formVersion: form.version,
  input,
  values: {},
});

describe('the step count', () => {
  it('counts the medsökande step while "Om dig" is not answered, unless what is typed there rules it out', () => {
    assert.ok(period);
    assert.deepEqual(stepPosition(form, draftWith({}), period), { number: 1, total: 12 });
    // Carried over from last month and not looked at yet: single, so no medsökande step.
    const single = draftWith({ 'om-dig': { civilStatus: 'ensamstaende' } });
    assert.deepEqual(stepPosition(form, single, period), { number: 1, total: 11 });
    const married = draftWith({ 'om-dig': { civilStatus: 'gift' } });
    assert.deepEqual(stepPosition(form, married, period), { number: 1, total: 12 });
  });
});

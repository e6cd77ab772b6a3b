import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { visibleSteps } from '../../forms/journey';
import { postedStepOf, readPaperAnswers } from '../../forms/paper-input';
import { printoutOf } from '../../forms/printout';
import { readStepInput } from '../../forms/read-input';
import { validateStep } from '../../forms/validate-step';
import { translator } from '../../locales';
import { decodeAnswers } from '../../services/paper-parts';
import { encodeAnswers } from '../../services/paper-qr';
import { familyDay, familyDraft } from '../helpers/paper-application';

const form = ekonomisktBistand;
const t = translator('sv');

/** The family's answers as the caseworker's reader gets them: printed in codes, read back. */
function decodedFamily() {
  const printout = printoutOf(form, familyDraft(), t);
  if (!printout) throw new Error('The family draft is not complete');
  const codes = encodeAnswers({
    formId: form.id,
    formVersion: form.version,
    values: printout.answers,
  });
  return decodeAnswers([...codes].reverse()).values;
}

describe('answers read from paper codes are validated as typed answers', () => {
  it('every step of the family application, posted as a browser would, passes validateStep unchanged', () => {
    const decoded = decodedFamily();
    const steps = visibleSteps(form, decoded);
    assert.equal(steps.length, Object.keys(decoded).length, 'every step is in the codes');
    for (const step of steps) {
      const values = decoded[step.id];
      assert.ok(values, step.id);
      const read = readStepInput(step, postedStepOf(step, values), decoded);
      assert.deepEqual([...read.problems], [], `${step.id}: nothing a browser could not post`);
      assert.deepEqual(read.fieldProblems, [], `${step.id}: no value refused on reading`);
      const context = { today: familyDay, values: decoded };
      const result = validateStep(form, step, read.input, context, t);
      assert.deepEqual(result.errors, [], step.id);
      assert.deepEqual(result.values, values, `${step.id}: the same answers again`);
    }
  });

  it('reads the whole application step by step into a draft with the same answers', () => {
    const decoded = decodedFamily();
    const read = readPaperAnswers(form, decoded, familyDay, t);
    assert.deepEqual(read.errors, {});
    assert.deepEqual(read.problems, {});
    assert.deepEqual(read.unknownSteps, []);
    assert.deepEqual(read.draft.values, decoded);
    assert.equal(read.draft.input.kostnader && 'costs' in read.draft.input.kostnader, true);
  });

  it('holds codes to the same rules as typing: too large, hidden characters, unknown fields', () => {
    const decoded = decodedFamily();
    const forged = structuredClone(decoded);
    const costs = forged.kostnader?.costs as { amount: number }[];
    (costs[0] as { amount: number }).amount = 99_999_999_00;
    (forged.meddelande as Record<string, unknown>).message = 'Tandläkaren\u202e i januari';
    (forged.boende as Record<string, unknown>).status = 'beviljad';
    forged.extra = { anything: 'x' };
    const read = readPaperAnswers(form, forged, familyDay, t);
    assert.deepEqual(Object.keys(read.errors).sort(), ['kostnader', 'meddelande']);
    assert.match(read.errors.kostnader?.[0]?.text ?? '', /kr/);
    assert.deepEqual(read.problems, { boende: ['unknownField'] });
    assert.deepEqual(read.unknownSteps, ['extra']);
    for (const stepId of ['kostnader', 'meddelande', 'boende']) {
      assert.equal(read.draft.values[stepId], undefined, `${stepId} is not done`);
    }
    assert.deepEqual(read.draft.values.barn, decoded.barn, 'the other steps are read as before');
  });
});

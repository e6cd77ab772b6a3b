import { swedishDay } from '../../forms/dates';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { printoutOf } from '../../forms/printout';
import { readStepInput } from '../../forms/read-input';
import type { Draft } from '../../forms/types';
import { validateStep } from '../../forms/validate-step';
import { translator } from '../../locales';
import { renderApplicationPdf } from '../../services/application-pdf';
import { paperApplication } from '../../services/application-print';
import { demoMunicipalities } from '../../services/demo-data';
import { familyAnswers, fixedClock } from './application';

/** The day the family fills in the application (the periods offered depend on it). */
export const familyDay = swedishDay(fixedClock.now());

/** The family's draft, every step typed and saved through the form engine as the steps do. */
export function familyDraft(): Draft {
  const form = ekonomisktBistand;
  const t = translator('sv');
  const draft: Draft = { formId: form.id, formVersion: form.version, input: {}, values: {} };
  for (const [stepId, body] of familyAnswers) {
    const step = form.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(`No step ${stepId}`);
    const { input } = readStepInput(step, body, draft.values);
    const context = { today: familyDay, values: draft.values };
    const { values, errors } = validateStep(form, step, input, context, t);
    if (errors.length > 0) throw new Error(`${stepId}: ${errors[0]?.text}`);
    draft.input[stepId] = input;
    draft.values[stepId] = values;
  }
  return draft;
}

/** The family's paper application as printed (drawn on this thread), with the printed answers. */
export async function familyPaperPdf() {
  const form = ekonomisktBistand;
  const printout = printoutOf(form, familyDraft(), translator('sv'));
  const municipality = demoMunicipalities[0];
  if (!printout || !municipality) throw new Error('The family draft is not complete');
  const content = paperApplication(printout, form, municipality);
  return { pdf: await renderApplicationPdf(content), answers: printout.answers, content };
}

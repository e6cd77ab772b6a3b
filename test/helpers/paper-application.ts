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
import { pdfPageImages } from './pdf';

/** The day the family fills in the application (the periods offered depend on it). */
export const familyDay = swedishDay(fixedClock.now());

/** What a test changes in the family's answers: a step's fields typed otherwise. */
export type AnswerChanges = Record<string, Record<string, string>>;

/** The family's draft, every step typed and saved through the form engine as the steps do. */
export function familyDraft(message?: string, changes: AnswerChanges = {}): Draft {
  const form = ekonomisktBistand;
  const t = translator('sv');
  const draft: Draft = { formId: form.id, formVersion: form.version, input: {}, values: {} };
  for (const [stepId, typed] of familyAnswers) {
    const body = {
      ...(stepId === 'meddelande' && message !== undefined ? { message } : typed),
      ...changes[stepId],
    };
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

/**
 * The family's paper application as printed (drawn on this thread), with the printed answers;
 * a long message makes more QR codes.
 */
export async function familyPaperPdf(message?: string, changes?: AnswerChanges) {
  const form = ekonomisktBistand;
  const printout = printoutOf(form, familyDraft(message, changes), translator('sv'));
  const municipality = demoMunicipalities[0];
  if (!printout || !municipality) throw new Error('The family draft is not complete');
  const content = paperApplication(printout, form, municipality);
  return { pdf: await renderApplicationPdf(content), answers: printout.answers, content };
}

let longFamilyPages: Promise<{ pages: Buffer[]; parts: number }> | undefined;

/**
 * The family's application with a long message (its ten codes on the last three of seven pages)
 * as 150 dpi page pictures, with its number of parts: drawn once a process, as pdftoppm is slow.
 */
export function familyPagesWithLongMessage(): Promise<{ pages: Buffer[]; parts: number }> {
  longFamilyPages ??= familyPaperPdf(longMessage(4000)).then(({ pdf, content }) => ({
    pages: pdfPageImages(pdf, 150),
    parts: content.qrCodes.length,
  }));
  return longFamilyPages;
}

/** A message of `length` characters that hardly compresses (made-up words), always the same. */
export function longMessage(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzåäö';
  let seed = 7;
  let text = '';
  while (text.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += seed % 6 === 0 ? ' ' : letters.charAt((seed >> 8) % letters.length);
  }
  return text;
}

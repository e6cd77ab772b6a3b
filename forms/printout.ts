import type { Translate } from '../locales';
import { shownAnswers } from './answers';
import { firstIncompleteStep } from './journey';
import { summarize, type SummarySection } from './summary';
import type {
  ChecklistItem,
  Declaration,
  Draft,
  DraftValues,
  EstimateView,
  FormDefinition,
} from './types';

export interface Review {
  title: string;
  sections: SummarySection[];
  estimate: EstimateView | undefined;
  attachments: ChecklistItem[];
}

/** Everything the paper application shows; plain data, so a worker thread can draw it. */
export interface Printout extends Review {
  fileName: string;
  declaration: Declaration | undefined;
  signers: string[];
  /** On every page's foot, beside the page number: whose application, for which month. */
  pageFooter: string[] | undefined;
  /** The shown answers, for the QR codes. */
  answers: DraftValues;
}

/** The shown answers as question -> answer rows, the estimate and the checklist; undefined until every step is done. */
export function reviewOf(form: FormDefinition, draft: Draft, t: Translate): Review | undefined {
  if (firstIncompleteStep(form, draft)) return undefined;
  const answers = shownAnswers(form, draft);
  return {
    title: form.hooks.title(answers, t),
    sections: summarize(form, answers, t),
    estimate: form.hooks.estimate?.(answers, t),
    attachments: form.hooks.attachments?.(answers, t) ?? [],
  };
}

export function printoutOf(form: FormDefinition, draft: Draft, t: Translate): Printout | undefined {
  const review = reviewOf(form, draft, t);
  if (!review) return undefined;
  const answers = shownAnswers(form, draft);
  return {
    ...review,
    fileName: form.hooks.fileName(answers),
    declaration: form.hooks.declaration?.(t),
    signers: form.hooks.signers(answers),
    pageFooter: form.hooks.pageFooter?.(answers, t),
    answers,
  };
}

import type { FieldError } from '../forms/field-error';
import { readStepInput } from '../forms/read-input';
import type { Step, StepInput } from '../forms/types';
import type { Language, Translate } from '../locales';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import { UPLOAD_FIELD, UPLOAD_INPUT_ID, UPLOADED_ON_NEXT_FIELD } from './attachment-view';

/** The row version a page was rendered with (`_version`); -1 when missing or not a number. */
export function postedVersion(body: Record<string, unknown>): number {
  const value = Number(body._version);
  return Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

/**
 * A step's posted body without its file input. The file input shares the step's one form, so a
 * plain post ("Nästa", "Ta bort") sends the chosen file's name under it: that is no answer.
 */
/**
 * The names of files chosen in a page's file input but not uploaded: a plain post ("Nästa",
 * "Skicka") sends only each chosen file's name, never the file, so the applicant is told rather
 * than the file silently left behind.
 */
export function chosenFileNames(raw: unknown): string[] {
  const posted = ((raw ?? {}) as Record<string, unknown>)[UPLOAD_FIELD];
  const names = Array.isArray(posted) ? posted : [posted];
  return names.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

/** The message at the file input for files chosen but not uploaded. */
export function notUploadedError(t: Translate, names: readonly string[]): FieldError {
  return {
    field: UPLOAD_FIELD,
    text: t('attachments.chosenNotUploaded', { names: names.join(', ') }),
    href: `#${UPLOAD_INPUT_ID}`,
  };
}

export function stepBody(step: Step, raw: unknown): Record<string, unknown> {
  const body = { ...((raw ?? {}) as Record<string, unknown>) };
  if (step.uploads) {
    Reflect.deleteProperty(body, UPLOAD_FIELD);
    Reflect.deleteProperty(body, UPLOADED_ON_NEXT_FIELD);
  }
  return body;
}

/** What became of the answers a step's page posted with "Ladda upp" or "Ta bort". */
export interface KeptStepInput {
  /** The draft after the save, or as it stands when nothing was saved. */
  record: ApplicationRecord;
  /** What the step's fields show: as saved, or as typed when they could not be saved. */
  input: StepInput;
  /** Saved (or nothing was posted): the page can be shown again by a redirect. */
  saved: boolean;
  errors: FieldError[];
  status?: number;
  /** Another tab saved first: nothing was written, the typed answers are shown. */
  notice?: { title: string; text: string; reload: string };
}

export interface StepInputPost {
  record: ApplicationRecord;
  step: Step;
  body: Record<string, unknown>;
  language: Language;
  t: Translate;
  /** The step's own address, for the stale notice's reload link. */
  reload: string;
  /** False when the body could not be read to its end (an upload stopped early): shown only. */
  save: boolean;
}

/**
 * Keeps the answers of the page a file was uploaded or removed from: saved through
 * ApplicationService like "Tillbaka" saves them (the page's row version must be the current
 * one; nothing else is judged, since the applicant has not asked to go on), or, when they cannot
 * be stored, shown again as typed with the reason. A post without the step's form (no `_version`)
 * has no answers to keep.
 */
export async function keepStepInput(
  services: Services,
  post: StepInputPost,
): Promise<KeptStepInput> {
  const { record, step, body, t } = post;
  if (body._version === undefined) {
    return { record, input: record.draft.input[step.id] ?? {}, saved: true, errors: [] };
  }
  const read = readStepInput(step, body, record.draft.values, record.draft.input[step.id]);
  const shown = { record, input: read.shown, saved: false };
  if (read.problems.size > 0) {
    const text = t(read.problems.has('malformed') ? 'form.malformed' : 'form.unknownField');
    return { ...shown, errors: [{ field: '_form', text, href: '#main' }], status: 400 };
  }
  if (read.fieldProblems.length > 0) {
    const errors = services.applications.refusedInputErrors(
      record.form,
      record.draft,
      step,
      read,
      post.language,
    );
    return { ...shown, errors, status: 400 };
  }
  if (!post.save) return { ...shown, errors: [] };
  const result = await services.applications.saveStep(
    record,
    step,
    read.input,
    postedVersion(body),
    post.language,
    { unsent: read.unsent },
  );
  if (result.outcome === 'saved') {
    const saved = result.record;
    return { record: saved, input: saved.draft.input[step.id] ?? {}, saved: true, errors: [] };
  }
  if (result.outcome === 'stale') {
    return {
      ...shown,
      record: result.record,
      errors: [],
      status: 409,
      notice: { title: t('form.stale'), text: t('form.staleReload'), reload: post.reload },
    };
  }
  return {
    ...shown,
    record: result.record,
    errors: [{ field: '_form', text: t('form.draftTooLarge'), href: '#main' }],
    status: 413,
  };
}

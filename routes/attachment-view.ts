import type { Request, Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { FormDefinition, Step } from '../forms/types';
import type { Language } from '../locales';
import type { Services } from '../services';
import type { AttachmentInfo, AttachmentLimits, RefusalReason } from '../services/attachments';
import { actorOf } from './actor';
import { journeyPaths } from './application-paths';
import { takeFileStatus } from './file-status';

/** The file input's id: refused files link here from the error summary. */
export const UPLOAD_INPUT_ID = 'upload-files';
/** The file input's name, which the upload route reads. */
export const UPLOAD_FIELD = 'filer';
/**
 * An upload or removal returns the applicant here: the line saying what it did, or without one
 * the heading of the list of uploaded files.
 */
export const UPLOADED_LIST_ID = 'uploaded-files';

const SIZE_REASONS: ReadonlySet<RefusalReason> = new Set(['tooLarge', 'tooMany', 'overQuota']);

/**
 * The status of a page that shows refused files: 413 when a limit was passed, 415 for a type we
 * do not take, 503 for a PDF we could not check just now, 400 otherwise (a PDF with active
 * content among them).
 */
export function refusalStatus(reasons: readonly RefusalReason[]): number {
  if (reasons.some((reason) => SIZE_REASONS.has(reason))) return 413;
  if (reasons.includes('notAllowedType')) return 415;
  return reasons.includes('notChecked') ? 503 : 400;
}

const KILOBYTE = 1024;
const MEGABYTE = 1024 * 1024;

/** "82 kB", "2,4 MB" (Swedish) or "2.4 MB" (English); never "0 kB" for a file that has bytes. */
export function formatFileSize(bytes: number, language: Language): string {
  const locale = language === 'sv' ? 'sv-SE' : 'en-GB';
  if (bytes < MEGABYTE) {
    const kilobytes = bytes === 0 ? 0 : Math.max(1, Math.round(bytes / KILOBYTE));
    return `${new Intl.NumberFormat(locale).format(kilobytes)} kB`;
  }
  const megabytes = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return `${megabytes.format(bytes / MEGABYTE)} MB`;
}

/** The limits as the hint and the messages say them. */
export function limitTexts(limits: AttachmentLimits, language: Language) {
  return {
    files: limits.maxFiles,
    fileSize: formatFileSize(limits.maxFileBytes, language),
    total: formatFileSize(limits.maxTotalBytes, language),
  };
}

export interface UploadedFileView {
  name: string;
  size: string;
  href: string;
  removeAction: string;
}

export interface UploadSectionView {
  action: string;
  inputId: string;
  inputName: string;
  listId: string;
  hint: string;
  usage: string;
  files: UploadedFileView[];
  /** Messages about refused files, shown at the file input (they are in the summary too). */
  errors: string[];
  /** "Nästa" was pressed with files chosen: the script uploaded them first, and says so. */
  uploadedOnNext: boolean;
  /** What the upload or removal just made did ("Filen lön.pdf är uppladdad."), said once. */
  status: string | undefined;
}

/** Posted by the script with an upload that "Nästa" started: the page then says what happened. */
export const UPLOADED_ON_NEXT_FIELD = '_efter';

/** The uploaded files as the step and the review page list them. */
export function fileViews(
  files: readonly AttachmentInfo[],
  form: FormDefinition,
  stepId: string,
  language: Language,
  /** `?granska=1` when the step was opened from the review: removing returns there. */
  query = '',
): UploadedFileView[] {
  const paths = journeyPaths(form);
  return files.map((file) => ({
    name: file.name,
    size: formatFileSize(file.size, language),
    href: paths.attachment(stepId, file.id),
    removeAction: `${paths.removeAttachment(stepId, file.id)}${query}`,
  }));
}

/** The first step of a form where files are uploaded, if any. */
export function uploadStepOf(form: FormDefinition): Step | undefined {
  return form.steps.find((step) => step.uploads === true);
}

/**
 * What a step that takes files shows a logged-in applicant with a draft: the upload form and the
 * files so far. Anyone else (anonymous visitors send paper copies) gets nothing.
 */
export async function uploadSection(
  req: Request,
  res: Response,
  services: Services,
  page: {
    form: FormDefinition;
    step: Step;
    applicationId: string | undefined;
    errors: FieldError[];
  },
): Promise<UploadSectionView | undefined> {
  const { form, step, applicationId } = page;
  if (!step.uploads || !applicationId) return undefined;
  const files = await services.attachments.list(actorOf(req), applicationId);
  if (!files) return undefined;
  const { t } = res.locals;
  const { limits } = services.attachments;
  const texts = limitTexts(limits, req.language);
  const used = files.reduce((sum, file) => sum + file.size, 0);
  const review = req.query.granska === '1' ? '?granska=1' : '';
  return {
    action: `${journeyPaths(form).upload(step.id)}${review}`,
    inputId: UPLOAD_INPUT_ID,
    inputName: UPLOAD_FIELD,
    listId: UPLOADED_LIST_ID,
    uploadedOnNext: req.query.uppladdat === '1',
    status: takeFileStatus(req, applicationId, files, t, req.language),
    hint: t('attachments.hint', texts),
    usage: t('attachments.usage', {
      count: files.length,
      files: limits.maxFiles,
      used: formatFileSize(used, req.language),
      total: texts.total,
    }),
    files: fileViews(files, form, step.id, req.language, review),
    errors: page.errors.filter((error) => error.field === UPLOAD_FIELD).map((error) => error.text),
  };
}

/** The files the review page lists under the step that took them, for their owner. */
export async function reviewUploads(
  req: Request,
  services: Services,
  record: { id: string; form: FormDefinition },
): Promise<{ stepId: string; files: UploadedFileView[] } | undefined> {
  const step = uploadStepOf(record.form);
  if (!step) return undefined;
  const files = await services.attachments.list(actorOf(req), record.id);
  if (!files) return undefined;
  return { stepId: step.id, files: fileViews(files, record.form, step.id, req.language) };
}

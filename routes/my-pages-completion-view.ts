/** What the completion pages and Mina sidor show of a completion request, and its addresses. */
import type { Request } from 'express';
import { readCompletion } from '../forms/completion-input';
import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
import type { Services } from '../services';
import type { Actor } from '../services/application-service';
import type { ApplicationRecord } from '../services/application-records';
import type { AttachmentLimits } from '../services/attachments';
import type { OpenCompletion } from '../services/completions';
import { longDate } from '../services/date-texts';
import {
  formatFileSize,
  limitTexts,
  UPLOAD_FIELD,
  UPLOAD_INPUT_ID,
  UPLOADED_LIST_ID,
  type UploadSectionView,
} from './attachment-view';
import { takeFileStatus } from './file-status';

type Applicant = Extract<Actor, { kind: 'applicant' }>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where an applicant answers a completion request, and what hangs under it. */
export const COMPLETION_PATHS = {
  page: (id: string) => `/mina-sidor/ansokningar/${id}/komplettering`,
  upload: (id: string) => `/mina-sidor/ansokningar/${id}/komplettering/ladda-upp`,
  file: (id: string, fileId: string) =>
    `/mina-sidor/ansokningar/${id}/komplettering/filer/${fileId}`,
  removeFile: (id: string, fileId: string) =>
    `/mina-sidor/ansokningar/${id}/komplettering/filer/${fileId}/ta-bort`,
};

const UPLOAD_PATH = /^\/mina-sidor\/ansokningar\/[0-9a-f-]{36}\/komplettering\/ladda-upp$/;

/** A multipart post to a completion's upload address: its route parses it and checks the token. */
export function isCompletionUpload(req: Request): boolean {
  return (
    req.method === 'POST' && Boolean(req.is('multipart/form-data')) && UPLOAD_PATH.test(req.path)
  );
}

export const dueText = (day: string, req: Request) =>
  longDate(new Date(`${day}T12:00:00Z`), req.language);

export function applicantOf(req: Request): Applicant {
  const user = req.session.user;
  if (user?.kind !== 'applicant') throw new Error('A completion page ran without an applicant');
  return { kind: 'applicant', userId: user.accountId };
}

/**
 * For Mina sidor and the receipt: the applications whose municipality waits for more from the
 * applicant, each with its due date and a link. Spread into the page's render call.
 */
export async function completionNotices(
  services: Services,
  req: Request,
  records: readonly ApplicationRecord[],
  title: (record: ApplicationRecord) => string,
) {
  const actor = applicantOf(req);
  const notices = [];
  for (const record of records) {
    if ((record.status as string) !== 'komplettering-begard') continue;
    const open = await services.completions.openRequest(actor, record.id, req.language);
    if (!open) continue;
    notices.push({
      title: title(record),
      due: dueText(open.dueDate, req),
      href: COMPLETION_PATHS.page(record.id),
      count: open.answers.length + open.attachments.length,
    });
  }
  return { completionNotices: notices };
}

/**
 * The answers the page's one form posted beside "Ladda upp" or "Ta bort" (marked by `_answers`),
 * with the typed values that cannot be kept (too long, invisible characters). Nothing of them is
 * stored: they are shown again until the applicant sends.
 */
export function typedAnswers(req: Request, open: OpenCompletion, today: string, t: Translate) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (body._answers === undefined) return { typed: undefined, refused: [] };
  const paths = open.answers.map((answer) => answer.path);
  const { refused } = readCompletion(open.form, open.draft, paths, body, today, t);
  return { typed: body, refused };
}

/** The upload section (views/partials/uploads.ejs) for the files a completion asks for. */
export function uploadsView(
  req: Request,
  t: Translate,
  open: OpenCompletion,
  errors: FieldError[],
  limits: AttachmentLimits,
) {
  const texts = limitTexts(limits, req.language);
  const view: UploadSectionView = {
    action: COMPLETION_PATHS.upload(open.applicationId),
    inputId: UPLOAD_INPUT_ID,
    inputName: UPLOAD_FIELD,
    listId: UPLOADED_LIST_ID,
    uploadedOnNext: false,
    status: takeFileStatus(req, open.applicationId, open.newFiles, t, req.language),
    hint: t('attachments.hint', texts),
    usage: '',
    files: open.newFiles.map((file) => ({
      name: file.name,
      size: formatFileSize(file.size, req.language),
      href: COMPLETION_PATHS.file(open.applicationId, file.id),
      removeAction: COMPLETION_PATHS.removeFile(open.applicationId, file.id),
    })),
    errors: errors.filter((error) => error.field === UPLOAD_FIELD).map((error) => error.text),
  };
  return view;
}

import { Router, type Request, type Response } from 'express';
import { completionFields } from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { parseDate } from '../forms/parsers';
import { withoutRefusedCharacters } from '../forms/read-input';
import { hasMessage } from '../locales';
import type { Services } from '../services';
import { sanitiseFileName } from '../services/attachment-names';
import type { FileOutcome, UploadedFile } from '../services/attachments';
import type { DayProblem, PostAnswerPage } from '../services/completion-by-post';
import { longDate } from '../services/date-texts';
import {
  checkedTokenWithoutFiles,
  checkedUploadReader,
  type ParsedUpload,
} from './attachment-upload';
import { limitTexts, UPLOAD_FIELD } from './attachment-view';
import { bodyText } from './form-body';
import { renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { caseIdOf } from './staff-case-id';
import { accountIdOf, STAFF_PATHS } from './staff-paths';

const PATH = '/handlaggare/arenden/:id/komplettering/:requestId/svar-per-post';
const PATTERN =
  /^\/handlaggare\/arenden\/[0-9a-f-]{36}\/komplettering\/[0-9a-f-]{36}\/svar-per-post$/;

/** "Registrera svaret": where the answer to a completion letter is registered. */
export const postAnswerPath = (id: string, requestId: string) =>
  `/handlaggare/arenden/${id}/komplettering/${requestId}/svar-per-post`;

/** Its form with the scanned papers: a multipart body its route parses and checks itself. */
export function isPostAnswerUpload(req: Request): boolean {
  return req.method === 'POST' && !!req.is('multipart/form-data') && PATTERN.test(req.path);
}

const DAY_FIELD = 'mottagen';
const FILES_INPUT_ID = 'skannade-papper';

const DAY_ERRORS = {
  invalidDate: 'completion.post.error.invalidDate',
  futureDate: 'completion.post.error.futureDate',
  beforeRequest: 'completion.post.error.beforeRequest',
} as const satisfies Record<DayProblem, string>;

/** An id that is never a request's: a malformed one reads as missing. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

const whoOf = (req: Request) => ({ staff: staffOf(req), requestId: req.id });

interface Shown {
  errors: FieldError[];
  /** What was posted (by name), shown again as typed; else the day is today's. */
  posted?: Record<string, unknown>;
  /** The files chosen, none of them stored, as something on the page was refused. */
  filesNotStored?: readonly UploadedFile[];
  status?: number;
}

/** The case page's "Registrera svaret" for a paper case's letter: its page and its post. */
export default function staffCasePostAnswerRoutes(services: Services): Router {
  const router = Router();
  const { completionByPost, attachments, clock } = services;
  const readUpload = checkedUploadReader(services, attachments.limits);
  const checkTokenOnly = checkedTokenWithoutFiles(services, attachments.limits);

  function render(req: Request, res: Response, page: PostAnswerPage, shown: Shown) {
    const { t } = res.locals;
    const today = swedishDay(clock.now());
    const paths = page.answers.map((answer) => answer.path);
    const fields = completionFields({
      form: page.form,
      draft: page.draft,
      paths,
      ...(shown.posted ? { typed: shown.posted } : {}),
      errors: shown.errors,
      today,
      t,
      has: (key) => hasMessage(req.language, key),
    });
    const posted = shown.posted ?? {};
    res.status(shown.status ?? 200).render('staff/case/post-answer', {
      errors: shown.errors,
      backHref: `${STAFF_PATHS.case(page.applicationId)}#kompletteringar`,
      action: postAnswerPath(page.applicationId, page.requestId),
      lead: t('completion.post.lead', {
        sent: longDate(page.requestedAt, req.language),
        due: longDate(new Date(`${page.dueDate}T12:00:00Z`), req.language),
      }),
      message: page.message,
      day: {
        id: DAY_FIELD,
        // As typed, within what a date can be: never a long or invisible text shown back.
        value:
          typeof posted[DAY_FIELD] === 'string'
            ? withoutRefusedCharacters(posted[DAY_FIELD], false).slice(0, 100)
            : today,
        hint: t('completion.post.hint', { example: today }),
        error: shown.errors.find((error) => error.field === DAY_FIELD)?.text,
      },
      answers: page.answers.map((answer) => {
        const field = fields.find((one) => one.name === answer.path);
        // The mark's reason and the answer as it stands describe the field to a screen reader.
        const ids = field && { reason: `${field.id}-reason`, now: `${field.id}-now` };
        return {
          ...answer,
          ids,
          field: field &&
            ids && {
              ...field,
              describedBy: [...(answer.reason ? [ids.reason] : []), ids.now],
            },
        };
      }),
      items: page.items,
      files: {
        id: FILES_INPUT_ID,
        name: UPLOAD_FIELD,
        hint: t('completion.post.filesHint', limitTexts(attachments.limits, req.language)),
        errors: shown.errors
          .filter((error) => error.field === UPLOAD_FIELD)
          .map((error) => error.text),
        notStored:
          shown.filesNotStored && shown.filesNotStored.length > 0
            ? t('completion.post.filesNotStored', {
                names: shown.filesNotStored
                  .map((file) => sanitiseFileName(file.originalName))
                  .join(', '),
              })
            : undefined,
      },
    });
  }

  function refused(res: Response, outcome: 'notFound' | 'forbidden' | 'notWaiting', id: string) {
    if (outcome === 'notFound') {
      renderNotFound(res);
      return;
    }
    if (outcome === 'forbidden') {
      renderForbidden(res);
      return;
    }
    // Registered meanwhile (a second tab, a colleague): the case says what happened.
    res.redirect(303, `${STAFF_PATHS.case(id)}?postfel=notWaiting#marks`);
  }

  router.get(PATH, async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    const requestId = accountIdOf(req.params.requestId) ?? NO_ID;
    const found = await completionByPost.page(whoOf(req), id, requestId, req.language);
    if (found.outcome !== 'found') return refused(res, found.outcome, id);
    render(req, res, found.page, { errors: [] });
  });

  router.post(PATH, async (req, res, next) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const requestId = accountIdOf(req.params.requestId) ?? NO_ID;
    if (!(await completionByPost.mayRegister(whoOf(req), id))) {
      // The scans are never read; the token is checked first, then the refusal (404 or 403) is
      // logged by register.
      if (isPostAnswerUpload(req) && !(await checkTokenOnly(req, res, next))) return;
      const none = { day: '', posted: {}, files: [] };
      const result = await completionByPost.register(whoOf(req), id, requestId, none, req.language);
      if (result.outcome === 'notFound' || result.outcome === 'forbidden') {
        return refused(res, result.outcome, id);
      }
    }
    let files: UploadedFile[] = [];
    let unread: Exclude<ParsedUpload, { outcome: 'files' }> | undefined;
    if (isPostAnswerUpload(req)) {
      const parsed = await readUpload(req, res, next);
      if (!parsed) return;
      if (parsed.outcome === 'files') files = parsed.files;
      else unread = parsed;
    }
    const posted = (req.body ?? {}) as Record<string, unknown>;
    const { t } = res.locals;
    const typedDay = bodyText(req, DAY_FIELD).slice(0, 100);
    if (unread) {
      // Nothing of a body read only in part is registered: the page again, as it came.
      const found = await completionByPost.page(
        whoOf(req),
        id,
        requestId,
        req.language,
        'refusedPost',
      );
      if (found.outcome !== 'found') return refused(res, found.outcome, id);
      const { status, text } = unreadText(unread, req, res);
      const error = { field: UPLOAD_FIELD, text, href: `#${FILES_INPUT_ID}` };
      render(req, res, found.page, { errors: [error], posted, status });
      return;
    }
    const parsedDay = parseDate(typedDay);
    const result = await completionByPost.register(
      whoOf(req),
      id,
      requestId,
      { day: parsedDay.ok ? parsedDay.value : '', posted, files },
      req.language,
    );
    if (result.outcome === 'answered') {
      res.redirect(303, `${STAFF_PATHS.case(id)}?markering=svar-per-post#marks`);
      return;
    }
    if (result.outcome === 'stale') {
      // Changed by someone else meanwhile: the page as it is now, with what was typed.
      const error = { field: DAY_FIELD, text: t('case.error.stale'), href: `#${DAY_FIELD}` };
      render(req, res, result.page, {
        errors: [error],
        posted,
        filesNotStored: files,
        status: 409,
      });
      return;
    }
    if (result.outcome !== 'invalid') return refused(res, result.outcome, id);
    const today = swedishDay(clock.now());
    const errors: FieldError[] = [];
    if (result.day) {
      const day = isoDay(swedishDay(result.page.requestedAt), req);
      const text = t(DAY_ERRORS[result.day], { example: today, day });
      errors.push({ field: DAY_FIELD, text, href: `#${DAY_FIELD}` });
    }
    errors.push(...result.errors);
    for (const refusal of result.refusedFiles) errors.push(fileError(refusal, req, res));
    render(req, res, result.page, {
      errors,
      posted,
      filesNotStored: files,
      status: result.refusedFiles.some(
        (file) => file.outcome === 'refused' && file.reason === 'tooLarge',
      )
        ? 413
        : 400,
    });
  });

  function fileError(refusal: FileOutcome, req: Request, res: Response): FieldError {
    const texts = limitTexts(attachments.limits, req.language);
    const reason = refusal.outcome === 'refused' ? refusal.reason : 'notChecked';
    const text = res.locals.t(`attachments.refused.${reason}`, { ...texts, name: refusal.name });
    return { field: UPLOAD_FIELD, text, href: `#${FILES_INPUT_ID}` };
  }

  function unreadText(
    parsed: Exclude<ParsedUpload, { outcome: 'files' }>,
    req: Request,
    res: Response,
  ) {
    const { t } = res.locals;
    const texts = limitTexts(attachments.limits, req.language);
    if (parsed.outcome === 'tooLarge') {
      const name = sanitiseFileName(parsed.originalName);
      return { status: 413, text: t('attachments.refused.tooLarge', { ...texts, name }) };
    }
    if (parsed.outcome === 'tooMany')
      return { status: 413, text: t('attachments.tooManyAtOnce', texts) };
    return { status: 400, text: t('attachments.unreadable') };
  }

  return router;
}

function isoDay(day: string, req: Request): string {
  return longDate(new Date(`${day}T12:00:00Z`), req.language);
}

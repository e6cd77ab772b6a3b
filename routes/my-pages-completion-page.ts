import type { Request, Response } from 'express';
import {
  completionFields,
  draftAnswersByPath,
  readCompletion,
  typedDiffers,
  type CompletionFieldsBuild,
} from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { hasMessage } from '../locales';
import type { Services } from '../services';
import {
  PAPERS_BY_POST_FIELD,
  type DraftResult,
  type OpenCompletion,
} from '../services/completions';
import { longDate } from '../services/date-texts';
import {
  applicantOf,
  COMPLETION_PATHS,
  dueText,
  uploadsView,
  UUID,
} from './my-pages-completion-view';

/** The completion page of Mina sidor drawn for one request: as saved, as typed, or refused. */
export function completionPage(services: Services) {
  const { attachments, logger } = services;

  /** Not theirs, or nothing asked: the same 404 either way, and a line in the log (SEC-14). */
  function refuse(req: Request, res: Response) {
    logger.warn(
      { reqId: req.id, accountId: req.session.user?.accountId, path: req.path },
      'completion refused: none open for this applicant',
    );
    res.status(404).render('pages/not-found');
  }

  async function openOf(req: Request): Promise<OpenCompletion | undefined> {
    const id = req.params.id;
    if (typeof id !== 'string' || !UUID.test(id)) return undefined;
    return services.completions.openRequest(applicantOf(req), id, req.language);
  }

  function fieldsBuild(
    req: Request,
    res: Response,
    open: OpenCompletion,
    page: { errors: FieldError[]; typed?: Record<string, unknown> },
  ): CompletionFieldsBuild {
    return {
      form: open.form,
      draft: open.draft,
      paths: open.answers.map((answer) => answer.path),
      ...(page.typed ? { typed: page.typed } : {}),
      errors: page.errors,
      today: swedishDay(services.clock.now()),
      t: res.locals.t,
      has: (key) => hasMessage(req.language, key),
    };
  }

  function render(
    req: Request,
    res: Response,
    open: OpenCompletion,
    page: {
      errors: FieldError[];
      typed?: Record<string, unknown>;
      status?: number;
      /** Answers typed (and saved) that differ from the application's: not sent yet. */
      notSent?: boolean;
      /** The draft's version the page posts; the one it was opened with unless saved since. */
      version?: number;
      /** Another tab saved first: nothing of this post was written. */
      stale?: boolean;
      /** Back from "Spara": the answers are saved. */
      saved?: boolean;
    },
  ) {
    const { t } = res.locals;
    // The answer to a post (a refused answer, an upload): "back" gets the page itself.
    if (req.method === 'POST') res.locals.getAddress = COMPLETION_PATHS.page(open.applicationId);
    const fields = completionFields(fieldsBuild(req, res, open, page));
    res.status(page.status ?? 200).render('my-pages/completion', {
      notSent: page.notSent ?? false,
      stale: page.stale ?? false,
      saved: page.saved ?? false,
      version: page.version ?? open.draftVersion,
      // Named in the page's title: two months' applications may both wait for a completion.
      applicationTitle: open.form.hooks.title(open.draft.values, t),
      errors: page.errors,
      due: dueText(open.dueDate, req),
      requestedAt: longDate(open.requestedAt, req.language),
      message: open.message,
      answers: open.answers.map((answer) => {
        const field = fields.find((one) => one.name === answer.path);
        // The caseworker's reason describes the field: read with it, before its hint and message.
        const reasonId = field && answer.reason ? `${field.id}-reason` : undefined;
        return {
          ...answer,
          reasonId,
          field: field && reasonId ? { ...field, describedBy: [reasonId] } : field,
        };
      }),
      missing: open.attachments,
      papersByPostField: PAPERS_BY_POST_FIELD,
      // As posted when the page answers a post of it, else as saved.
      papersByPost:
        page.typed?._answers !== undefined
          ? page.typed[PAPERS_BY_POST_FIELD] === 'ja'
          : open.papersByPost,
      uploads:
        open.attachments.length > 0
          ? uploadsView(req, t, open, page.errors, attachments.limits)
          : undefined,
      action: COMPLETION_PATHS.page(open.applicationId),
      backHref: `/mina-sidor/ansokningar/${open.applicationId}`,
    });
  }

  /**
   * The page as saved: the answers typed and saved (else the application's) with their errors
   * worked out again, as the applicant left them.
   */
  function renderSaved(req: Request, res: Response, open: OpenCompletion, saved = false) {
    if (!open.savedAnswers) {
      render(req, res, open, { errors: [], saved });
      return;
    }
    const paths = open.answers.map((answer) => answer.path);
    const typed = { ...draftAnswersByPath(open.form, open.draft, paths), ...open.savedAnswers };
    const today = swedishDay(services.clock.now());
    const { errors } = readCompletion(open.form, open.draft, paths, typed, today, res.locals.t);
    const notSent = typedDiffers(fieldsBuild(req, res, open, { errors: [], typed }));
    render(req, res, open, { errors, typed, notSent, saved });
  }

  /** A save that did not happen: another tab's draft is newer, or the request is over. */
  function notSaved(
    req: Request,
    res: Response,
    open: OpenCompletion,
    result: Exclude<DraftResult, { outcome: 'saved' }>,
  ) {
    if (result.outcome === 'notFound') {
      refuse(req, res);
    } else if (result.outcome === 'stale') {
      res.redirect(303, `/mina-sidor/ansokningar/${open.applicationId}`);
    } else {
      const typed = (req.body ?? {}) as Record<string, unknown>;
      render(req, res, open, {
        errors: [],
        typed,
        status: 409,
        stale: true,
        version: result.version,
      });
    }
  }

  return { refuse, openOf, fieldsBuild, render, renderSaved, notSaved };
}

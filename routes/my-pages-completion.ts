import { create as contentDisposition } from 'content-disposition';
import { Router, type Request, type Response } from 'express';
import {
  completionFields,
  typedDiffers,
  type CompletionFieldsBuild,
} from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { checkCsrfToken } from '../middleware/set-up-csrf';
import { hasMessage } from '../locales';
import type { Services } from '../services';
import { sanitiseFileName } from '../services/attachment-names';
import type { FileOutcome } from '../services/attachments';
import type { OpenCompletion } from '../services/completions';
import { longDate } from '../services/date-texts';
import { asciiFallback } from './application-attachments';
import { maxUploadBytes, uploadReader } from './attachment-upload';
import { limitTexts, UPLOAD_FIELD, UPLOAD_INPUT_ID, UPLOADED_LIST_ID } from './attachment-view';
import { requireUser } from './login-session';
import {
  applicantOf,
  COMPLETION_PATHS,
  dueText,
  typedAnswers,
  uploadsView,
  UUID,
} from './my-pages-completion-view';

export { completionNotices, isCompletionUpload } from './my-pages-completion-view';

/** The completion pages of Mina sidor: see what to fix, fix it, upload, send. */
export default function myPagesCompletionRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor/ansokningar/:id/komplettering', requireUser('applicant'));
  const { attachments, logger } = services;
  const readUpload = uploadReader(attachments.limits);
  const checkToken = checkCsrfToken(services.config);
  const bodyLimit = maxUploadBytes(attachments.limits);

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
      /** Shown again after a file was added or removed, with answers typed but not sent. */
      notSent?: boolean;
    },
  ) {
    const { t } = res.locals;
    const fields = completionFields(fieldsBuild(req, res, open, page));
    res.status(page.status ?? 200).render('my-pages/completion', {
      notSent: page.notSent ?? false,
      errors: page.errors,
      due: dueText(open.dueDate, req),
      requestedAt: longDate(open.requestedAt, req.language),
      message: open.message,
      answers: open.answers.map((answer) => ({
        ...answer,
        field: fields.find((field) => field.name === answer.path),
      })),
      missing: open.attachments,
      uploads:
        open.attachments.length > 0
          ? uploadsView(req, t, open, page.errors, attachments.limits)
          : undefined,
      action: COMPLETION_PATHS.page(open.applicationId),
      backHref: `/mina-sidor/ansokningar/${open.applicationId}`,
    });
  }

  /**
   * After a file was added or removed: back to the page by a redirect when it would show the
   * same answers; otherwise the page itself, with the answers as typed (they exist nowhere else).
   */
  async function afterFile(req: Request, res: Response, open: OpenCompletion) {
    const { typed, refused } = typedAnswers(
      req,
      open,
      swedishDay(services.clock.now()),
      res.locals.t,
    );
    const again = (await openOf(req)) ?? open;
    const notSent =
      typed !== undefined && typedDiffers(fieldsBuild(req, res, again, { errors: [], typed }));
    if (!notSent && refused.length === 0) {
      res.redirect(303, `${COMPLETION_PATHS.page(open.applicationId)}#${UPLOADED_LIST_ID}`);
      return;
    }
    render(req, res, again, {
      errors: refused,
      ...(typed ? { typed } : {}),
      notSent,
      status: refused.length > 0 ? 400 : 200,
    });
  }

  router.get('/mina-sidor/ansokningar/:id/komplettering', async (req, res) => {
    const open = await openOf(req);
    if (!open) {
      refuse(req, res);
      return;
    }
    render(req, res, open, { errors: [] });
  });

  router.post('/mina-sidor/ansokningar/:id/komplettering', async (req, res) => {
    const open = await openOf(req);
    if (!open) {
      refuse(req, res);
      return;
    }
    const posted = (req.body ?? {}) as Record<string, unknown>;
    const result = await services.completions.answer(
      applicantOf(req),
      open.applicationId,
      posted,
      req.language,
    );
    if (result.outcome === 'sent') {
      res.redirect(303, `/mina-sidor/ansokningar/${open.applicationId}?kompletterad=1`);
    } else if (result.outcome === 'invalid') {
      render(req, res, open, { errors: result.errors, typed: posted, status: 400 });
    } else if (result.outcome === 'stale') {
      res.redirect(303, `/mina-sidor/ansokningar/${open.applicationId}`);
    } else {
      refuse(req, res);
    }
  });

  router.post('/mina-sidor/ansokningar/:id/komplettering/ladda-upp', async (req, res, next) => {
    const open = await openOf(req);
    if (!open || open.attachments.length === 0 || !req.is('multipart/form-data')) {
      // Nothing is read of a body nobody asked for.
      refuse(req, res);
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > bodyLimit) {
      next(Object.assign(new Error('Upload larger than all files may be'), { status: 413 }));
      return;
    }
    const parsed = await readUpload(req, res);
    const tokenError = await new Promise<unknown>((resolve) => {
      checkToken(req, res, resolve);
    });
    if (tokenError) {
      next(tokenError);
      return;
    }
    const { t } = res.locals;
    const texts = limitTexts(attachments.limits, req.language);
    // The answers typed on the page came in the same form: shown again with any message.
    const { typed, refused: refusedTyped } = typedAnswers(
      req,
      open,
      swedishDay(services.clock.now()),
      t,
    );
    const kept = typed
      ? { typed, notSent: typedDiffers(fieldsBuild(req, res, open, { errors: [], typed })) }
      : {};
    const fail = (text: string, status: number) => {
      render(req, res, open, {
        errors: [...refusedTyped, { field: UPLOAD_FIELD, text, href: `#${UPLOAD_INPUT_ID}` }],
        status,
        ...kept,
      });
    };
    if (parsed.outcome === 'tooLarge') {
      const name = sanitiseFileName(parsed.originalName);
      fail(t('attachments.tooLargeNoneUploaded', { ...texts, name }), 413);
      return;
    }
    if (parsed.outcome === 'tooMany') {
      fail(t('attachments.tooManyAtOnce', texts), 413);
      return;
    }
    if (parsed.outcome === 'unreadable') {
      fail(t('attachments.unreadable'), 400);
      return;
    }
    if (parsed.files.length === 0) {
      fail(t('attachments.noFile'), 400);
      return;
    }
    const actor = applicantOf(req);
    const outcomes = await services.completions.upload(actor, open.applicationId, parsed.files);
    if (!outcomes) {
      refuse(req, res);
      return;
    }
    const refused = outcomes.filter(
      (outcome): outcome is Extract<FileOutcome, { outcome: 'refused' }> =>
        outcome.outcome === 'refused',
    );
    logger.info(
      {
        reqId: req.id,
        accountId: actor.userId,
        applicationId: open.applicationId,
        stored: outcomes.length - refused.length,
        refused: refused.map((outcome) => outcome.reason),
      },
      'completion files uploaded',
    );
    if (refused.length === 0) {
      await afterFile(req, res, open);
      return;
    }
    const again = (await openOf(req)) ?? open;
    const sizeOrCount = refused.some((outcome) => outcome.reason !== 'notAllowedType');
    render(req, res, again, {
      errors: [
        ...refusedTyped,
        ...refused.map((outcome) => ({
          field: UPLOAD_FIELD,
          text: t(`attachments.refused.${outcome.reason}`, { ...texts, name: outcome.name }),
          href: `#${UPLOAD_INPUT_ID}`,
        })),
      ],
      status: sizeOrCount ? 413 : 415,
      ...kept,
    });
  });

  router.get('/mina-sidor/ansokningar/:id/komplettering/filer/:fileId', async (req, res) => {
    const open = await openOf(req);
    const file =
      open && open.newFiles.some((one) => one.id === req.params.fileId)
        ? await attachments.open(applicantOf(req), open.applicationId, req.params.fileId)
        : undefined;
    if (!file) {
      refuse(req, res);
      return;
    }
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader(
      'Content-Disposition',
      contentDisposition(file.name, { type: 'attachment', fallback: asciiFallback(file.name) }),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(file.bytes);
  });

  router.post(
    '/mina-sidor/ansokningar/:id/komplettering/filer/:fileId/ta-bort',
    async (req, res) => {
      const open = await openOf(req);
      const removed =
        open && UUID.test(req.params.fileId)
          ? await services.completions.removeFile(
              applicantOf(req),
              open.applicationId,
              req.params.fileId,
            )
          : false;
      if (!open || !removed) {
        refuse(req, res);
        return;
      }
      // "Ta bort" is a button of the page's one form: the answers typed so far stay.
      await afterFile(req, res, open);
    },
  );

  return router;
}

import { Router, type Request, type Response } from 'express';
import { typedDiffers } from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { Services } from '../services';
import { sanitiseFileName } from '../services/attachment-names';
import type { FileOutcome } from '../services/attachments';
import type { OpenCompletion } from '../services/completions';
import { checkedUploadReader } from './attachment-upload';
import {
  limitTexts,
  refusalStatus,
  UPLOAD_FIELD,
  UPLOAD_INPUT_ID,
  UPLOADED_LIST_ID,
} from './attachment-view';
import { noteRemoved, noteUploaded, storedIds } from './file-status';
import { requireUser } from './login-session';
import { completionPage } from './my-pages-completion-page';
import { applicantOf, COMPLETION_PATHS, typedAnswers, UUID } from './my-pages-completion-view';
import { chosenFileNames, notUploadedError, postedVersion } from './upload-step-input';
import { sendDownload } from './file-download';

export { completionNotices, isCompletionUpload } from './my-pages-completion-view';

/** The completion pages of Mina sidor: see what to fix, fix it, upload, send. */
export default function myPagesCompletionRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor/ansokningar/:id/komplettering', requireUser('applicant'));
  const { attachments, logger } = services;
  const readCheckedUpload = checkedUploadReader(services, attachments.limits);

  const { refuse, openOf, fieldsBuild, render, renderSaved, notSaved } = completionPage(services);

  /**
   * Saves the answers a post of the page's one form carried beside "Ladda upp" or "Ta bort"
   * (marked by `_answers`): 'go' when saved or none came, else the reply has been given (a
   * second tab saved first: the page as typed with a notice, and the file left alone).
   */
  async function saveTyped(req: Request, res: Response, open: OpenCompletion) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body._answers === undefined) return 'go';
    const result = await services.completions.saveDraft(
      applicantOf(req),
      open.applicationId,
      body,
      postedVersion(body),
    );
    if (result.outcome === 'saved') return 'go';
    notSaved(req, res, open, result);
    return 'answered';
  }

  /**
   * After a file was added or removed (the typed answers saved with it): back to the page by a
   * redirect, or the page itself when a typed value could not be kept (too long, invisible
   * characters), shown as typed with its message.
   */
  async function afterFile(req: Request, res: Response, open: OpenCompletion) {
    const { typed, refused } = typedAnswers(
      req,
      open,
      swedishDay(services.clock.now()),
      res.locals.t,
    );
    if (!typed || refused.length === 0) {
      res.redirect(303, `${COMPLETION_PATHS.page(open.applicationId)}#${UPLOADED_LIST_ID}`);
      return;
    }
    const again = (await openOf(req)) ?? open;
    const notSent = typedDiffers(fieldsBuild(req, res, again, { errors: [], typed }));
    render(req, res, again, { errors: refused, typed, notSent, status: 400 });
  }

  router.get('/mina-sidor/ansokningar/:id/komplettering', async (req, res) => {
    const open = await openOf(req);
    if (!open) {
      // Their own sent application with nothing asked (sent already, or the link is old): the
      // application's page says so. Anyone else's, or none: 404.
      const id = req.params.id;
      const own =
        UUID.test(id) &&
        (await services.caseMessages.mayWriteAsApplicant(applicantOf(req).userId, id));
      if (own) res.redirect(303, `/mina-sidor/ansokningar/${id}?komplettering=ingen`);
      else refuse(req, res);
      return;
    }
    renderSaved(req, res, open, req.query.sparad === '1');
  });

  router.post('/mina-sidor/ansokningar/:id/komplettering', async (req, res) => {
    const open = await openOf(req);
    if (!open) {
      refuse(req, res);
      return;
    }
    const posted = (req.body ?? {}) as Record<string, unknown>;
    const actor = applicantOf(req);
    const seenVersion = postedVersion(posted);
    const notUploaded = chosenFileNames(posted);
    if (posted._action === 'spara' || notUploaded.length > 0) {
      // "Spara": kept, not sent; back to the page as saved, or as typed if a value was refused.
      // "Skicka" with a file chosen but not uploaded: kept too, as nothing can be added once sent.
      const saved = await services.completions.saveDraft(
        actor,
        open.applicationId,
        posted,
        seenVersion,
      );
      if (saved.outcome !== 'saved') {
        notSaved(req, res, open, saved);
        return;
      }
      const { refused } = typedAnswers(req, open, swedishDay(services.clock.now()), res.locals.t);
      const fileErrors =
        notUploaded.length === 0 ? [] : [notUploadedError(res.locals.t, notUploaded)];
      if (refused.length === 0 && fileErrors.length === 0) {
        res.redirect(303, `${COMPLETION_PATHS.page(open.applicationId)}?sparad=1`);
        return;
      }
      const notSent = typedDiffers(fieldsBuild(req, res, open, { errors: [], typed: posted }));
      render(req, res, open, {
        errors: [...refused, ...fileErrors],
        typed: posted,
        notSent,
        status: 400,
        version: saved.version,
      });
      return;
    }
    const result = await services.completions.answer(
      actor,
      open.applicationId,
      posted,
      req.language,
      seenVersion,
    );
    if (result.outcome === 'sent') {
      res.redirect(303, `/mina-sidor/ansokningar/${open.applicationId}?kompletterad=1`);
    } else if (result.outcome === 'invalid') {
      render(req, res, open, {
        errors: result.errors,
        typed: posted,
        status: 400,
        version: result.version,
      });
    } else {
      notSaved(req, res, open, result);
    }
  });

  router.post('/mina-sidor/ansokningar/:id/komplettering/ladda-upp', async (req, res, next) => {
    const open = await openOf(req);
    if (!open || open.attachments.length === 0 || !req.is('multipart/form-data')) {
      // Nothing is read of a body nobody asked for.
      refuse(req, res);
      return;
    }
    const parsed = await readCheckedUpload(req, res, next);
    if (!parsed) return;
    // The answers typed on the page came in the same form: saved first, and shown again with
    // any message. When another tab saved first, neither they nor the file are stored.
    if ((await saveTyped(req, res, open)) === 'answered') return;
    const { t } = res.locals;
    const texts = limitTexts(attachments.limits, req.language);
    const { typed, refused: refusedTyped } = typedAnswers(
      req,
      open,
      swedishDay(services.clock.now()),
      t,
    );
    const current = (await openOf(req)) ?? open;
    const kept = typed
      ? { typed, notSent: typedDiffers(fieldsBuild(req, res, current, { errors: [], typed })) }
      : {};
    const fail = (text: string, status: number) => {
      render(req, res, current, {
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
    // Said on the page shown next, this one or the one redirected to.
    noteUploaded(req, open.applicationId, storedIds(outcomes));
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
    const again = (await openOf(req)) ?? current;
    render(req, res, again, {
      errors: [
        ...refusedTyped,
        ...refused.map((outcome) => ({
          field: UPLOAD_FIELD,
          text: t(`attachments.refused.${outcome.reason}`, { ...texts, name: outcome.name }),
          href: `#${UPLOAD_INPUT_ID}`,
        })),
      ],
      status: refusalStatus(refused.map((outcome) => outcome.reason)),
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
    sendDownload(res, file);
  });

  router.post(
    '/mina-sidor/ansokningar/:id/komplettering/filer/:fileId/ta-bort',
    async (req, res) => {
      const open = await openOf(req);
      const listed = open?.newFiles.some((file) => file.id === req.params.fileId) ?? false;
      // The answers typed so far are saved first; a second tab's newer draft stops it all.
      if (open && listed && (await saveTyped(req, res, open)) === 'answered') return;
      const removed =
        open && listed && UUID.test(req.params.fileId)
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
      noteRemoved(req, open.applicationId, removed);
      await afterFile(req, res, open);
    },
  );

  return router;
}

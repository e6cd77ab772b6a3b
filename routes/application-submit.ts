import { Router } from 'express';
import type { Services } from '../services';
import { actorOf } from './actor';
import { formOf } from './application-draft';
import { journeyPaths } from './application-paths';
import { correctionPath } from './application-steps';
import { requireUser } from './login-session';

export function receiptPath(applicationId: string): string {
  return `/mina-sidor/ansokningar/${applicationId}`;
}

/** Sending an applicant's own draft electronically: POST /ansokan/:form/skicka. */
export function applicationSubmitRoutes(services: Services): Router {
  const router = Router({ mergeParams: true });

  router.post('/skicka', requireUser('applicant'), async (req, res) => {
    const form = formOf(res);
    const actor = actorOf(req);
    const user = req.session.user;
    const id = req.session.drafts?.[form.id];
    const record =
      id && actor.kind === 'applicant' ? await services.applications.find(actor, id) : undefined;
    if (!record || actor.kind !== 'applicant' || !user) {
      res.redirect(303, journeyPaths(form).start);
      return;
    }
    if (record.status !== 'draft') {
      // Sent already (a double click, a second tab): the same receipt. The session keeps the
      // id, so every one of several parallel posts finds it; the journey shows drafts only.
      res.redirect(303, receiptPath(record.id));
      return;
    }
    const version = Number((req.body as Record<string, unknown> | undefined)?._version);
    const account = await services.accounts.find(user.accountId);
    const result = await services.submissions.submit(
      actor,
      record,
      version,
      user.method,
      account?.personnummer ?? '',
    );
    if (result.outcome === 'notYou') {
      services.logger.warn(
        { reqId: req.id, accountId: user.accountId, applicationId: record.id },
        'submission refused: the answers name another applicant',
      );
      res.redirect(303, `${journeyPaths(record.form).review}?fel=identitet`);
      return;
    }
    if (result.outcome === 'incomplete') {
      res.redirect(303, correctionPath(record.form, record.draft));
      return;
    }
    if (result.outcome === 'stale') {
      res.redirect(303, `${journeyPaths(record.form).review}?andrad=1`);
      return;
    }
    if (result.outcome === 'submitted') {
      services.logger.info(
        { reqId: req.id, accountId: user.accountId, applicationId: record.id },
        'application submitted',
      );
    }
    res.redirect(303, `${receiptPath(record.id)}?skickad=1`);
  });

  return router;
}

import { Router, type Request, type Response } from 'express';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import type { MessageKey, Translate } from '../locales';
import { renewSessionId } from '../middleware/set-up-session';
import { dateTime, longDate } from '../services/date-texts';
import type { Services } from '../services';
import type { Actor } from '../services/application-service';
import type { ApplicationRecord } from '../services/application-records';
import { ownIdentity } from './application-draft';
import { journeyPaths } from './application-paths';
import { resumePath } from './application-steps';
import { receiptPath } from './application-submit';
import { confirmPath } from './co-applicant';
import { caseUntouched, coApplicantView, type CoApplicantView } from './co-applicant-view';
import { applicantDecisionView } from './my-pages-decision';
import { requireUser } from './login-session';
import { myMessagesView, unreadMessagesOf } from './my-pages-messages';
import myPagesCompletionRoutes, { completionNotices } from './my-pages-completion';

type Applicant = Extract<Actor, { kind: 'applicant' }>;

/**
 * The status as the applicant reads it. While the medsökande has not acted, it reads the same
 * whether they have an account (the row waits) or not (it is in, with a paper signature
 * outstanding): the applicant is not told whether another person has an account here.
 */
function statusText(status: string, coApplicant: CoApplicantView | undefined, t: Translate) {
  // Once a caseworker has moved the case on, its real status says nothing about the partner.
  if (coApplicant?.state === 'waiting' && caseUntouched(status)) {
    return t('status.vantar-medsokande');
  }
  return t(`status.${status}` as MessageKey);
}

/** Few enough codes left that the applicant should ask for a new list in time. */
const FEW_CODES = 5;

function applicantOf(req: Request): Applicant {
  const user = req.session.user;
  if (user?.kind !== 'applicant') throw new Error('Mina sidor ran without a logged-in applicant');
  return { kind: 'applicant', userId: user.accountId };
}

/** Mina sidor: the logged-in applicant's drafts and sent applications. */
export default function myPagesRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor', requireUser('applicant'));
  router.use(myPagesCompletionRoutes(services));

  /** Someone else's application, or none: the same 404 either way, and a line in the log (SEC-14). */
  function refuse(req: Request, res: Response) {
    services.logger.warn(
      { reqId: req.id, accountId: req.session.user?.accountId, path: req.path },
      "application refused: not the visitor's own",
    );
    res.status(404).render('pages/not-found');
  }

  async function own(req: Request, id: unknown): Promise<ApplicationRecord | undefined> {
    return typeof id === 'string' ? services.applications.find(applicantOf(req), id) : undefined;
  }

  router.get('/mina-sidor', async (req, res) => {
    const actor = applicantOf(req);
    const account = await services.accounts.find(actor.userId);
    if (!account) throw new Error('A logged-in applicant has no account');
    const records = await services.applications.ownedBy(actor);
    const t = res.locals.t;
    const drafts = records
      .filter((record) => record.status === 'draft')
      .map((record) => ({
        id: record.id,
        title: record.form.hooks.title(record.draft.values, t),
        savedAt: dateTime(new Date(record.updatedAt), req.language),
        offered: req.query.fortsatt === record.id,
      }));
    const sent = [];
    for (const record of records.filter((one) => one.status !== 'draft')) {
      const receipt = await services.submissions.receipt(actor, record.id);
      const coApplicant = await coApplicantView(services, record, t, req.language);
      sent.push({
        id: record.id,
        title: record.form.hooks.title(record.draft.values, t),
        receiptNumber: receipt?.receiptNumber ?? '',
        submittedAt: receipt ? dateTime(receipt.submittedAt, req.language) : '',
        status: statusText(record.status, coApplicant, t),
        href: receiptPath(record.id),
        coApplicant,
        ...(await applicantDecisionView(services, actor.userId, record.id, t, req.language)),
        ...(await unreadMessagesOf(services, req, record.id)),
      });
    }
    const toConfirm = (await services.coApplicants.waitingFor(actor.userId, req.language)).map(
      (application) => ({
        ...application,
        submittedAt: dateTime(application.submittedAt, req.language),
        href: confirmPath(application.applicationId),
      }),
    );
    const codesLeft = await services.login.codesLeft(account);
    res.render('my-pages/index', {
      name: account.name,
      drafts,
      sent,
      toConfirm,
      offered: drafts.find((draft) => draft.offered),
      canCarryOver: sent.length > 0,
      fewCodes: codesLeft <= FEW_CODES ? codesLeft : undefined,
      deleted: req.query.raderat === '1',
      otherDraftDeleted: req.query['annans-utkast'] === 'raderat',
      activated: req.query.aktiverad === '1',
      ...(await completionNotices(services, req, records, (one) =>
        one.form.hooks.title(one.draft.values, t),
      )),
    });
  });

  // Choosing which draft to work on is remembered in the session, so it is a POST.
  router.post('/mina-sidor/ansokningar/:id/fortsatt', async (req, res) => {
    const record = await own(req, req.params.id);
    if (!record || record.status !== 'draft') {
      refuse(req, res);
      return;
    }
    req.session.drafts = { ...req.session.drafts, [record.form.id]: record.id };
    res.redirect(303, resumePath(record.form, record.draft));
  });

  // "Ta bort": a page that asks first, then the post that deletes the draft and its files.
  router.get('/mina-sidor/ansokningar/:id/ta-bort', async (req, res) => {
    const record = await own(req, req.params.id);
    if (!record || record.status !== 'draft') {
      refuse(req, res);
      return;
    }
    res.render('my-pages/delete-draft', {
      title: record.form.hooks.title(record.draft.values, res.locals.t),
      action: `/mina-sidor/ansokningar/${record.id}/ta-bort`,
    });
  });

  router.post('/mina-sidor/ansokningar/:id/ta-bort', async (req, res) => {
    const record = await own(req, req.params.id);
    if (!record || record.status !== 'draft') {
      refuse(req, res);
      return;
    }
    if (!(await services.applications.deleteDraft(record))) {
      // Sent from another tab meanwhile: it is an application now, and stays.
      res.redirect(303, `/mina-sidor/ansokningar/${record.id}`);
      return;
    }
    const drafts = { ...req.session.drafts };
    if (drafts[record.form.id] === record.id) Reflect.deleteProperty(drafts, record.form.id);
    req.session.drafts = drafts;
    res.redirect(303, '/mina-sidor?raderat=1');
  });

  router.post('/mina-sidor/ny-ansokan', async (req, res) => {
    const actor = applicantOf(req);
    const form = services.forms.defaultForm;
    const municipalityCode = req.session.municipalityCode;
    if (!municipalityCode) {
      res.redirect(303, '/kommun');
      return;
    }
    const records = await services.applications.ownedBy(actor);
    const open = records.find((record) => record.status === 'draft' && record.form.id === form.id);
    if (open) {
      req.session.drafts = { ...req.session.drafts, [form.id]: open.id };
      res.redirect(303, resumePath(open.form, open.draft));
      return;
    }
    const previous = records.find(
      (record) => record.status !== 'draft' && record.form.id === form.id,
    );
    const carry = (req.body as Record<string, unknown> | undefined)?.utga === 'forra';
    await renewSessionId(req, services);
    const record =
      carry && previous
        ? await services.applications.startFrom(actor, previous, municipalityCode)
        : await services.applications.start(
            actor,
            form,
            municipalityCode,
            await ownIdentity(req, services, form),
          );
    req.session.drafts = { ...req.session.drafts, [form.id]: record.id };
    const first = journeyPaths(record.form).step(record.form.steps[0]?.id ?? '');
    res.redirect(303, carry && previous ? `${first}?forra=1` : first);
  });

  router.get('/mina-sidor/ansokningar/:id', async (req, res) => {
    const actor = applicantOf(req);
    const record = await own(req, req.params.id);
    const receipt = record && (await services.submissions.receipt(actor, record.id));
    if (!record || !receipt) {
      refuse(req, res);
      return;
    }
    const municipality = await services.municipalities.find(receipt.municipalityCode);
    const coApplicant = await coApplicantView(services, record, res.locals.t, req.language);
    // What the answers call for and was not ticked as sent: said here, not in a request later.
    const missingPapers = (services.applications.review(record, req.language)?.attachments ?? [])
      .filter((paper) => paper.needed === true && !paper.enclosed)
      .map((paper) => paper.label);
    // The files sent with the application (not those sent later with a message or a completion).
    const sentFiles = await services.submissions.sentFileNames(actor, record.id);
    const completionFiles = await services.submissions.completionFileNames(actor, record.id);
    res.render('my-pages/receipt', {
      title: record.form.hooks.title(record.draft.values, res.locals.t),
      receipt,
      submittedAt: dateTime(receipt.submittedAt, req.language),
      status: statusText(record.status, coApplicant, res.locals.t),
      target: municipality,
      justSent: req.query.skickad === '1',
      // Back from the receipt to the review page of an application that is sent.
      alreadySent: req.query.redan === '1',
      missingPapers,
      sentFiles,
      completionFiles,
      copyHref: `${receiptPath(record.id)}/kopia.pdf`,
      coApplicant,
      ...(await applicantDecisionView(
        services,
        actor.userId,
        record.id,
        res.locals.t,
        req.language,
      )),
      ...(await myMessagesView(services, req, res, record.id)),
      completed: req.query.kompletterad === '1',
      // What was asked before and answered: the request's own page is gone once it is sent.
      answeredCompletions: (await services.completions.answeredOf(actor, record.id)).map(
        (answered) => ({
          text: res.locals.t('receipt.completions.item', {
            requested: longDate(answered.requestedAt, req.language),
            answered: longDate(answered.answeredAt, req.language),
          }),
          message: answered.message,
        }),
      ),
      noCompletion: req.query.komplettering === 'ingen',
      ...(await completionNotices(services, req, [record], () => '')),
    });
  });

  router.get(
    '/mina-sidor/ansokningar/:id/kopia.pdf',
    limitPdfDownloads(services),
    async (req, res) => {
      const actor = applicantOf(req);
      const id = String(req.params.id);
      const pdf = await services.submissions.copy(actor, id);
      if (!pdf) {
        refuse(req, res);
        return;
      }
      services.logger.info(
        { reqId: req.id, accountId: actor.userId, applicationId: id },
        'copy downloaded',
      );
      // Named for its month, as the printout is: two months' copies never meet as "(1)".
      const record = await services.applications.find(actor, id);
      const name = record
        ? record.form.hooks.fileName(record.draft.values).replace(/\.pdf$/, '-kopia.pdf')
        : 'ansokan-kopia.pdf';
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.send(pdf);
    },
  );

  return router;
}

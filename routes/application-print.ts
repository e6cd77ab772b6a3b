import { Router, type Request, type Response } from 'express';
import { formatMonth } from '../forms/format';
import { newDraft } from '../forms/journey';
import { hasMessage, type Language, type MessageKey, type Translate } from '../locales';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import { clearSessionCookies } from '../middleware/set-up-session';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import { longDate } from '../services/date-texts';
import { currentDraft, forgetDraft, formOf, sentSinceOpened } from './application-draft';
import { journeyPaths } from './application-paths';
import { correctionPath } from './application-steps';
import { receiptPath } from './application-submit';
import { reviewUploads } from './attachment-view';

/** The review, the PDF and the after-print page need every visible step done. */
async function completeDraft(
  req: Request,
  res: Response,
  services: Services,
): Promise<ApplicationRecord | undefined> {
  const latest = formOf(res);
  const record = await currentDraft(req, services, latest);
  const sent = record ? undefined : await sentSinceOpened(req, services, latest);
  if (sent) {
    res.redirect(303, `${receiptPath(sent)}?redan=1`);
    return undefined;
  }
  if (!record || !services.applications.isComplete(record)) {
    const form = record?.form ?? latest;
    res.redirect(303, correctionPath(form, record?.draft ?? newDraft(form)));
    return undefined;
  }
  return record;
}

/**
 * Sent for this month already (a second tab, or "Ny ansökan med svaren från din senaste ansökan"
 * without changing the month): said before the button, with the earlier receipt.
 */
async function sameMonthWarning(
  services: Services,
  record: ApplicationRecord,
  t: Translate,
  language: Language,
): Promise<string | undefined> {
  const earlier = await services.applications.sentForSamePeriod(record);
  const period = record.form.hooks.period?.(record.draft.values);
  const [first] = earlier;
  if (!first || !period) return undefined;
  return t('submit.sameMonth', {
    period: formatMonth(period, t),
    receipt: first.receiptNumber,
    date: longDate(first.submittedAt, language),
  });
}

/** Review, print and cancel pages of any form: /ansokan/:form/granska, /klar, /ansokan.pdf, /avbryt. */
export function applicationPrintRoutes(services: Services): Router {
  const router = Router({ mergeParams: true });

  router.get('/granska', async (req, res) => {
    const record = await completeDraft(req, res, services);
    if (!record) return;
    const review = services.applications.review(record, req.language);
    // An applicant's own draft is sent from here; an anonymous one is printed.
    const municipality = await services.municipalities.find(record.municipalityCode);
    // Named before sending: the medsökande must confirm or sign too (told again on the receipt).
    const coApplicant = record.form.hooks.coApplicant?.(record.draft.values);
    const submit =
      record.ownerId !== null && municipality
        ? {
            version: record.rowVersion,
            municipalityName: municipality.name,
            coApplicantName: coApplicant?.name,
            sameMonth: await sameMonthWarning(services, record, res.locals.t, req.language),
          }
        : undefined;
    res.render('application/review', {
      review,
      submit,
      uploads: await reviewUploads(req, services, record),
      notYou: submit !== undefined && req.query.fel === 'identitet',
      // Sent from a page older than a change (another tab): not sent, and said so.
      changedMeanwhile: submit !== undefined && req.query.andrad === '1',
      identityStep: record.form.hooks.applicantIdentity?.stepId,
      paths: journeyPaths(record.form),
      // A step may say what no answers mean ("Inga kostnader …"); else the general words.
      emptyText: (stepId: string) => {
        const own = `${record.form.messagePrefix}.${stepId}.reviewEmpty`;
        return res.locals.t(hasMessage(req.language, own) ? (own as MessageKey) : 'review.empty');
      },
    });
  });

  router.get('/klar', async (req, res) => {
    const record = await completeDraft(req, res, services);
    if (!record) return;
    const review = services.applications.review(record, req.language);
    res.render('application/done', {
      // Where this draft goes: the record's municipality, the one the applicant chose last.
      target: await services.municipalities.find(record.municipalityCode),
      enclosed: (review?.attachments ?? []).filter((attachment) => attachment.enclosed),
      // What the answers call for but is not ticked: said now, not in a completion request later.
      missing: (review?.attachments ?? []).filter(
        (attachment) => attachment.needed === true && !attachment.enclosed,
      ),
      paths: journeyPaths(record.form),
    });
  });

  router.get('/ansokan.pdf', limitPdfDownloads(services), async (req, res) => {
    const record = await completeDraft(req, res, services);
    if (!record) return;
    const printout = services.applications.print(record);
    const municipality = await services.municipalities.find(record.municipalityCode);
    if (!printout || !municipality) {
      res.redirect(303, '/kommun');
      return;
    }
    // The same draft, unchanged, gets the PDF made a moment ago.
    const pdf = await services.pdfRenderer.renderApplication(printout, record.form, municipality);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${printout.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  });

  router.get('/avbryt', (req, res) => {
    const form = formOf(res);
    const paths = journeyPaths(form);
    // Back to the step the applicant came from, if it names one; else where the form resumes.
    const from = form.steps.find((step) => step.id === req.query.fran);
    res.render('application/cancel', { paths, keepHref: from ? paths.step(from.id) : paths.start });
  });

  // Deleting the session deletes its anonymous drafts with it, in one transaction.
  router.post('/avbryt', async (req, res, next) => {
    const form = formOf(res);
    const record = await currentDraft(req, services, form);
    if (record) await services.applications.deleteDraft(record);
    if (req.session.user) {
      // A logged-in applicant stays logged in: only the draft goes.
      forgetDraft(req, form.id);
      res.redirect(303, '/mina-sidor?raderat=1');
      return;
    }
    req.session.destroy((error: unknown) => {
      if (error) {
        next(error);
        return;
      }
      clearSessionCookies(res, services.config.secureCookies);
      res.redirect(303, '/?raderat=1');
    });
  });

  return router;
}

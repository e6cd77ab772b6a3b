import { Router } from 'express';
import { formatOre } from '../forms/format';
import type { Language, Translate } from '../locales';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import { receiptPath } from './application-submit';
import { sendDownload } from './file-download';
import { requireUser } from './login-session';

export const decisionLetterPath = (applicationId: string) =>
  `${receiptPath(applicationId)}/beslut.pdf`;

/**
 * The decision on the applicant's own application, for Mina sidor and the receipt page: spread
 * into their renders as `decision` (undefined until there is one, or if it is not theirs).
 */
export async function applicantDecisionView(
  services: Services,
  applicantId: string,
  applicationId: string,
  t: Translate,
  language: Language,
) {
  const decision = await services.decisions.ofApplicant(applicantId, applicationId);
  return {
    decision: decision && {
      text: t(`decision.myPages.outcome.${decision.outcome}`, {
        // Never "11" at the end of one line and "989,50 kr" on the next.
        payable: formatOre(decision.payableOre).replace(/ /g, '\u00a0'),
      }),
      date: t('decision.myPages.date', { date: dateTime(decision.decidedAt, language) }),
      letterHref: decisionLetterPath(applicationId),
    },
  };
}

/** The decision letter for the applicant; someone else's (or none) is the same 404 (SEC-14). */
export default function myPagesDecisionRoutes(services: Services): Router {
  const router = Router();
  router.get(
    '/mina-sidor/ansokningar/:id/beslut.pdf',
    requireUser('applicant'),
    limitPdfDownloads(services),
    async (req, res) => {
      const accountId = req.session.user?.accountId ?? '';
      const id = String(req.params.id);
      const letter = /^[0-9a-f-]{36}$/.test(id)
        ? await services.decisions.letterForApplicant(accountId, id, req.id)
        : undefined;
      if (!letter) {
        services.logger.warn(
          { reqId: req.id, accountId, path: req.path },
          "decision letter refused: not the visitor's own, or none yet",
        );
        res.status(404).render('pages/not-found');
        return;
      }
      // Named for the month decided, so a phone's downloads hold "beslut-2026-11.pdf" and
      // "beslut-2026-12.pdf", not "beslut.pdf" and "beslut (1).pdf".
      const record = await services.applications.find({ kind: 'applicant', userId: accountId }, id);
      const period = record?.form.hooks.period?.(record.draft.values);
      sendDownload(res, {
        name: period ? `beslut-${period}.pdf` : 'beslut.pdf',
        mediaType: 'application/pdf',
        bytes: letter,
      });
    },
  );
  return router;
}

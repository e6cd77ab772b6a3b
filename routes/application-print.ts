import { Router, type Request, type Response } from 'express';
import { ATTACHMENTS, ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import { formatOre } from '../forms/format';
import { firstIncompleteStep, visibleSteps } from '../forms/journey';
import { summarize } from '../forms/summary';
import { answerText } from '../forms/values';
import { translator, type MessageKey, type Translate } from '../locales';
import type { Services } from '../services';
import { estimateForDraft } from '../services/application-estimate';
import { writeApplicationPdf } from '../services/application-pdf';
import { encodeAnswers, qrPng } from '../services/paper-qr';
import { draftOf, resumePath } from './application';

const form = ekonomisktBistand;

/** The review, the PDF and the after-print page need every visible step done. */
function completeDraft(req: Request, res: Response) {
  const draft = draftOf(req);
  if (firstIncompleteStep(form, draft)) {
    res.redirect(303, resumePath(draft));
    return undefined;
  }
  return draft;
}

function estimateView(draft: ReturnType<typeof draftOf>) {
  const estimate = estimateForDraft(draft);
  return {
    ...estimate,
    personal: formatOre(estimate.personalCostsOre),
    common: formatOre(estimate.commonCostsOre),
    costs: formatOre(estimate.costsOre),
    income: formatOre(estimate.incomeOre),
    need: formatOre(estimate.needOre),
  };
}

export default function applicationPrintRoutes({ municipalities }: Services): Router {
  const router = Router();

  router.get('/ansokan/granska', (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    res.render('application/review', {
      sections: summarize(form, draft, res.locals.t as Translate),
      estimate: estimateView(draft),
    });
  });

  router.get('/ansokan/klar', async (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    const t = res.locals.t as Translate;
    const enclosed = (draft.values.bilagor?.enclosed ?? []) as string[];
    res.render('application/done', {
      target: await municipalities.find(req.session.municipalityCode ?? ''),
      attachments: ATTACHMENTS.map((value) => ({
        label: t(`eb.bilagor.enclosed.option.${value}` as MessageKey),
        enclosed: enclosed.includes(value),
      })),
    });
  });

  router.get('/ansokan/ansokan.pdf', async (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    const municipality = await municipalities.find(req.session.municipalityCode ?? '');
    if (!municipality) {
      res.redirect(303, '/kommun');
      return;
    }
    // The paper goes to the municipality: it is always in Swedish.
    const t = translator('sv');
    const values = draft.values;
    const name = (stepId: string) =>
      `${answerText(values, stepId, 'firstName')} ${answerText(values, stepId, 'lastName')}`.trim();
    const withPartner = visibleSteps(form, draft).some((step) => step.id === 'medsokande');
    const enclosed = (values.bilagor?.enclosed ?? []) as string[];
    const codes = encodeAnswers({ formId: form.id, formVersion: form.version, values });
    const period = answerText(values, 'period', 'period');

    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="ansokan-ekonomiskt-bistand-${period}.pdf"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    writeApplicationPdf(res, {
      municipality,
      period,
      sections: summarize(form, draft, t),
      estimate: estimateForDraft(draft),
      declaration: t('eb.intygande.statement'),
      signers: withPartner ? [name('om-dig'), name('medsokande')] : [name('om-dig')],
      attachments: ATTACHMENTS.map((value) => ({
        label: t(`eb.bilagor.enclosed.option.${value}` as MessageKey),
        enclosed: enclosed.includes(value),
      })),
      qrCodes: await Promise.all(codes.map(qrPng)),
      t,
    });
  });

  router.get('/ansokan/avbryt', (_req, res) => {
    res.render('application/cancel');
  });

  router.post('/ansokan/avbryt', (req, res, next) => {
    req.session.destroy((error: unknown) => {
      if (error) {
        next(error);
        return;
      }
      res.clearCookie('portal.sid', { path: '/' });
      res.redirect(303, '/?raderat=1');
    });
  });

  return router;
}

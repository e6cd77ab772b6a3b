import { Router, type Request, type Response } from 'express';
import { ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import { formatOre } from '../forms/format';
import { firstIncompleteStep } from '../forms/journey';
import { summarize } from '../forms/summary';
import type { Translate } from '../locales';
import { SESSION_COOKIE } from '../middleware/set-up-session';
import { estimateForDraft } from '../services/application-estimate';
import { attachmentChecklist, paperApplication } from '../services/application-print';
import type { Services } from '../services';
import type { Municipality } from '../services/municipalities';
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

/** Looked up once per request by setUpViewLocals, for the header; reused here. */
function chosenMunicipality(res: Response): Municipality | undefined {
  return res.locals.municipality as Municipality | undefined;
}

export default function applicationPrintRoutes({ pdfRenderer }: Services): Router {
  const router = Router();

  router.get('/ansokan/granska', (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    res.render('application/review', {
      sections: summarize(form, draft, res.locals.t as Translate),
      estimate: estimateView(draft),
    });
  });

  router.get('/ansokan/klar', (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    res.render('application/done', {
      target: chosenMunicipality(res),
      attachments: attachmentChecklist(draft, res.locals.t as Translate),
    });
  });

  router.get('/ansokan/ansokan.pdf', async (req, res) => {
    const draft = completeDraft(req, res);
    if (!draft) return;
    const municipality = chosenMunicipality(res);
    if (!municipality) {
      res.redirect(303, '/kommun');
      return;
    }
    const content = paperApplication(draft, municipality);
    const pdf = await pdfRenderer.render(content);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="ansokan-ekonomiskt-bistand-${content.period}.pdf"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
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
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/?raderat=1');
    });
  });

  return router;
}

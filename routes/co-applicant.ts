import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { groupDigits } from '../forms/format';
import { withoutRefusedCharacters } from '../forms/read-input';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import type { ApplicationToConfirm } from '../services/co-applicants';
import { requireUser } from './login-session';

/** Short: a reason for the applicant and the caseworker, not a second application. */
export const DECLINE_MESSAGE_MAX = 500;
const MESSAGE_FIELD = 'meddelande';

export function confirmPath(applicationId: string): string {
  return `/mina-sidor/bekrafta/${applicationId}`;
}

function accountIdOf(req: Request): string {
  const user = req.session.user;
  if (user?.kind !== 'applicant') throw new Error('A co-applicant page ran without an applicant');
  return user.accountId;
}

/**
 * The medsökande's side: read the application that names them and confirm it, or say it is
 * not right; and the owner's paper form for a medsökande without an account.
 */
export default function coApplicantRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor', requireUser('applicant'));

  /** Only the account the application names as medsökande sees it; anyone else, 404 (SEC-14). */
  async function toConfirm(req: Request, res: Response) {
    const accountId = accountIdOf(req);
    const id = req.params.id;
    const view =
      typeof id === 'string'
        ? await services.coApplicants.toConfirm(accountId, id, req.language)
        : undefined;
    if (!view) {
      services.logger.warn(
        { reqId: req.id, accountId, applicationId: id },
        'co-applicant: no such application for this account',
      );
      renderNone(res, 'confirm');
    }
    return view;
  }

  async function render(
    res: Response,
    view: ApplicationToConfirm,
    form: { errors: FieldError[]; message: string } = { errors: [], message: '' },
  ) {
    const municipality = await services.municipalities.find(view.municipalityCode);
    const { status } = view;
    res.status(form.errors.length > 0 ? 400 : 200).render('my-pages/confirm', {
      view,
      submittedAt: dateTime(view.submittedAt, res.req.language),
      target: municipality,
      decidedAt: status.decidedAt ? dateTime(status.decidedAt, res.req.language) : undefined,
      action: confirmPath(view.applicationId),
      errors: form.errors,
      message: form.message,
      messageMax: DECLINE_MESSAGE_MAX,
    });
  }

  router.get('/mina-sidor/bekrafta/:id', async (req, res) => {
    const view = await toConfirm(req, res);
    if (view) await render(res, view);
  });

  router.post('/mina-sidor/bekrafta/:id/ja', async (req, res) => {
    const accountId = accountIdOf(req);
    const view = await toConfirm(req, res);
    if (!view) return;
    const result = await services.coApplicants.confirm(accountId, view.applicationId);
    if (result === 'decided') {
      services.logger.info(
        { reqId: req.id, accountId, applicationId: view.applicationId },
        'co-applicant confirmed',
      );
    }
    // Decided already (a double click, a second tab): the page shows what was decided.
    res.redirect(303, confirmPath(view.applicationId));
  });

  router.post('/mina-sidor/bekrafta/:id/nej', async (req, res) => {
    const accountId = accountIdOf(req);
    const view = await toConfirm(req, res);
    if (!view) return;
    if (view.status.state !== 'waiting') {
      res.redirect(303, confirmPath(view.applicationId));
      return;
    }
    const read = readMessage(req.body, res.locals.t);
    if (read.error) {
      await render(res, view, { errors: [read.error], message: read.shown });
      return;
    }
    const result = await services.coApplicants.decline(accountId, view.applicationId, read.value);
    if (result === 'decided') {
      services.logger.info(
        { reqId: req.id, accountId, applicationId: view.applicationId },
        'co-applicant declined',
      );
    }
    res.redirect(303, confirmPath(view.applicationId));
  });

  router.get(
    '/mina-sidor/ansokningar/:id/underskrift.pdf',
    limitPdfDownloads(services),
    async (req, res) => {
      const accountId = accountIdOf(req);
      const id = req.params.id;
      const pdf =
        typeof id === 'string'
          ? await services.coApplicants.signatureForm(accountId, id)
          : undefined;
      if (!pdf) {
        services.logger.warn(
          { reqId: req.id, accountId, applicationId: id },
          'co-applicant signature form: not found',
        );
        renderNone(res, 'signature');
        return;
      }
      services.logger.info(
        { reqId: req.id, accountId, applicationId: id },
        'co-applicant signature form downloaded',
      );
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', 'attachment; filename="underskrift-medsokande.pdf"');
      res.send(pdf);
    },
  );

  return router;
}

/**
 * Nothing here for this applicant (no such application, someone else's, or one without a
 * medsökande): a 404 that says so in plain words and leads back to Mina sidor. It reads the
 * same whichever it is, so it tells nobody whether another person's application exists (SEC-14).
 */
function renderNone(res: Response, what: 'confirm' | 'signature'): void {
  res.status(404).render('my-pages/co-applicant-none', {
    title: what === 'confirm' ? 'coApplicant.none.title' : 'coApplicant.none.signatureTitle',
    text: what === 'confirm' ? 'coApplicant.none.text' : 'coApplicant.none.signatureText',
  });
}

/** The reason for declining: required, short, and free of invisible control characters. */
function readMessage(
  body: unknown,
  t: Response['locals']['t'],
): { value: string; shown: string; error?: FieldError } {
  const raw = (body as Record<string, unknown> | undefined)?.[MESSAGE_FIELD];
  const label = t('coApplicant.confirm.messageLabel');
  const error = (text: string): FieldError => ({
    field: MESSAGE_FIELD,
    text,
    href: `#${MESSAGE_FIELD}`,
  });
  // A list or nothing: no browser showing our form sends that.
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n') : '';
  const clean = withoutRefusedCharacters(text, true);
  const shown = clean.trim();
  if (text.length > DECLINE_MESSAGE_MAX) {
    return {
      value: '',
      shown: clean,
      error: error(
        t('formError.tooLong', {
          label,
          length: groupDigits(text.length),
          max: groupDigits(DECLINE_MESSAGE_MAX),
        }),
      ),
    };
  }
  if (clean !== text) {
    return { value: '', shown: clean, error: error(t('formError.controlCharacter', { label })) };
  }
  if (shown === '') {
    return { value: '', shown: '', error: error(t('coApplicant.confirm.messageRequired')) };
  }
  return { value: shown, shown };
}

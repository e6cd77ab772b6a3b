import { Router, type Request, type Response } from 'express';
import { swedishDay } from '../forms/dates';
import { messageValues } from '../forms/messages';
import { parseDate } from '../forms/parsers';
import type { MessageKey, Translate } from '../locales';
import type { Services } from '../services';
import type { StaffRequest } from '../services/cases';
import type { SignatureResult } from '../services/co-applicant-signatures';
import { longDate } from '../services/date-texts';
import { bodyText } from './form-body';
import { caseIdOf } from './staff-case-id';
import { renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

export const SIGNATURE_PATH = (id: string) => `/handlaggare/arenden/${id}/underskrift-medsokande`;
const FIELD = 'inkom';

interface FieldError {
  field: string;
  text: string;
  href: string;
}

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/** "12 november 2026" for a day YYYY-MM-DD. */
export function dayText(day: string): string {
  return longDate(new Date(`${day}T12:00:00Z`), 'sv');
}

/**
 * "Underskrift från medsökande har kommit in": the caseworker says on which day the signed
 * paper came in, which lets the case be decided.
 */
export default function staffCaseSignatureRoutes(services: Services): Router {
  const router = Router();

  async function render(
    req: Request,
    res: Response,
    id: string,
    page: { errors: FieldError[]; typed: string; status?: number },
  ) {
    // A GET is a view of its own; a refused post was logged already and reads without a row.
    const view =
      page.errors.length === 0
        ? await services.coApplicantSignatures.open(whoOf(req), id)
        : await services.coApplicantSignatures.forCase(staffOf(req), id);
    if (view === 'notFound') return renderNotFound(res);
    if (view === 'forbidden') return renderForbidden(res);
    const t = res.locals.t;
    res.status(page.status ?? 200).render('staff/case/signature', {
      errors: page.errors,
      backHref: STAFF_PATHS.case(id),
      action: SIGNATURE_PATH(id),
      name: view.coApplicantName ?? '',
      canRegister: view.canRegister,
      typed: page.typed,
      hint: t('signature.dateHint', { today: swedishDay(services.clock.now()) }),
      error: page.errors.find((error) => error.field === FIELD)?.text,
    });
  }

  router.get('/handlaggare/arenden/:id/underskrift-medsokande', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    await render(req, res, id, { errors: [], typed: swedishDay(services.clock.now()) });
  });

  router.post('/handlaggare/arenden/:id/underskrift-medsokande', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const typed = bodyText(req, FIELD).slice(0, 100);
    const parsed = parseDate(typed);
    // Every post goes to the service, an unreadable day as none: it logs the one row (SEC-29).
    const result = await services.coApplicantSignatures.register(
      whoOf(req),
      id,
      parsed.ok ? parsed.value : '',
    );
    if (result.outcome === 'registered') {
      res.redirect(303, `${STAFF_PATHS.case(id)}?underskrift=1`);
      return;
    }
    if (result.outcome === 'notFound') return renderNotFound(res);
    if (result.outcome === 'forbidden') return renderForbidden(res);
    const error = errorOf(result, typed, parsed, res.locals.t);
    await render(req, res, id, { errors: [error], typed, status: 400 });
  });

  return router;
}

function errorOf(
  result: Exclude<SignatureResult, { outcome: 'registered' | 'notFound' | 'forbidden' }>,
  typed: string,
  parsed: ReturnType<typeof parseDate>,
  t: Translate,
): FieldError {
  const field = (text: string): FieldError => ({ field: FIELD, text, href: `#${FIELD}` });
  switch (result.outcome) {
    case 'invalidDate':
      if (typed.trim() === '') return field(t('signature.error.required'));
      return field(
        parsed.ok
          ? t('formError.dateFormat')
          : t(`formError.${parsed.error}` as MessageKey, messageValues(parsed.values, t)),
      );
    case 'futureDate':
      return field(t('signature.error.future'));
    case 'beforeSent':
      return field(t('signature.error.beforeSent', { date: dayText(result.sentOn) }));
    case 'notOutstanding':
      return { field: '', text: t('signature.error.notOutstanding'), href: '#main' };
  }
}

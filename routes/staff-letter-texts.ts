import { Router, type Request, type Response } from 'express';
import { withoutRefusedCharacters } from '../forms/read-input';
import type { Translate } from '../locales';
import type { Services } from '../services';
import type { StaffRequest } from '../services/cases';
import {
  adminMunicipalities,
  LEGAL_BASIS_MAX,
  PAYMENT_INFO_MAX,
  type LetterTextField,
  type LetterTextProblem,
} from '../services/decision-letter-settings';
import { postedText } from './posted-text';
import { renderAdminOnly, renderNotFound, staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

export const LETTER_TEXT_PATHS = {
  page: '/handlaggare/beslutsbrev',
  save: (code: string) => `/handlaggare/beslutsbrev/${code}`,
} as const;

/** The form's field names, and how long each may be. */
const FIELDS: Record<LetterTextField, { name: string; max: number }> = {
  legalBasis: { name: 'lagrum', max: LEGAL_BASIS_MAX },
  paymentInfo: { name: 'utbetalning', max: PAYMENT_INFO_MAX },
};

interface Typed {
  code: string;
  legalBasis: string;
  paymentInfo: string;
  problems: LetterTextProblem[];
}

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/**
 * "Texter i beslutsbrevet": a municipality's administrator words what its decision letters say
 * about the law and about payment. Anyone else: 403 (or the 404 of a municipality not theirs).
 */
export default function staffLetterTextsRoutes(services: Services): Router {
  const router = Router();

  async function render(req: Request, res: Response, typed?: Typed) {
    const t = res.locals.t;
    // Shown again after a refused save, which was logged already: no rows of its own then.
    const municipalities = typed
      ? (await services.municipalities.list())
          .filter((one) => adminMunicipalities(staffOf(req)).includes(one.code))
          .map((one) => ({
            code: one.code,
            name: one.name,
            legalBasis: one.decisionLegalBasis ?? null,
            paymentInfo: one.paymentInfo ?? null,
          }))
      : await services.decisionLetterSettings.forAdmin(whoOf(req));
    if (municipalities.length === 0) return renderAdminOnly(res);
    const errors = typed ? typed.problems.map((problem) => errorOf(problem, typed.code, t)) : [];
    // The sender every letter prints, shown as it stands (changed from the command line).
    const known = await services.municipalities.list();
    res.status(typed ? 400 : 200).render('staff/letter-texts', {
      backHref: STAFF_PATHS.home,
      saved: typeof req.query.sparad === 'string' ? req.query.sparad : undefined,
      errors,
      municipalities: municipalities.map((one) => {
        const mine = typed?.code === one.code ? typed : undefined;
        const field = (key: LetterTextField, stored: string | null) => ({
          id: `${FIELDS[key].name}-${one.code}`,
          name: FIELDS[key].name,
          value: mine ? mine[key] : (stored ?? ''),
          error: errors.find((error) => error.href === `#${FIELDS[key].name}-${one.code}`)?.text,
          max: FIELDS[key].max,
        });
        const sender = known.find((municipality) => municipality.code === one.code);
        return {
          code: one.code,
          name: one.name,
          sender: sender && [
            { label: t('letterTexts.sender.unit'), value: `${sender.name}, ${sender.unitName}` },
            {
              label: t('letterTexts.sender.address'),
              value: `${sender.streetAddress}, ${sender.postalCode} ${sender.city}`,
            },
            { label: t('letterTexts.sender.phone'), value: sender.phone },
            { label: t('letterTexts.sender.email'), value: sender.email },
          ],
          action: LETTER_TEXT_PATHS.save(one.code),
          legalBasis: field('legalBasis', one.legalBasis),
          paymentInfo: field('paymentInfo', one.paymentInfo),
        };
      }),
    });
  }

  router.get(LETTER_TEXT_PATHS.page, async (req, res) => {
    await render(req, res);
  });

  router.post('/handlaggare/beslutsbrev/:code', async (req, res) => {
    const code = typeof req.params.code === 'string' ? req.params.code.slice(0, 10) : '';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const posted = (name: string) =>
      typeof body[name] === 'string' ? postedText(req, name) : undefined;
    const typed = {
      legalBasis: posted(FIELDS.legalBasis.name),
      paymentInfo: posted(FIELDS.paymentInfo.name),
    };
    const result = await services.decisionLetterSettings.save(whoOf(req), code, typed);
    if (result.outcome === 'saved') {
      res.redirect(303, `${LETTER_TEXT_PATHS.page}?sparad=${code}`);
      return;
    }
    if (result.outcome === 'notFound') return renderNotFound(res);
    if (result.outcome === 'forbidden') return renderAdminOnly(res);
    // Everything typed comes back, without the invisible characters that were the problem.
    const shown = (text: string) => withoutRefusedCharacters(text, true).slice(0, 5000);
    await render(req, res, {
      code,
      legalBasis: shown(typed.legalBasis ?? ''),
      paymentInfo: shown(typed.paymentInfo ?? ''),
      problems: result.problems,
    });
  });

  return router;
}

function errorOf(problem: LetterTextProblem, code: string, t: Translate) {
  const field = FIELDS[problem.field];
  const label = t(`letterTexts.${problem.field}.label`);
  return {
    field: `${field.name}-${code}`,
    href: `#${field.name}-${code}`,
    text:
      problem.code === 'tooLong'
        ? t('letterTexts.error.tooLong', { label, max: field.max })
        : t('formError.controlCharacter', { label }),
  };
}

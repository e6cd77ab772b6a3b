import { Router, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { parsePersonnummer } from '../forms/parsers';
import type { MessageKey, Translate } from '../locales';
import type { Services } from '../services';
import type { Municipality } from '../services/municipalities';
import { PasswordHasherBusyError } from '../services/passwords/password-hasher';
import {
  confirmationProblem,
  PASSWORD_READ_MAX,
  passwordProblem,
  type PasswordProblem,
} from '../services/passwords/password-policy';
import { trustThisDevice } from './device-cookie';
import { minutesOf } from './login';
import { completeLogin } from './login-session';
import { bodyText } from './form-body';

export const ACTIVATION_PATH = '/aktivera';

const FIELDS = {
  personnummer: 'personnummer',
  code: 'aktiveringskod',
  password: 'losenord',
  confirmation: 'losenord-igen',
} as const;

const CODE_LENGTH = 12;
/** Far longer than any password the policy takes; the policy then says it is too long. */

interface ActivationPage {
  personnummer: string;
  code: string;
  errors: FieldError[];
  lockedMinutes?: number;
  expired?: Municipality | null;
  /** The hashing queue was full: try again shortly (503). */
  busy?: boolean;
}

function error(field: string, text: string): FieldError {
  return { field, text, href: `#${field}` };
}

function problemText(t: Translate, problem: PasswordProblem): string {
  return t(problem.key, problem.values);
}

/** An applicant's first password (or a new one), with the activation code from the letter. */
export default function activationRoutes(services: Services): Router {
  const router = Router();

  function render(res: Response, status: number, page: ActivationPage) {
    // Neither the password nor its repetition is ever written back into the page.
    res.status(status).render('login/activate', {
      lockedMinutes: 0,
      busy: false,
      expired: undefined,
      ...page,
      action: ACTIVATION_PATH,
    });
  }

  router.get(ACTIVATION_PATH, (_req, res) => {
    render(res, 200, { personnummer: '', code: '', errors: [] });
  });

  router.post(ACTIVATION_PATH, async (req, res) => {
    const t = res.locals.t;
    const typed = {
      personnummer: bodyText(req, FIELDS.personnummer).slice(0, 40),
      code: bodyText(req, FIELDS.code).slice(0, 40),
    };
    const password = bodyText(req, FIELDS.password).slice(0, PASSWORD_READ_MAX);
    const confirmation = bodyText(req, FIELDS.confirmation).slice(0, PASSWORD_READ_MAX);
    const errors: FieldError[] = [];

    let personnummer = '';
    const parsed = parsePersonnummer(typed.personnummer);
    if (typed.personnummer.trim() === '') {
      errors.push(error(FIELDS.personnummer, t('activate.personnummerRequired')));
    } else if (!parsed.ok) {
      const text = t(`formError.${parsed.error}` as MessageKey, parsed.values);
      errors.push(error(FIELDS.personnummer, text));
    } else {
      personnummer = parsed.value;
    }
    // Counted in all that was sent (what is shown again is cut): "Du skrev" says the truth.
    const codeCharacters = Array.from(bodyText(req, FIELDS.code).replace(/[\s-]/g, '')).length;
    if (codeCharacters === 0) errors.push(error(FIELDS.code, t('activate.codeRequired')));
    else if (codeCharacters !== CODE_LENGTH) {
      errors.push(error(FIELDS.code, t('activate.codeLength', { count: codeCharacters })));
    }
    // The name is judged later, once the code has shown who this is.
    const problem = passwordProblem(password, personnummer ? [personnummer] : []);
    if (problem) errors.push(error(FIELDS.password, problemText(t, problem)));
    else {
      const mismatch = confirmationProblem(password, confirmation);
      if (mismatch) errors.push(error(FIELDS.confirmation, problemText(t, mismatch)));
    }
    if (errors.length > 0) {
      render(res, 400, { ...typed, errors });
      return;
    }

    const result = await services.accountActivation
      .activate({ personnummer, code: typed.code, password, ip: req.ip ?? 'unknown' })
      .catch((error: unknown) => {
        if (error instanceof PasswordHasherBusyError) return error;
        throw error;
      });
    if (result instanceof PasswordHasherBusyError) {
      services.logger.warn({ reqId: req.id }, 'activation refused: hashing queue full');
      res.setHeader('Retry-After', String(result.retryAfterSeconds));
      render(res, 503, { ...typed, errors: [], busy: true });
      return;
    }
    if (result.outcome === 'locked') {
      services.logger.warn({ reqId: req.id }, 'activation refused: locked');
      res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      render(res, 429, { ...typed, errors: [], lockedMinutes: minutesOf(result) });
      return;
    }
    if (result.outcome === 'wrong') {
      services.logger.info({ reqId: req.id }, 'activation failed: wrong personnummer or code');
      render(res, 401, { ...typed, errors: [error(FIELDS.code, t('activate.wrong'))] });
      return;
    }
    if (result.outcome === 'expired') {
      services.logger.info({ reqId: req.id, accountId: result.account.id }, 'activation expired');
      const code = result.account.municipalityCode;
      const municipality = code ? await services.municipalities.find(code) : undefined;
      render(res, 410, { ...typed, errors: [], expired: municipality ?? null });
      return;
    }
    if (result.outcome === 'passwordProblem') {
      const errors = [error(FIELDS.password, problemText(t, result.problem))];
      render(res, 400, { ...typed, errors });
      return;
    }
    const next = await completeLogin(req, services, result.account, 'aktivering');
    trustThisDevice(res, services, result.account);
    // A new password: whoever was logged in with the old one is out (SEC-12).
    const ended = await services.sessionStore.destroyOthersOf(result.account.id, req.sessionID);
    services.logger.info(
      { reqId: req.id, accountId: result.account.id, endedSessions: ended, notice: result.notice },
      'account activated',
    );
    // Mina sidor says the account is ready, unless a draft from before waits to be offered.
    res.redirect(303, next === '/mina-sidor' ? '/mina-sidor?aktiverad=1' : next);
  });

  return router;
}

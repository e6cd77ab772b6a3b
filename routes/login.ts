import { Router, type Request, type Response } from 'express';
import { parsePersonnummer } from '../forms/parsers';
import type { FieldError } from '../forms/field-error';
import type { MessageKey } from '../locales';
import { clearSessionCookies } from '../middleware/set-up-session';
import type { Services } from '../services';
import { PasswordHasherBusyError } from '../services/passwords/password-hasher';
import { PASSWORD_READ_MAX } from '../services/passwords/password-policy';
import type { Account } from '../services/accounts';
import type { Locked } from '../services/login';
import { deviceCookieOf } from './device-cookie';
import { awaitSecondFactor, LOGIN_PATHS } from './login-session';
import { safeReturnPath } from '../middleware/safe-return-path';
import { auditStaffLogin } from './staff-login-audit';

type Kind = Account['kind'];

interface PasswordPage {
  kind: Kind;
  identifier: string;
  returnTo: string;
  errors: FieldError[];
  lockedMinutes?: number;
  loggedOut?: boolean;
  /** Sent here because the handed-out password ran out during the session. */
  temporaryExpired?: boolean;
  /** Sent here by a post made after the session ended: what it carried was not saved. */
  postNotSaved?: boolean;
  /** The hashing queue was full: try again shortly (503), nothing counted. */
  busy?: boolean;
}

const IDENTIFIER = 'identitet';
const PASSWORD = 'losenord';

function bodyText(req: Request, name: string, max = 200): string {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function returnPathOf(value: unknown): string | undefined {
  const path = safeReturnPath(value);
  return path === '/' ? undefined : path;
}

export function renderPasswordPage(res: Response, status: number, page: PasswordPage): void {
  res.status(status).render('login/password', {
    loggedOut: false,
    temporaryExpired: false,
    postNotSaved: false,
    lockedMinutes: 0,
    busy: false,
    ...page,
    action: LOGIN_PATHS[page.kind],
  });
}

/** Whole minutes to wait, rounded up, never 0. */
export function minutesOf(locked: Locked): number {
  return Math.max(1, Math.ceil(locked.retryAfterMs / 60_000));
}

/** The first login step (personnummer or staff username + password) and logging out. */
export default function loginRoutes(services: Services): Router {
  const router = Router();

  for (const kind of ['applicant', 'staff'] as const) {
    router.get(LOGIN_PATHS[kind], (req, res) => {
      renderPasswordPage(res, 200, {
        loggedOut: req.query.utloggad === '1',
        temporaryExpired: kind === 'staff' && req.query.utgatt === 'tillfalligt',
        postNotSaved: req.query['ej-sparat'] === '1',
        kind,
        identifier: '',
        returnTo: returnPathOf(req.query.tillbaka) ?? '',
        errors: [],
      });
    });

    router.post(LOGIN_PATHS[kind], async (req, res) => {
      const t = res.locals.t;
      const typed = bodyText(req, IDENTIFIER);
      const password = bodyText(req, PASSWORD, PASSWORD_READ_MAX);
      const returnTo = returnPathOf(bodyText(req, 'tillbaka'));
      const page = { kind, identifier: typed, returnTo: returnTo ?? '' };
      const errors: FieldError[] = [];
      let identifier = typed.trim().toLowerCase();
      if (kind === 'applicant' && typed.trim() === '') {
        errors.push(fieldError(IDENTIFIER, t('login.personnummerRequired')));
      } else if (kind === 'applicant') {
        const parsed = parsePersonnummer(typed);
        if (!parsed.ok) {
          errors.push(
            fieldError(IDENTIFIER, t(`formError.${parsed.error}` as MessageKey, parsed.values)),
          );
        } else {
          identifier = parsed.value;
        }
      } else if (identifier === '') {
        errors.push(fieldError(IDENTIFIER, t('login.usernameRequired')));
      }
      if (password === '') errors.push(fieldError(PASSWORD, t('login.passwordRequired')));
      if (errors.length > 0) {
        renderPasswordPage(res, 400, { ...page, errors });
        return;
      }

      const ip = req.ip ?? 'unknown';
      const result = await services.login
        .checkPassword(kind, identifier, password, ip, deviceCookieOf(req, services))
        .catch((error: unknown) => {
          if (error instanceof PasswordHasherBusyError) return error;
          throw error;
        });
      if (result instanceof PasswordHasherBusyError) {
        services.logger.warn({ reqId: req.id, kind }, 'login refused: hashing queue full');
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        renderPasswordPage(res, 503, { ...page, errors: [], busy: true });
        return;
      }
      if (result.outcome !== 'ok' && kind === 'staff') {
        const tried =
          result.outcome === 'temporaryExpired'
            ? result.account
            : await services.accounts.findStaff(identifier);
        await auditStaffLogin(services, req, tried?.id, 'denied');
      }
      if (result.outcome === 'temporaryExpired') {
        services.logger.warn(
          { reqId: req.id, kind, accountId: result.account.id },
          'login refused: temporary password expired',
        );
        const text = t('login.temporaryExpired');
        renderPasswordPage(res, 401, { ...page, errors: [fieldError(PASSWORD, text)] });
        return;
      }
      if (result.outcome === 'locked') {
        services.logger.warn({ reqId: req.id, kind }, 'login refused: locked');
        res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
        renderPasswordPage(res, 429, {
          ...page,
          errors: [],
          lockedMinutes: minutesOf(result),
        });
        return;
      }
      if (result.outcome === 'wrong') {
        const message = {
          noAccount: 'login failed: no such account',
          disabled: 'login failed: the account is disabled',
          password: 'login failed: wrong password',
        }[result.why ?? 'password'];
        services.logger.info({ reqId: req.id, kind }, message);
        const text = t(kind === 'applicant' ? 'login.wrongApplicant' : 'login.wrongStaff');
        renderPasswordPage(res, 401, { ...page, errors: [fieldError(PASSWORD, text)] });
        return;
      }
      await awaitSecondFactor(req, services, result.account, returnTo);
      services.logger.info(
        { reqId: req.id, accountId: result.account.id },
        'login: password accepted, second factor next',
      );
      res.redirect(303, LOGIN_PATHS.secondFactor);
    });
  }

  router.get('/logga-in/hjalp', async (_req, res) => {
    // Before a municipality is chosen, each one's number: "Ring din handläggare" needs one.
    const all = res.locals.municipality ? [] : await services.municipalities.list();
    res.render('login/help', { contacts: all });
  });

  router.post('/logga-ut', (req, res, next) => {
    const accountId = req.session.user?.accountId ?? req.session.pendingLogin?.accountId;
    const staff = req.session.user?.kind === 'staff';
    if (req.session.startedAt === undefined) {
      res.redirect(303, '/');
      return;
    }
    req.session.destroy((error: unknown) => {
      if (error) {
        next(error);
        return;
      }
      services.logger.info({ reqId: req.id, accountId }, 'logged out');
      clearSessionCookies(res, services.config.secureCookies);
      res.redirect(303, staff ? `${LOGIN_PATHS.staff}?utloggad=1` : '/?utloggad=1');
    });
  });

  return router;
}

function fieldError(field: string, text: string): FieldError {
  return { field, text, href: `#${field}` };
}

import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import type { Account } from '../services/accounts';
import type { SecondFactors } from '../services/login';
import type { PendingLogin } from '../services/session-store';
import { maskedPhone } from '../services/sms/phone-number';
import { trustThisDevice } from './device-cookie';
import { minutesOf } from './login';
import { completeLogin, LOGIN_PATHS } from './login-session';
import { auditStaffLogin } from './staff-login-audit';

type Method = 'sms' | 'kodlista' | 'app';

interface SecondFactorPage {
  method: Method | undefined;
  errors?: FieldError[];
  notice?: string;
  lockedMinutes?: number;
  /** No more SMS codes for a while: the page offers none. */
  smsLimited?: boolean;
}

const CODE = 'kod';

function methodOf(value: unknown, factors: SecondFactors): Method | undefined {
  if (value === 'sms' && factors.sms) return 'sms';
  if (value === 'kodlista' && factors.codeList) return 'kodlista';
  if (value === 'app' && factors.app) return 'app';
  return undefined;
}

/** The only method the account has, so nobody is asked to choose between one thing. */
function onlyMethod(factors: SecondFactors): Method | undefined {
  const methods: Method[] = [];
  if (factors.codeList) methods.push('kodlista');
  if (factors.app) methods.push('app');
  if (methods.length === 1 && !factors.sms) return methods[0];
  return undefined;
}

/** What to do when no more SMS may be sent: the other ways the account has to log in. */
function smsLimitText(kind: Account['kind'], factors: SecondFactors) {
  if (kind === 'staff') {
    // Staff have no code list: their app if they have one, else the administrator.
    return factors.app ? 'staffSite.login.smsTooManyApp' : 'staffSite.login.smsTooManyAdmin';
  }
  return factors.codeList ? 'login.smsTooMany' : 'login.smsTooManyNoList';
}

/** The second login step: an SMS code, a numbered code from the list, or (staff) an app code. */
export default function secondFactorRoutes(services: Services): Router {
  const router = Router();

  /** The account waiting for its second factor, or undefined after sending the visitor on. */
  async function pendingAccount(
    req: Request,
    res: Response,
  ): Promise<{ pending: PendingLogin; account: Account } | undefined> {
    const pending = req.session.pendingLogin;
    const account = pending && (await services.accounts.find(pending.accountId));
    if (!pending || !account || account.disabled) {
      const user = req.session.user;
      res.redirect(303, user ? LOGIN_PATHS.home[user.kind] : LOGIN_PATHS.applicant);
      return undefined;
    }
    return { pending, account };
  }

  async function render(
    res: Response,
    status: number,
    { pending, account }: { pending: PendingLogin; account: Account },
    page: SecondFactorPage,
  ) {
    const factors = await services.login.secondFactorsOf(account);
    // Shown again (a reload, another way chosen) while the SMS cap holds: still no SMS button.
    const limitedMs =
      factors.sms && !page.smsLimited && (await services.login.smsLimitedFor(account));
    const limited = limitedMs
      ? {
          smsLimited: true,
          notice:
            page.notice ||
            res.locals.t(smsLimitText(account.kind, factors), {
              minutes: minutesOf({ outcome: 'locked', retryAfterMs: limitedMs }),
            }),
        }
      : {};
    res.status(status).render('login/second-factor', {
      notice: '',
      lockedMinutes: 0,
      smsLimited: false,
      ...page,
      ...limited,
      errors: page.errors ?? [],
      method: page.method ?? onlyMethod(factors),
      phone: factors.sms ? maskedPhone(factors.sms) : undefined,
      codeList: factors.codeList,
      app: factors.app,
      codeNumber: pending.codeNumber,
      kind: account.kind,
    });
  }

  router.get(LOGIN_PATHS.secondFactor, async (req, res) => {
    const found = await pendingAccount(req, res);
    if (!found) return;
    const factors = await services.login.secondFactorsOf(found.account);
    const method = methodOf(req.query.metod, factors);
    const notice = method === 'sms' && req.query.skickad === '1' ? 'sent' : undefined;
    await render(res, 200, found, {
      method,
      notice: notice && res.locals.t('login.smsSent', { phone: maskedPhone(factors.sms ?? '') }),
    });
  });

  router.post('/logga-in/sms', async (req, res) => {
    const found = await pendingAccount(req, res);
    if (!found) return;
    const { account } = found;
    const municipality =
      account.municipalityCode && (await services.municipalities.find(account.municipalityCode));
    const sender = municipality ? municipality.name : res.locals.t('site.name');
    const result = await services.login.sendSmsCode(account, req.sessionID, sender);
    if (result.outcome === 'sent') {
      services.logger.info({ reqId: req.id, accountId: account.id }, 'login: SMS code sent');
      res.redirect(303, `${LOGIN_PATHS.secondFactor}?metod=sms&skickad=1`);
      return;
    }
    if (result.outcome === 'failed') {
      // Nobody stays half logged in: after a failed send the login starts again.
      services.logger.error({ reqId: req.id, accountId: account.id }, 'login: SMS not sent');
      delete req.session.pendingLogin;
      res.status(502).render('login/sms-failed', { kind: account.kind });
      return;
    }
    if (result.outcome === 'noPhone') {
      res.redirect(303, LOGIN_PATHS.secondFactor);
      return;
    }
    res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
    const minutes = minutesOf({ outcome: 'locked', retryAfterMs: result.retryAfterMs });
    if (result.outcome === 'locked') {
      await render(res, 429, found, { method: undefined, lockedMinutes: minutes });
      return;
    }
    const factors = await services.login.secondFactorsOf(account);
    await render(res, 429, found, {
      method: undefined,
      smsLimited: true,
      notice: res.locals.t(smsLimitText(account.kind, factors), { minutes }),
    });
  });

  router.post(LOGIN_PATHS.secondFactor, async (req, res) => {
    const found = await pendingAccount(req, res);
    if (!found) return;
    const { pending, account } = found;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const factors = await services.login.secondFactorsOf(account);
    const method = methodOf(body.metod, factors);
    const code = typeof body[CODE] === 'string' ? body[CODE].slice(0, 40) : '';
    const t = res.locals.t;
    if (!method) {
      res.redirect(303, LOGIN_PATHS.secondFactor);
      return;
    }
    if (code.trim() === '') {
      const error = { field: CODE, text: t('login.codeRequired'), href: `#${CODE}` };
      await render(res, 400, found, { method, errors: [error] });
      return;
    }
    const attempt =
      method === 'sms'
        ? { method, code, sessionId: req.sessionID }
        : method === 'kodlista'
          ? { method, code, number: pending.codeNumber ?? 0 }
          : { method, code };
    const result = await services.login.checkSecondFactor(account, attempt);
    if (account.kind === 'staff') {
      await auditStaffLogin(services, req, account.id, result.outcome === 'ok' ? 'ok' : 'denied');
    }
    if (result.outcome === 'ok') {
      const next = await completeLogin(req, services, account, method);
      trustThisDevice(res, services, account);
      services.logger.info({ reqId: req.id, accountId: account.id, method }, 'logged in');
      res.redirect(303, next);
      return;
    }
    if (result.outcome === 'locked') {
      services.logger.warn({ reqId: req.id, accountId: account.id }, 'login locked: codes');
      res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      await render(res, 429, found, { method, lockedMinutes: minutesOf(result) });
      return;
    }
    services.logger.info({ reqId: req.id, accountId: account.id, method }, 'login: wrong code');
    const error = { field: CODE, text: t('login.codeWrong'), href: `#${CODE}` };
    await render(res, 401, found, { method, errors: [error] });
  });

  return router;
}

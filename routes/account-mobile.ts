import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { parsePhone } from '../forms/parsers';
import type { MessageKey } from '../locales';
import { renewSessionId } from '../middleware/set-up-session';
import type { Services } from '../services';
import type { MobileChangeStart } from '../services/account-settings';
import type { AuditOutcome } from '../services/audit-log';
import { PASSWORD_READ_MAX } from '../services/passwords/password-policy';
import { maskedPhone, toE164 } from '../services/sms/phone-number';
import {
  accountOf,
  bodyText,
  changeContextOf,
  fieldError,
  lockedMinutes,
  type AccountPaths,
  type Kind,
} from './account-context';
import { minutesOf } from './login';
import { auditOwnAccountChange } from './staff-login-audit';

const MOBILE = 'mobilnummer';
const PASSWORD = 'losenord';
const CODE = 'kod';
/** Wrong codes for one new number before it has to be asked for again. */
const MAX_TRIES = 5;

interface MobilePage {
  mobile: string;
  errors: FieldError[];
  lockedMinutes?: number;
  /** Locked by wrong codes, not by wrong passwords: the words say which. */
  lockedByCodes?: boolean;
  notice?: string;
}

/**
 * The password step changes nothing yet: a code sent is its success, a wrong or locked password
 * a refusal, and a number that cannot be used (or no SMS to it) a mistake.
 */
const MOBILE_START_OUTCOMES: Record<MobileChangeStart['outcome'], AuditOutcome> = {
  codeSent: 'ok',
  wrongPassword: 'denied',
  locked: 'denied',
  sameNumber: 'invalid',
  tooManySms: 'invalid',
  smsFailed: 'invalid',
};

/** Why a typed number is no Swedish mobile number, in words; undefined when it is one. */
function mobileProblem(
  typed: string,
): { key: MessageKey; values?: Record<string, string | number> } | undefined {
  if (typed.trim() === '') return { key: 'account.mobile.required' };
  if (toE164(typed)) return undefined;
  const parsed = parsePhone(typed);
  if (!parsed.ok && (parsed.error === 'phoneLetters' || parsed.error === 'phoneCharacter')) {
    return { key: `formError.${parsed.error}`, values: parsed.values };
  }
  return { key: 'account.mobile.notMobile' };
}

/**
 * A new mobile number (SEC-7): the password again, then the code sent to the new number. Only
 * then is the number changed, the old number told, and the account's other sessions ended.
 */
export default function accountMobileRoutes(
  services: Services,
  kind: Kind,
  paths: AccountPaths,
): Router {
  const router = Router();

  function render(res: Response, status: number, page: MobilePage) {
    res.status(status).render('account/mobile', {
      paths,
      lockedMinutes: 0,
      lockedByCodes: false,
      notice: '',
      ...page,
    });
  }

  function renderCode(req: Request, res: Response, status: number, errors: FieldError[]) {
    res.status(status).render('account/mobile-code', {
      paths,
      errors,
      phone: maskedPhone(req.session.pendingMobile?.mobile ?? ''),
    });
  }

  const auditFor = (req: Request, accountId: string) => (outcome: AuditOutcome) =>
    auditOwnAccountChange(services, req, kind, accountId, 'mobile', outcome);

  router.get(paths.mobile, (_req, res) => {
    render(res, 200, { mobile: '', errors: [] });
  });

  router.post(paths.mobile, async (req, res) => {
    const t = res.locals.t;
    const account = await accountOf(req, services, kind);
    const audit = auditFor(req, account.id);
    const typed = bodyText(req, MOBILE, 40);
    const password = bodyText(req, PASSWORD, PASSWORD_READ_MAX);
    const errors: FieldError[] = [];
    const problem = mobileProblem(typed);
    if (problem) errors.push(fieldError(MOBILE, t(problem.key, problem.values)));
    if (password === '') errors.push(fieldError(PASSWORD, t('login.passwordRequired')));
    const mobile = toE164(typed);
    if (errors.length > 0 || !mobile) {
      await audit('invalid');
      render(res, 400, { mobile: typed, errors });
      return;
    }

    const result = await services.accountSettings.startMobileChange(
      account,
      password,
      mobile,
      changeContextOf(req),
    );
    const page = { mobile: typed, errors: [] };
    await audit(MOBILE_START_OUTCOMES[result.outcome]);
    switch (result.outcome) {
      case 'codeSent':
        req.session.pendingMobile = { mobile, tries: 0 };
        services.logger.info({ reqId: req.id, accountId: account.id }, 'mobile change: code sent');
        res.redirect(303, paths.mobileCode);
        return;
      case 'wrongPassword':
        services.logger.info(
          { reqId: req.id, accountId: account.id },
          'mobile change: wrong password',
        );
        render(res, 401, { ...page, errors: [fieldError(PASSWORD, t('account.passwordWrong'))] });
        return;
      case 'locked':
        services.logger.warn({ reqId: req.id, accountId: account.id }, 'mobile change: locked');
        render(res, 429, { ...page, lockedMinutes: lockedMinutes(res, result) });
        return;
      case 'sameNumber':
        render(res, 400, { ...page, errors: [fieldError(MOBILE, t('account.mobile.same'))] });
        return;
      case 'tooManySms': {
        res.setHeader('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
        const minutes = minutesOf({ outcome: 'locked', retryAfterMs: result.retryAfterMs });
        render(res, 429, { ...page, notice: t('account.mobile.tooManySms', { minutes }) });
        return;
      }
      case 'smsFailed':
        services.logger.error(
          { reqId: req.id, accountId: account.id },
          'mobile change: SMS not sent',
        );
        render(res, 502, { ...page, notice: t('account.mobile.smsFailed') });
        return;
    }
  });

  router.get(paths.mobileCode, (req, res) => {
    if (!req.session.pendingMobile) {
      res.redirect(303, paths.mobile);
      return;
    }
    renderCode(req, res, 200, []);
  });

  router.post(paths.mobileCode, async (req, res) => {
    const t = res.locals.t;
    const pending = req.session.pendingMobile;
    if (!pending) {
      res.redirect(303, paths.mobile);
      return;
    }
    const account = await accountOf(req, services, kind);
    const audit = auditFor(req, account.id);
    const code = bodyText(req, CODE, 40);
    if (code.trim() === '') {
      await audit('invalid');
      renderCode(req, res, 400, [fieldError(CODE, t('login.codeRequired'))]);
      return;
    }
    const result = await services.accountSettings.confirmMobileChange(
      account,
      pending.mobile,
      code,
      changeContextOf(req),
    );
    await audit(result.outcome === 'changed' ? 'ok' : 'denied');
    if (result.outcome === 'locked') {
      delete req.session.pendingMobile;
      services.logger.warn({ reqId: req.id, accountId: account.id }, 'mobile change: code locked');
      render(res, 429, {
        mobile: '',
        errors: [],
        lockedMinutes: lockedMinutes(res, result),
        lockedByCodes: true,
      });
      return;
    }
    if (result.outcome === 'wrongCode') {
      pending.tries += 1;
      if (pending.tries >= MAX_TRIES) {
        delete req.session.pendingMobile;
        render(res, 400, { mobile: '', errors: [], notice: t('account.mobile.tooManyTries') });
        return;
      }
      renderCode(req, res, 401, [fieldError(CODE, t('login.codeWrong'))]);
      return;
    }
    delete req.session.pendingMobile;
    await renewSessionId(req, services);
    services.logger.info(
      { reqId: req.id, accountId: account.id, notice: result.notice },
      'mobile changed; other sessions ended',
    );
    res.redirect(303, paths.done('mobilnummer'));
  });

  return router;
}

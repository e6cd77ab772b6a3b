import { Router, type Request, type Response } from 'express';
import { renewSessionId } from '../middleware/set-up-session';
import QRCode from 'qrcode';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import { PASSWORD_READ_MAX } from '../services/passwords/password-policy';
import type { Account } from '../services/accounts';
import type { AuditOutcome } from '../services/audit-log';
import { auditOwnAccountChange } from './staff-login-audit';
import {
  accountOf,
  bodyText,
  changeContextOf,
  fieldError,
  lockedMinutes,
  type AccountPaths,
} from './account-context';

const PASSWORD = 'losenord';
const CODE = 'kod';

interface AppPage {
  errors: FieldError[];
  lockedMinutes?: number;
}

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP": easier to type into a phone by hand. */
function inGroupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The otpauth URI as a QR code in a data: URL (the CSP allows data: images, nothing inline). */
async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * Staff: an authenticator app as second factor (SEC-6, SEC-7). The password starts it; the page
 * then shows the secret as a QR code and as text, and the app's first code turns it on. An app
 * already on keeps working until then (or until the change is cancelled); the new one ends the
 * account's other sessions and renews this session's id, like a new password or number (SEC-12).
 */
export default function accountAppRoutes(services: Services, paths: AccountPaths): Router {
  const router = Router();

  async function render(res: Response, account: Account, status: number, page: AppPage) {
    const pending = await services.accountSettings.pendingAppEnrolment(account);
    res.status(status).render('account/app', {
      paths,
      lockedMinutes: 0,
      ...page,
      enabled: await services.accountSettings.appEnabled(account),
      pending: pending && {
        qr: await qrDataUrl(pending.uri),
        secret: inGroupsOfFour(pending.secret),
        replacing: pending.replacing,
      },
    });
  }

  const auditFor = (req: Request, account: Account) => (outcome: AuditOutcome) =>
    auditOwnAccountChange(services, req, 'staff', account.id, 'app', outcome);

  router.get(paths.app, async (req, res) => {
    await render(res, await accountOf(req, services, 'staff'), 200, { errors: [] });
  });

  // A POST, not the GET: a new secret replaces any earlier one.
  router.post(paths.app, async (req, res) => {
    const account = await accountOf(req, services, 'staff');
    const audit = auditFor(req, account);
    const password = bodyText(req, PASSWORD, PASSWORD_READ_MAX);
    if (password === '') {
      await audit('invalid');
      const error = fieldError(PASSWORD, res.locals.t('login.passwordRequired'));
      await render(res, account, 400, { errors: [error] });
      return;
    }
    const result = await services.accountSettings.startAppEnrolment(
      account,
      password,
      changeContextOf(req),
    );
    await audit(result.outcome === 'started' ? 'ok' : 'denied');
    if (result.outcome === 'locked') {
      services.logger.warn({ reqId: req.id, accountId: account.id }, 'app enrolment: locked');
      await render(res, account, 429, { errors: [], lockedMinutes: lockedMinutes(res, result) });
      return;
    }
    if (result.outcome === 'wrongPassword') {
      services.logger.info(
        { reqId: req.id, accountId: account.id },
        'app enrolment: wrong password',
      );
      const error = fieldError(PASSWORD, res.locals.t('account.passwordWrong'));
      await render(res, account, 401, { errors: [error] });
      return;
    }
    services.logger.info({ reqId: req.id, accountId: account.id }, 'app enrolment started');
    res.redirect(303, paths.app);
  });

  router.post(paths.appCode, async (req, res) => {
    const account = await accountOf(req, services, 'staff');
    if (!(await services.accountSettings.pendingAppEnrolment(account))) {
      res.redirect(303, paths.app);
      return;
    }
    const audit = auditFor(req, account);
    const code = bodyText(req, CODE, 40);
    if (code.trim() === '') {
      await audit('invalid');
      const error = fieldError(CODE, res.locals.t('login.codeRequired'));
      await render(res, account, 400, { errors: [error] });
      return;
    }
    const result = await services.accountSettings.confirmAppEnrolment(
      account,
      code,
      changeContextOf(req),
    );
    await audit(result.outcome === 'enabled' ? 'ok' : 'denied');
    if (result.outcome === 'wrongCode') {
      const error = fieldError(CODE, res.locals.t('account.app.codeWrong'));
      await render(res, account, 401, { errors: [error] });
      return;
    }
    await renewSessionId(req, services);
    services.logger.info(
      { reqId: req.id, accountId: account.id, notice: result.notice },
      'app enrolment confirmed; other sessions ended',
    );
    res.redirect(303, paths.done('app'));
  });

  // Gives up the new app; one already on goes on working.
  router.post(paths.appCancel, async (req, res) => {
    const account = await accountOf(req, services, 'staff');
    await services.accountSettings.cancelAppEnrolment(account);
    await auditFor(req, account)('ok');
    services.logger.info({ reqId: req.id, accountId: account.id }, 'app enrolment cancelled');
    res.redirect(303, paths.base);
  });

  return router;
}

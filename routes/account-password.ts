import { Router, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { renewSessionId } from '../middleware/set-up-session';
import type { Services } from '../services';
import { personalDataOf } from '../services/account-settings';
import type { Account } from '../services/accounts';
import type { AuditOutcome } from '../services/audit-log';
import {
  confirmationProblem,
  PASSWORD_READ_MAX,
  passwordProblem,
} from '../services/passwords/password-policy';
import { LOGIN_PATHS } from './login-session';
import { auditOwnAccountChange } from './staff-login-audit';
import {
  accountOf,
  bodyText,
  changeContextOf,
  fieldError,
  lockedMinutes,
  type AccountPaths,
  type Kind,
} from './account-context';

const CURRENT = 'nuvarande-losenord';
const NEW = 'nytt-losenord';
const AGAIN = 'nytt-losenord-igen';

/** Where a staff member lands after replacing a handed-out password: the inbox, with thanks. */
const AFTER_TEMPORARY = `${LOGIN_PATHS.home.staff}?klart=losenord`;

/**
 * A new password: the current one, then the new one twice (SEC-2, SEC-12). The same page is
 * where a staff member on a password the administrator handed out is sent until they have
 * chosen their own (routes/staff-guard.ts): it then says why, offers no way back (only the
 * header's logout), and leads on to the inbox.
 */
export default function accountPasswordRoutes(
  services: Services,
  kind: Kind,
  paths: AccountPaths,
): Router {
  const router = Router();

  function render(
    res: Response,
    account: Account,
    status: number,
    errors: FieldError[],
    locked = 0,
  ) {
    res.status(status).render('account/password', {
      paths,
      errors,
      lockedMinutes: locked,
      temporary: account.passwordTemporarySince !== null,
      fields: { current: CURRENT, next: NEW, again: AGAIN },
    });
  }

  router.get(paths.password, async (req, res) => {
    render(res, await accountOf(req, services, kind), 200, []);
  });

  router.post(paths.password, async (req, res) => {
    const t = res.locals.t;
    const account = await accountOf(req, services, kind);
    const audit = (outcome: AuditOutcome) =>
      auditOwnAccountChange(services, req, kind, account.id, 'password', outcome);
    const current = bodyText(req, CURRENT, PASSWORD_READ_MAX);
    const next = bodyText(req, NEW, PASSWORD_READ_MAX);
    const again = bodyText(req, AGAIN, PASSWORD_READ_MAX);
    const errors: FieldError[] = [];
    if (current === '') errors.push(fieldError(CURRENT, t('account.password.currentRequired')));
    const weak = passwordProblem(next, personalDataOf(account));
    if (weak) errors.push(fieldError(NEW, t(weak.key, weak.values)));
    const unconfirmed = weak ? undefined : confirmationProblem(next, again);
    if (unconfirmed) errors.push(fieldError(AGAIN, t(unconfirmed.key, unconfirmed.values)));
    if (errors.length > 0) {
      await audit('invalid');
      render(res, account, 400, errors);
      return;
    }

    const result = await services.accountSettings.changePassword(
      account,
      current,
      next,
      changeContextOf(req),
    );
    if (result.outcome === 'locked') {
      services.logger.warn({ reqId: req.id, accountId: account.id }, 'password change: locked');
      await audit('denied');
      render(res, account, 429, [], lockedMinutes(res, result));
      return;
    }
    if (result.outcome === 'wrongPassword') {
      services.logger.info({ reqId: req.id, accountId: account.id }, 'password change: wrong');
      await audit('denied');
      render(res, account, 401, [fieldError(CURRENT, t('account.password.currentWrong'))]);
      return;
    }
    if (result.outcome === 'samePassword') {
      await audit('invalid');
      render(res, account, 400, [fieldError(NEW, t('account.password.same'))]);
      return;
    }
    // The old id may have been seen with the old password: this session goes on under a new one.
    await renewSessionId(req, services);
    const temporary = account.passwordTemporarySince !== null;
    services.logger.info(
      { reqId: req.id, accountId: account.id, notice: result.notice, temporary },
      'password changed; other sessions ended',
    );
    // The same row whether the change was asked for or forced (SECURITY.md line 29).
    await audit('ok');
    res.redirect(303, temporary && kind === 'staff' ? AFTER_TEMPORARY : paths.done('losenord'));
  });

  return router;
}

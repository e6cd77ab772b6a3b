import { Router, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { renewSessionId } from '../middleware/set-up-session';
import type { Services } from '../services';
import { personalDataOf } from '../services/account-settings';
import {
  confirmationProblem,
  PASSWORD_READ_MAX,
  passwordProblem,
} from '../services/passwords/password-policy';
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
/** Read in full, so a too long password is counted right in the message, never cut short. */

/** A new password: the current one, then the new one twice (SEC-2, SEC-12). */
export default function accountPasswordRoutes(
  services: Services,
  kind: Kind,
  paths: AccountPaths,
): Router {
  const router = Router();

  function render(res: Response, status: number, errors: FieldError[], locked = 0) {
    res.status(status).render('account/password', {
      paths,
      errors,
      lockedMinutes: locked,
      fields: { current: CURRENT, next: NEW, again: AGAIN },
    });
  }

  router.get(paths.password, (_req, res) => {
    render(res, 200, []);
  });

  router.post(paths.password, async (req, res) => {
    const t = res.locals.t;
    const account = await accountOf(req, services, kind);
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
      render(res, 400, errors);
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
      render(res, 429, [], lockedMinutes(res, result));
      return;
    }
    if (result.outcome === 'wrongPassword') {
      services.logger.info({ reqId: req.id, accountId: account.id }, 'password change: wrong');
      render(res, 401, [fieldError(CURRENT, t('account.password.currentWrong'))]);
      return;
    }
    if (result.outcome === 'samePassword') {
      render(res, 400, [fieldError(NEW, t('account.password.same'))]);
      return;
    }
    // The old id may have been seen with the old password: this session goes on under a new one.
    await renewSessionId(req, services);
    services.logger.info(
      { reqId: req.id, accountId: account.id, notice: result.notice },
      'password changed; other sessions ended',
    );
    res.redirect(303, paths.done('losenord'));
  });

  return router;
}

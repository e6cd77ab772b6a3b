import { Router } from 'express';
import type { Services } from '../services';
import { accountOf, accountPaths, nationalMobile, type Kind } from './account-context';
import accountAppRoutes from './account-app';
import accountMobileRoutes from './account-mobile';
import accountPasswordRoutes from './account-password';
import { LOGIN_PATHS, requireUser } from './login-session';

const DONE = ['losenord', 'mobilnummer', 'app'] as const;

/**
 * Mitt konto for a logged-in user of one kind: an overview, a new password, a new mobile
 * number and (staff) an authenticator app.
 */
export default function accountRoutes(services: Services, kind: Kind): Router {
  const router = Router();
  const paths = accountPaths(kind);
  router.use(paths.base, requireUser(kind));

  router.get(paths.base, async (req, res) => {
    const account = await accountOf(req, services, kind);
    const done = DONE.find((what) => what === req.query.klart);
    res.render('account/index', {
      kind,
      paths,
      home: LOGIN_PATHS.home[kind],
      name: account.name,
      identifier:
        kind === 'staff'
          ? account.username
          : account.personnummer?.replace(/^(\d{8})(\d{4})$/, '$1-$2'),
      mobile: account.mobile ? nationalMobile(account.mobile) : undefined,
      appEnabled: kind === 'staff' && (await services.accountSettings.appEnabled(account)),
      done,
    });
  });

  router.use(accountPasswordRoutes(services, kind, paths));
  router.use(accountMobileRoutes(services, kind, paths));
  if (kind === 'staff') router.use(accountAppRoutes(services, paths));
  return router;
}

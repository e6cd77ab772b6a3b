import type { RequestHandler } from 'express';
import type { Services } from '../services';
import { signedInAccount } from './signed-in-account';

/** Staff pages get staff help in the footer: never "your application" texts meant for applicants. */
export function isStaffPage(path: string, kind: 'applicant' | 'staff' | undefined): boolean {
  return kind === 'staff' || /^\/(handlaggare|personal)(\/|$)/.test(path);
}

/**
 * What the layout needs on every page: where we are, which municipality the visitor chose, and
 * who is logged in.
 */
export function setUpViewLocals({ municipalities, accounts }: Services): RequestHandler {
  return async (req, res, next) => {
    res.locals.currentPath = req.path;
    res.locals.municipality = undefined;
    res.locals.user = undefined;
    const user = req.session.user;
    res.locals.staffPage = isStaffPage(req.path, user?.kind ?? req.session.pendingLogin?.kind);
    if (user) {
      const account = await signedInAccount(req, accounts);
      if (account) {
        res.locals.user = {
          name: account.name,
          home: user.kind === 'staff' ? '/handlaggare' : '/mina-sidor',
        };
      }
    }
    const code = req.session.municipalityCode;
    if (code) res.locals.municipality = await municipalities.find(code);
    next();
  };
}

import type { Request, RequestHandler } from 'express';
import type { Services } from '../services';
import { safeReturnPath } from './safe-return-path';
import { signedInAccount } from './signed-in-account';

/** Staff pages get staff help in the footer: never "your application" texts meant for applicants. */
export function isStaffPage(path: string, kind: 'applicant' | 'staff' | undefined): boolean {
  return kind === 'staff' || /^\/(handlaggare|personal)(\/|$)/.test(path);
}

/**
 * Where the visitor is, for the language switch and the timeout's "go on" to come back to: with
 * the query (a list's filters, a kept search) when it is one a return path may carry.
 */
function pageAddressOf(req: Request): string {
  const queryAt = req.originalUrl.indexOf('?');
  const address = queryAt === -1 ? req.path : req.path + req.originalUrl.slice(queryAt);
  return safeReturnPath(address) === address ? address : req.path;
}

/**
 * What the layout needs on every page: where we are, which municipality the visitor chose, and
 * who is logged in.
 */
export function setUpViewLocals({ municipalities, accounts }: Services): RequestHandler {
  return async (req, res, next) => {
    res.locals.currentPath = pageAddressOf(req);
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

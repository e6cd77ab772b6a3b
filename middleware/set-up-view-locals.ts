import type { RequestHandler } from 'express';
import type { Services } from '../services';
import { signedInAccount } from './signed-in-account';

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

import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

/** Synchroniser tokens kept in the session; every form posts `_csrf`. */
export function setUpCsrf(): RequestHandler[] {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req: Request) => {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? req.get('x-csrf-token');
      return typeof token === 'string' ? token : undefined;
    },
  });
  const exposeToken: RequestHandler = (req, res, next) => {
    // A function, so a session is only created on pages that actually show a form.
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
  return [exposeToken, csrfSynchronisedProtection];
}

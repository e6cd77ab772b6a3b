import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config';

/**
 * Signed double-submit tokens: an HMAC-signed token in an HttpOnly cookie that every form posts
 * back as `_csrf`. Nothing is kept on the server, so a visitor who only looks at pages gets no
 * session row. The token is bound to the cookie, not to the session id, so it survives the id
 * renewals at privilege changes and a tab opened before one still posts.
 */
export function setUpCsrf(config: Config): RequestHandler[] {
  const secure = config.secureCookies;
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => config.session.secret,
    getSessionIdentifier: () => 'portal',
    cookieName: secure ? '__Host-portal.csrf' : 'portal.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? req.get('x-csrf-token');
      return typeof token === 'string' ? token : undefined;
    },
  });
  const exposeToken: RequestHandler = (req, res, next) => {
    // A function, so the cookie is only set on pages that actually show a form.
    res.locals.csrfToken = () => generateCsrfToken(req, res);
    next();
  };
  return [exposeToken, doubleCsrfProtection];
}

import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config';

function csrfUtilities(config: Config, skip?: (req: Request) => boolean) {
  const secure = config.secureCookies;
  return doubleCsrf({
    getSecret: () => config.session.secret,
    getSessionIdentifier: () => 'portal',
    cookieName: secure ? '__Host-portal.csrf' : 'portal.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req: Request) => {
      const body = req.body as Record<string, unknown> | undefined;
      const token = body?._csrf ?? req.get('x-csrf-token');
      return typeof token === 'string' ? token : undefined;
    },
    ...(skip ? { skipCsrfProtection: skip } : {}),
  });
}

export interface CsrfOptions {
  /**
   * Requests whose body no parser has read yet when this runs (a multipart upload): the route
   * parses it and then checks the token with `checkCsrfToken`. Everything else is checked here.
   */
  checkedByRoute?: (req: Request) => boolean;
}

/**
 * Signed double-submit tokens: an HMAC-signed token in an HttpOnly cookie that every form posts
 * back as `_csrf`. Nothing is kept on the server, so a visitor who only looks at pages gets no
 * session row. The token is bound to the cookie, not to the session id, so it survives the id
 * renewals at privilege changes and a tab opened before one still posts.
 *
 * Two handlers: `exposeToken` early (any page, error pages included, may show a form such as the
 * header's logout), `protect` once the form body is parsed.
 */
export function setUpCsrf(
  config: Config,
  options: CsrfOptions = {},
): { exposeToken: RequestHandler; protect: RequestHandler } {
  const { doubleCsrfProtection, generateCsrfToken } = csrfUtilities(config, options.checkedByRoute);
  const exposeToken: RequestHandler = (req, res, next) => {
    // A function, so the cookie is only set on pages that actually show a form; made once per
    // request, so every form on a page (upload, remove, the step) carries the cookie's token.
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= generateCsrfToken(req, res));
    next();
  };
  return { exposeToken, protect: doubleCsrfProtection };
}

/**
 * The same check as setUpCsrf's, for a route that parsed its own body (a multipart upload): run
 * it right after parsing and before anything is stored. A missing or wrong token is a 403.
 */
export function checkCsrfToken(config: Config): RequestHandler {
  return csrfUtilities(config).doubleCsrfProtection;
}

import type { RequestHandler } from 'express';
import type { Logger } from '../services/logger';

/** Said at most this often: a misconfigured proxy must be seen in the log, not flood it. */
const WARN_EVERY_MS = 10 * 60_000;

/**
 * With an https BASE_URL the session cookie is Secure, and express-session quietly never sets it
 * on a request it does not see as https: every login then comes back to the login page with
 * nothing logged. Such a request is said in the log, with what to fix.
 */
export function warnPlainHttp(secureCookies: boolean, logger: Logger): RequestHandler {
  let lastWarned = -Infinity;
  return (req, _res, next) => {
    if (secureCookies && !req.secure && req.path !== '/healthz' && req.path !== '/readyz') {
      const now = Date.now();
      if (now - lastWarned >= WARN_EVERY_MS) {
        lastWarned = now;
        logger.warn(
          { reqId: req.id },
          'a request came as plain http although BASE_URL is https: no session cookie can be ' +
            'set. The proxy must send X-Forwarded-Proto: https, and TRUST_PROXY must trust it',
        );
      }
    }
    next();
  };
}

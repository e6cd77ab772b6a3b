import type { Request, RequestHandler } from 'express';
import type { Services } from '../services';
import type { RateLimitCheck } from '../services/rate-limits';
import { TooManyRequestsError } from './too-many-requests';

declare module 'express-session' {
  interface SessionData {
    /** When the session was first stored (ms since the epoch). */
    startedAt?: number;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Honours Express's `trust proxy`, so behind a proxy this is the visitor, not the proxy. */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The id of a session stored earlier; a request without one would start a new session. */
function startedSessionId(req: Request): string | undefined {
  return typeof req.session.startedAt === 'number' ? req.sessionID : undefined;
}

function limitWith(
  { rateLimits, logger }: Services,
  checksFor: (req: Request) => RateLimitCheck[],
): RequestHandler {
  return async (req, _res, next) => {
    const checks = checksFor(req);
    if (checks.length === 0) {
      next();
      return;
    }
    const reqId = typeof req.id === 'string' ? req.id : undefined;
    let outcome;
    try {
      outcome = await rateLimits.consume(checks);
    } catch (error) {
      // Fail open: when the database cannot count, applicants must still get through; a limit
      // missed for a while is a smaller harm than a portal closed to everyone.
      logger.error({ err: error, reqId }, 'rate limits could not be checked; request let through');
      next();
      return;
    }
    if (outcome.allowed) {
      next();
      return;
    }
    logger.warn({ reqId, limits: outcome.reached }, 'rate limit reached');
    next(new TooManyRequestsError(outcome.retryAfterMs));
  };
}

/**
 * Counts every state-changing request per IP address, and per session once the session exists;
 * a request without a started session is counted as one more new session from its IP address.
 * Goes after the session middleware and before CSRF, so that forged posts count too.
 */
export function setUpRateLimits(services: Services): RequestHandler {
  return limitWith(services, (req) => {
    if (SAFE_METHODS.has(req.method)) return [];
    const address = clientAddress(req);
    const sessionId = startedSessionId(req);
    return [
      { limit: 'postsPerIp', key: address },
      sessionId
        ? { limit: 'postsPerSession', key: sessionId }
        : { limit: 'newSessionsPerIp', key: address },
    ];
  });
}

/** For a PDF route: building a PDF costs far more than a page, so it has limits of its own. */
export function limitPdfDownloads(services: Services): RequestHandler {
  return limitWith(services, (req) => {
    const sessionId = startedSessionId(req);
    return [
      { limit: 'pdfsPerIp', key: clientAddress(req) },
      ...(sessionId ? [{ limit: 'pdfsPerSession' as const, key: sessionId }] : []),
    ];
  });
}

import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { scrubIdentityNumbers, serializeError, type Logger } from '../services/logger';

/** `%2D` and friends decoded first, so an encoded personnummer is masked too. */
function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: mask what is there.
  }
  return scrubIdentityNumbers(decoded);
}

/**
 * One log line per request with a generated request id (also shown on the error page). Only the
 * path is logged, with any personnummer in it masked: query strings and bodies may hold personal
 * data.
 */
export function setUpRequestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      err: serializeError,
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: loggablePath(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // 503 is the portal saying "busy, try again in a minute" (PDF queue full): expected, not a fault.
    customLogLevel: (_req, res, error) =>
      res.statusCode === 503
        ? 'warn'
        : error || res.statusCode >= 500
          ? 'error'
          : res.statusCode >= 400
            ? 'warn'
            : 'info',
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}

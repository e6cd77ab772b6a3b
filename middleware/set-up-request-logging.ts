import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { scrubIdentityNumbers, type Logger } from '../services/logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: the X-Request-Id header, the log line, the error page's reference. */
    id: string;
  }
}

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

/** 503 is the portal saying "busy, try again in a minute" (PDF queue full): expected, not a fault. */
function levelOf(status: number): 'info' | 'warn' | 'error' {
  if (status === 503) return 'warn';
  if (status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}

const UNLOGGED = new Set(['/healthz', '/readyz']);

/**
 * One log line per request with a generated request id (also shown on the error page). Only the
 * method, the path (with any personnummer in it masked: query strings and bodies may hold
 * personal data), the status and the time are logged. Written by hand rather than with pino-http,
 * which made a child logger for every request and cost a third of a simple page.
 */
export function setUpRequestLogging(logger: Logger): RequestHandler {
  // This line holds only the fields below, none of them secret (the path is masked above), so
  // the logger's wildcard redaction, which walks every line it writes, is not needed for it.
  const requestLog = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const id = randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (UNLOGGED.has(req.url)) {
      next();
      return;
    }
    const started = performance.now();
    let logged = false;
    // 'finish' when the response was sent; 'close' alone when the client went away first.
    const log = () => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      requestLog[levelOf(status)](
        {
          req: { id, method: req.method, path: loggablePath(req.originalUrl) },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    };
    res.once('finish', log);
    res.once('close', log);
    next();
  };
}

import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { defaultLanguage, isLanguage, translator } from '../locales';
import { swedishTermsFor } from './swedish-terms';
import type { Logger } from '../services/logger';
import { SessionEndedError } from './set-up-session';
import { isStaffPage } from './set-up-view-locals';
import { TooManyRequestsError } from './too-many-requests';
import { PasswordHasherBusyError } from '../services/passwords/password-hasher';
import { PdfQueueFullError } from '../services/pdf-renderer';
import type { ServiceBusyError } from '../services/service-busy-error';
import { UploadsBusyError } from '../services/upload-memory';

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).render('pages/not-found');
};

function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const value = typeof status === 'number' ? status : statusCode;
    if (typeof value === 'number' && value >= 400 && value < 600) return value;
  }
  return 500;
}

/** An error may strike before the middleware that fills these in has run. */
function ensureLayoutLocals(res: Response, path: string) {
  const locals: Partial<Response['locals']> = res.locals;
  const language: unknown = locals.lang;
  if (!isLanguage(language)) {
    res.locals.lang = defaultLanguage;
    res.locals.t = translator(defaultLanguage);
    res.locals.withSwedishTerms = swedishTermsFor[defaultLanguage];
  }
  locals.currentPath ??= path;
  // The layout reads it; an error before setUpViewLocals leaves it unset.
  if (!('municipality' in locals)) res.locals.municipality = undefined;
  locals.staffPage ??= isStaffPage(path, undefined);
}

const clientErrorPages: Record<number, string> = {
  403: 'pages/forbidden',
  413: 'pages/too-large',
};

/**
 * Refusals because the instance is busy (503 with Retry-After): each with its page. A login
 * storm refuses at once and counts nothing (pages with a form keep it themselves); a full PDF
 * queue asks the applicant back in a minute; a full upload memory keeps the server from running
 * out of it.
 */
const busyPages: {
  type: new () => ServiceBusyError;
  page: string;
  log: string;
}[] = [
  { type: PasswordHasherBusyError, page: 'pages/login-busy', log: 'password hashing queue full' },
  { type: PdfQueueFullError, page: 'pages/pdf-busy', log: 'PDF queue full' },
  { type: UploadsBusyError, page: 'pages/uploads-busy', log: 'upload memory full' },
];

/** A friendly Swedish page with a reference id; the detail goes to the log, never to the browser. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof SessionEndedError) {
      // Not a fault: logged out (or renewed) in another tab while this request ran.
      logger.info({ reqId: req.id }, 'session ended during the request');
      res.redirect(303, error.landing);
      return;
    }
    ensureLayoutLocals(res, req.path);
    const status = statusOf(error);
    const reference = typeof req.id === 'string' ? req.id : 'okänd';
    res.setHeader('Cache-Control', 'no-store');
    if (error instanceof TooManyRequestsError) {
      // Already logged, with the limit reached, where it was refused.
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(429).render('pages/too-many-requests', { minutes: error.retryAfterMinutes });
      return;
    }
    const busy = busyPages.find(({ type }) => error instanceof type);
    if (busy && error instanceof busy.type) {
      // Expected under load, not a fault: a page that says to try again shortly.
      logger.warn({ reqId: reference }, busy.log);
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(error.status).render(busy.page);
      return;
    }
    if (status < 500) {
      logger.warn({ reqId: reference, status }, 'request refused');
      res.status(status).render(clientErrorPages[status] ?? 'pages/bad-request');
      return;
    }
    logger.error({ err: error, reqId: reference }, 'request failed');
    res
      .status(500)
      .render('pages/server-error', { reference }, (renderError: Error | null, html) => {
        // If even the error page cannot render, answer in plain text rather than with a stack.
        if (renderError) res.type('text/plain').send(`Något gick fel. Referens: ${reference}`);
        else res.send(html);
      });
  };
}

import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Services } from '../services';
import { forgetSessionMarker } from './session-marker';

export function sessionCookieName(secure: boolean): string {
  // __Host-: only ever set over https, for this host, on every path — never by a subdomain.
  return secure ? '__Host-portal.sid' : 'portal.sid';
}

/** A visit ended on purpose (logout, cancel, the absolute limit): both of its cookies go. */
export function clearSessionCookies(res: Response, secure: boolean): void {
  // The same attributes as when set: a browser keeps a __Host- cookie cleared without Secure.
  res.clearCookie(sessionCookieName(secure), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
  forgetSessionMarker(res, secure);
}

/**
 * Sessions live in our database (never MemoryStore). The idle timeout rolls on each request; the
 * absolute limit counts from `startedAt`, so even an active session ends after it.
 */
const NO_SESSION = Object.freeze({}) as Request['session'];

export function setUpSession(services: Services): RequestHandler[] {
  const { config, sessionStore, clock } = services;
  const absoluteMs = config.session.absoluteHours * 3_600_000;
  const sessions = session({
    name: sessionCookieName(config.secureCookies),
    secret: config.session.secret,
    store: sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.session.idleMinutes * 60_000,
      path: '/',
    },
  });
  const cookieName = sessionCookieName(config.secureCookies);
  // A visitor without a session who only looks needs none: no id is generated, nothing hashed.
  // The stand-in is frozen, so a GET handler that tries to write a session fails loudly.
  const sessionsWhenNeeded: RequestHandler = (req, res, next) => {
    const cookies = req.cookies as Record<string, string | undefined>;
    if ((req.method === 'GET' || req.method === 'HEAD') && cookies[cookieName] === undefined) {
      req.session = NO_SESSION;
      next();
      return;
    }
    sessions(req, res, next);
  };
  const absoluteLimit: RequestHandler = (req, res, next) => {
    res.locals.sessionAbsoluteHours = config.session.absoluteHours;
    res.locals.idleMinutes = config.session.idleMinutes;
    const { startedAt } = req.session;
    if (startedAt === undefined || clock.now().getTime() - startedAt < absoluteMs) {
      next();
      return;
    }
    req.session.destroy((error: unknown) => {
      if (error) {
        next(error);
        return;
      }
      clearSessionCookies(res, config.secureCookies);
      res.redirect(303, '/?sessionen=slut');
    });
  };
  return [sessionsWhenNeeded, absoluteLimit];
}

/** Marks a session worth keeping: from now on it is stored, and its absolute limit runs. */
export function beginSession(req: Request, now: Date): void {
  req.session.startedAt ??= now.getTime();
}

/**
 * The session this request began with was ended (logout, SEC-12, expiry) or renewed by a
 * parallel request while the request was under way: it is not carried on under a new id.
 * `landing` is where the visitor goes instead.
 */
export class SessionEndedError extends Error {
  constructor(readonly landing: string) {
    super('The session ended while the request was under way');
  }
}

/**
 * A new session id for the same visitor, at every change of privilege (choosing a municipality,
 * logging in): an id planted or seen before is worthless after it. Drafts move to the new id.
 * The old row goes and the new one comes in one step (`DatabaseSessionStore.renew`), and only
 * while the old session is still live, so a request under way at logout cannot log anyone in
 * again under a fresh id.
 */
export async function renewSessionId(req: Request, services: Services): Promise<void> {
  const store = services.sessionStore;
  const carried = Object.fromEntries(
    Object.entries(req.session).filter(([key]) => key !== 'cookie'),
  );
  const oldSid = req.sessionID;
  const oldWasStored = store.isStored(req.session);
  const landing = req.session.user ? LANDING[req.session.user.kind] : samePage(req);
  store.markRenewing(oldSid);
  await new Promise<void>((resolve, reject) => {
    req.session.regenerate((error: unknown) => {
      if (error) reject(error instanceof Error ? error : new Error('Session renewal failed'));
      else resolve();
    });
  });
  Object.assign(req.session, carried);
  if (!(await store.renew(oldSid, oldWasStored, req.sessionID, req.session))) {
    // No session for this response: express-session then neither stores one nor sets a cookie.
    (req as { session: Request['session'] | null }).session = null;
    throw new SessionEndedError(landing);
  }
}

const LANDING = { applicant: '/mina-sidor', staff: '/handlaggare' } as const;

/**
 * The page a visitor without an account posted from, to show again. Mostly a double click: the
 * first click renewed the id and its response brought the browser the new cookie, so the page
 * opens as it would have; after a real end, its own guard sends the visitor on.
 */
function samePage(req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

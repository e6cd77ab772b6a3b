import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Services } from '../services';

export const SESSION_COOKIE = 'portal.sid';

declare module 'express-session' {
  interface SessionData {
    municipalityCode?: string;
  }
}

/** Sessions live in our database (never MemoryStore); the idle timeout rolls on each request. */
export function setUpSession({ config, sessionStore }: Services): RequestHandler {
  return session({
    name: SESSION_COOKIE,
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
}

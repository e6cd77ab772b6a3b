import type { Request, Response } from 'express';
import type { Services } from '../services';
import type { Account } from '../services/accounts';

/** `__Host-` over https: only ever set by this host, on every path, never by a subdomain. */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-portal.device' : 'portal.device';
}

/** The device cookie the browser sent, if any; the login service decides what it is worth. */
export function deviceCookieOf(req: Request, services: Services): string | undefined {
  const cookies = req.cookies as Record<string, string | undefined>;
  return cookies[deviceCookieName(services.config.secureCookies)];
}

/**
 * Both factors are done: this browser is trusted for the account from now on (SEC-1), with a
 * new nonce at every login. Only the login form reads it, so it never leaves this site.
 */
export function trustThisDevice(res: Response, services: Services, account: Account): void {
  const { value, maxAgeMs } = services.login.deviceCookieFor(account);
  res.cookie(deviceCookieName(services.config.secureCookies), value, {
    httpOnly: true,
    secure: services.config.secureCookies,
    sameSite: 'strict',
    path: '/',
    maxAge: maxAgeMs,
  });
}

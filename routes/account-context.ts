import type { Request, Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import type { Account } from '../services/accounts';
import type { ChangeContext } from '../services/account-settings';
import type { Locked } from '../services/login';
import { minutesOf } from './login';

export type Kind = Account['kind'];

/** Mitt konto: under Mina sidor for applicants, under the caseworker pages for staff. */
export const ACCOUNT_PATHS = {
  applicant: '/mina-sidor/konto',
  staff: '/handlaggare/konto',
} as const;

export function accountPaths(kind: Kind) {
  const base = ACCOUNT_PATHS[kind];
  return {
    base,
    password: `${base}/losenord`,
    mobile: `${base}/mobilnummer`,
    mobileCode: `${base}/mobilnummer/kod`,
    app: `${base}/app`,
    appCode: `${base}/app/kod`,
    appCancel: `${base}/app/avbryt`,
    done: (what: 'losenord' | 'mobilnummer' | 'app') => `${base}?klart=${what}`,
  };
}

export type AccountPaths = ReturnType<typeof accountPaths>;

/** The logged-in user's account; only reached behind requireUser(kind). */
export async function accountOf(req: Request, services: Services, kind: Kind): Promise<Account> {
  const user = req.session.user;
  const account = user?.kind === kind ? await services.accounts.find(user.accountId) : undefined;
  if (!account) throw new Error('Mitt konto ran without a logged-in account');
  return account;
}

export function changeContextOf(req: Request): ChangeContext {
  return { ip: req.ip ?? 'unknown', sessionId: req.sessionID };
}

/** A posted text field: a string or nothing, never longer than `max` (a password: PASSWORD_READ_MAX). */
export function bodyText(req: Request, name: string, max = 200): string {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export function fieldError(field: string, text: string): FieldError {
  return { field, text, href: `#${field}` };
}

/** Too many wrong passwords: the page says for how long, and Retry-After says it too. */
export function lockedMinutes(res: Response, locked: Locked): number {
  res.setHeader('Retry-After', String(Math.ceil(locked.retryAfterMs / 1000)));
  return minutesOf(locked);
}

/** A Swedish mobile number as people write it: "+46701234567" -> "070-123 45 67". */
export function nationalMobile(e164: string): string {
  const match = /^\+46(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return match ? `0${match[1]}-${match[2]} ${match[3]} ${match[4]}` : e164;
}

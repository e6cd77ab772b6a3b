import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Application } from 'express';
import session from 'express-session';
import { sessionCookieName } from '../../middleware/set-up-session';
import type { Services } from '../../services';
import { agentFor, type Agent } from './http';

export interface SignedInApplicant {
  agent: Agent;
  accountId: string;
}

interface CookieJar {
  setCookie(cookie: string, domain: string, path: string): unknown;
}

/** What express-session puts in its cookie: `s:<id>.<HMAC-SHA256 of the id>` (cookie-signature). */
function signedSessionId(sid: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `s:${sid}.${signature}`;
}

/**
 * An agent for an applicant who has logged in with both factors, as the login will leave them:
 * an `account` row and a stored session naming it (`user`, by SMS), with a municipality chosen.
 * Stands in for the login pages until they exist; the agent then logs in through them instead.
 */
export async function signedInApplicant(
  app: Application,
  services: Services,
  { name = 'Anna Andersson', municipalityCode = '9901' } = {},
): Promise<SignedInApplicant> {
  const now = services.clock.now().getTime();
  const accountId = randomUUID();
  await services.database.db
    .insertInto('account')
    .values({
      id: accountId,
      kind: 'applicant',
      personnummer: `19${String(randomInt(10 ** 9)).padStart(10, '0')}`,
      username: null,
      name,
      mobile: '+46701234567',
      municipality_code: municipalityCode,
      password_hash: null,
      password_changed_at: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();

  const sid = randomBytes(24).toString('base64url');
  const maxAge = services.config.session.idleMinutes * 60_000;
  const secure = services.config.secureCookies;
  const stored = new session.Cookie();
  Object.assign(stored, { httpOnly: true, path: '/', sameSite: 'lax', secure });
  stored.maxAge = maxAge;
  stored.originalMaxAge = maxAge;
  await services.sessionStore.write(sid, {
    cookie: stored,
    startedAt: now,
    municipalityCode,
    user: { accountId, kind: 'applicant', method: 'sms', at: now },
  });

  const agent = agentFor(app);
  const cookie = `${sessionCookieName(secure)}=${encodeURIComponent(
    signedSessionId(sid, services.config.session.secret),
  )}; Path=/; HttpOnly`;
  (agent as unknown as { jar: CookieJar }).jar.setCookie(cookie, '127.0.0.1', '/');
  return { agent, accountId };
}

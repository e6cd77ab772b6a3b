import type { Request, RequestHandler } from 'express';
import { beginSession, renewSessionId } from '../middleware/set-up-session';
import type { Services } from '../services';
import type { Account } from '../services/accounts';
import type { SecondFactorMethod } from '../services/session-store';
import { safeReturnPath } from '../middleware/safe-return-path';

export const LOGIN_PATHS = {
  applicant: '/logga-in',
  staff: '/personal/logga-in',
  secondFactor: '/logga-in/kod',
  home: { applicant: '/mina-sidor', staff: '/handlaggare' },
} as const;

/**
 * The password was right: a new session id (SEC-8), and the session waits for the second
 * factor. Until then it shows no personal data and is not logged in.
 */
export async function awaitSecondFactor(
  req: Request,
  services: Services,
  account: Account,
  returnTo: string | undefined,
): Promise<void> {
  await renewSessionId(req, services);
  beginSession(req, services.clock.now());
  delete req.session.user;
  req.session.pendingLogin = {
    accountId: account.id,
    kind: account.kind,
    codeNumber: await services.login.askCodeNumber(account),
    returnTo,
  };
}

/**
 * Both factors are done: a new session id again (SEC-8), and the applicant's anonymous drafts
 * from before the login become theirs. Returns where to go next.
 */
export async function completeLogin(
  req: Request,
  services: Services,
  account: Account,
  method: SecondFactorMethod,
): Promise<string> {
  const returnTo = req.session.pendingLogin?.returnTo;
  await renewSessionId(req, services);
  beginSession(req, services.clock.now());
  delete req.session.pendingLogin;
  req.session.user = {
    accountId: account.id,
    kind: account.kind,
    method,
    at: services.clock.now().getTime(),
  };
  if (account.kind === 'staff') return returnTo ?? LOGIN_PATHS.home.staff;

  if (account.municipalityCode) req.session.municipalityCode = account.municipalityCode;
  const actor = { kind: 'applicant' as const, userId: account.id };
  let adopted: string | undefined;
  let deleted = false;
  for (const [formId, id] of Object.entries(req.session.drafts ?? {})) {
    const draft = await services.applications.find({ kind: 'anonymous' }, id);
    const outcome =
      draft && (await services.applications.adopt(draft, actor, account.personnummer));
    if (outcome === 'adopted') adopted = id;
    if (outcome === 'deleted') {
      deleted = true;
      delete req.session.drafts?.[formId];
    }
  }
  if (adopted) return `${LOGIN_PATHS.home.applicant}?fortsatt=${adopted}`;
  if (deleted) return `${LOGIN_PATHS.home.applicant}?annans-utkast=raderat`;
  return returnTo ?? LOGIN_PATHS.home.applicant;
}

/**
 * The page a form on it posts from: a case's or an application's own page for the posts about
 * it (a note, a message, a mark), else the start of the area.
 */
function pageOfPost(path: string): string {
  const page = /^\/(handlaggare\/arenden|mina-sidor\/ansokningar)\/[^/]+/.exec(path)?.[0];
  if (page) return page;
  const area = /^\/(handlaggare|mina-sidor)(?=\/|$)/.exec(path)?.[0];
  return area ?? '/';
}

/**
 * Pages with personal data: only for a user logged in with both factors (SEC-3). Anyone else
 * goes to the login, and one who has done only the password step goes to the second factor.
 */
export function requireUser(kind: Account['kind']): RequestHandler {
  return (req, res, next) => {
    if (req.session.user?.kind === kind) {
      next();
      return;
    }
    if (req.session.pendingLogin?.kind === kind) {
      res.redirect(303, LOGIN_PATHS.secondFactor);
      return;
    }
    if (req.method === 'GET') {
      const back = safeReturnPath(req.originalUrl.split('?')[0]);
      res.redirect(303, `${LOGIN_PATHS[kind]}?tillbaka=${encodeURIComponent(back)}`);
      return;
    }
    // A post after the session ended (a note typed for long): back to the page it came from,
    // with a word that what was sent is not saved.
    const back = safeReturnPath(pageOfPost(req.originalUrl.split('?')[0] ?? '/'));
    res.redirect(303, `${LOGIN_PATHS[kind]}?tillbaka=${encodeURIComponent(back)}&ej-sparat=1`);
  };
}

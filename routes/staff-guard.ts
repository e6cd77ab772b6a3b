import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { signedInAccount } from '../middleware/signed-in-account';
import type { Services } from '../services';
import type { AuditAction } from '../services/audit-log';
import type { LetterOwner } from '../services/pending-letters';
import { temporaryPasswordExpired } from '../services/accounts';
import { loadStaffMember, roleIn, type StaffMember } from '../services/staff-access';
import { accountPaths } from './account-context';
import { LOGIN_PATHS, requireUser } from './login-session';

/** Where a staff member with a handed-out password must go first (ASVS 4 2.3.1). */
const NEW_PASSWORD_PATH = accountPaths('staff').password;

/** The login page, saying that the handed-out password has run out. */
export const TEMPORARY_EXPIRED_LOGIN = `${LOGIN_PATHS.staff}?utgatt=tillfalligt`;

const staffByRequest = new WeakMap<Request, StaffMember>();

function endSession(req: Request, res: Response, next: NextFunction, to: string) {
  req.session.destroy((error: unknown) => {
    if (error) next(error);
    else res.redirect(303, to);
  });
}

/**
 * Staff pages: logged in with both factors as staff (SEC-3), with the grants read afresh on
 * every request, so a grant taken away or a disabled account counts at once. A staff member
 * still on the password the administrator handed out sees nothing but the page to choose their
 * own (any other page, file or export, GET or POST, is sent there): here, so that no new staff
 * route can forget it. Logging out is outside /handlaggare and stays open.
 */
export function requireStaff(services: Services): RequestHandler[] {
  const loadGrants: RequestHandler = async (req, res, next) => {
    const accountId = req.session.user?.accountId ?? '';
    const staff = await loadStaffMember(
      services.accounts,
      accountId,
      signedInAccount(req, services.accounts),
    );
    if (!staff) {
      // Disabled (or gone) since the login: the session ends here.
      services.logger.warn({ reqId: req.id }, 'staff session ended: no active staff account');
      endSession(req, res, next, LOGIN_PATHS.staff);
      return;
    }
    // A handed-out password that ran out while its session was open cannot still be replaced.
    if (temporaryPasswordExpired(staff.account, services.clock.now())) {
      services.logger.warn(
        { reqId: req.id, accountId: staff.account.id },
        'staff session ended: temporary password expired',
      );
      endSession(req, res, next, TEMPORARY_EXPIRED_LOGIN);
      return;
    }
    if (
      staff.account.passwordTemporarySince !== null &&
      req.originalUrl.split('?')[0] !== NEW_PASSWORD_PATH
    ) {
      res.redirect(303, NEW_PASSWORD_PATH);
      return;
    }
    staffByRequest.set(req, staff);
    next();
  };
  return [requireUser('staff'), loadGrants];
}

/** The staff member of a request that passed requireStaff. */
export function staffOf(req: Request): StaffMember {
  const staff = staffByRequest.get(req);
  if (!staff) throw new Error('A staff route ran without requireStaff');
  return staff;
}

/** Letters with codes are bound to the staff member and the session they were made in. */
export function letterOwnerOf(req: Request): LetterOwner {
  return { staffAccountId: staffOf(req).account.id, sessionId: req.sessionID };
}

export type StaffOutcome = 'ok' | 'none' | 'notFound' | 'forbidden' | 'exists' | 'invalid';

/** The audit log's words for the account desk's actions (services/audit-log.ts). */
const AUDIT_ACTIONS = {
  search: 'search',
  'account.view': 'view',
  'account.new': 'view',
  'account.create': 'change',
  'account.mobile': 'change',
  'account.codeList': 'change',
  'account.activationLetter': 'change',
  'letter.view': 'view',
  'letter.download': 'pdf',
} as const satisfies Record<string, AuditAction>;

export type StaffAction = keyof typeof AUDIT_ACTIONS;

/**
 * What a staff member looked at or did at the account desk (SECURITY.md line 29): an audit row
 * and a log line, each with who, in what role and municipality, did what to which account, and
 * how it went. Never a personnummer, a code or a session id. A refusal, or a person found only
 * in another municipality, is a `denied` row; input refused before anything was read, none.
 * The row follows the change rather than sharing its transaction (the desk's services predate
 * the audit log).
 */
export async function logStaffEvent(
  services: Services,
  req: Request,
  event: {
    action: StaffAction;
    outcome: StaffOutcome;
    subject?: string;
    municipality?: string | null;
    /** Refused because the account belongs to another municipality (SEC-15). */
    outside?: boolean;
  },
): Promise<void> {
  const staff = staffOf(req);
  const municipality = event.municipality ?? null;
  const role = roleIn(staff, municipality) ?? null;
  const line = {
    reqId: req.id,
    actor: staff.account.id,
    role,
    municipality,
    subject: event.subject ?? null,
    action: event.action,
    outcome: event.outcome,
    ...(event.outside ? { outside: true } : {}),
  };
  const refused =
    event.outcome === 'forbidden' || event.outcome === 'notFound' || event.outside === true;
  if (refused) services.logger.warn(line, 'staff action refused');
  else services.logger.info(line, 'staff action');
  if (event.outcome === 'invalid') return;
  await services.auditLog.record({
    actorId: staff.account.id,
    role,
    municipality:
      municipality ?? (staff.grants.map((grant) => grant.municipalityCode).join(',') || null),
    subject: event.subject ?? null,
    action: AUDIT_ACTIONS[event.action],
    outcome: refused ? 'denied' : 'ok',
    requestId: typeof req.id === 'string' ? req.id : null,
  });
}

/** Read-only staff trying to change something (SEC-16). */
export function renderForbidden(res: Response): void {
  res.status(403).render('staff/forbidden');
}

/**
 * A page for a municipality's administrators, asked for by staff without an admin grant: a
 * caseworker may change cases, so the read-only wording ("you can see but not change") would
 * be untrue for them.
 */
export function renderAdminOnly(res: Response): void {
  res.status(403).render('staff/forbidden', { adminOnly: true });
}

/** Missing, or another municipality's (SEC-15): the same page either way. */
export function renderNotFound(res: Response): void {
  res.status(404).render('pages/not-found');
}

/**
 * A case refused by a service ('notFound': missing or another municipality's; 'forbidden': a
 * read-only grant) answered with its page; false for any other outcome, which the route handles.
 */
export function renderedRefusal<T>(
  res: Response,
  outcome: T,
): outcome is Extract<T, 'notFound' | 'forbidden'> {
  if (outcome === 'notFound') renderNotFound(res);
  else if (outcome === 'forbidden') renderForbidden(res);
  else return false;
  return true;
}

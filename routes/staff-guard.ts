import type { Request, RequestHandler, Response } from 'express';
import { signedInAccount } from '../middleware/signed-in-account';
import type { Services } from '../services';
import type { LetterOwner } from '../services/pending-letters';
import { loadStaffMember, roleIn, type StaffMember } from '../services/staff-access';
import { LOGIN_PATHS, requireUser } from './login-session';

const staffByRequest = new WeakMap<Request, StaffMember>();

/**
 * Staff pages: logged in with both factors as staff (SEC-3), with the grants read afresh on
 * every request, so a grant taken away or a disabled account counts at once.
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
      req.session.destroy((error: unknown) => {
        if (error) next(error);
        else res.redirect(303, LOGIN_PATHS.staff);
      });
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

/**
 * One log line per thing a staff member looks at or does (SECURITY.md line 29 asks for an audit
 * event; until the audit log exists this is it): who, in what role and municipality, did what
 * to which account, and how it went. Never a personnummer, a code or a session id.
 */
export function logStaffEvent(
  services: Services,
  req: Request,
  event: {
    action: string;
    outcome: StaffOutcome;
    subject?: string;
    municipality?: string | null;
    /** Refused because the account belongs to another municipality (SEC-15). */
    outside?: boolean;
  },
): void {
  const staff = staffOf(req);
  const municipality = event.municipality ?? null;
  const line = {
    reqId: req.id,
    actor: staff.account.id,
    role: roleIn(staff, municipality) ?? null,
    municipality,
    subject: event.subject ?? null,
    action: event.action,
    outcome: event.outcome,
    ...(event.outside ? { outside: true } : {}),
  };
  if (event.outcome === 'forbidden' || event.outcome === 'notFound') {
    services.logger.warn(line, 'staff action refused');
  } else {
    services.logger.info(line, 'staff action');
  }
}

/** Read-only staff trying to change something (SEC-16). */
export function renderForbidden(res: Response): void {
  res.status(403).render('staff/forbidden');
}

/** Missing, or another municipality's (SEC-15): the same page either way. */
export function renderNotFound(res: Response): void {
  res.status(404).render('pages/not-found');
}

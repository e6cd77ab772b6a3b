import type { Request } from 'express';
import type { Services } from '../services';
import type { AuditAction, AuditDetail, AuditOutcome } from '../services/audit-log';
import { roleOver } from '../services/staff-access';
import type { Kind } from './account-context';

/**
 * A staff login in the audit log (SECURITY.md line 29): a success once both factors are done,
 * a failure at either step (an expired temporary password too). The subject is the account
 * tried (none for an unknown username); the actor is that account only once it has proved
 * itself. Never the username typed, the password or the code.
 */
export function auditStaffLogin(
  services: Services,
  req: Request,
  accountId: string | undefined,
  outcome: AuditOutcome,
): Promise<void> {
  return auditOwnAccount(services, req, accountId, 'login', outcome);
}

/**
 * A staff member's own password, mobile number or authenticator app in Mitt konto (a password
 * forced after a temporary one too): one `change` row by and about the account for each post,
 * done or not — `denied` when the password or code given again was wrong or locked, `invalid`
 * when what was typed could not be used. The step that only sends a code changes nothing and
 * is the change's first half: it is logged like the rest. Applicants' accounts are not staff
 * events: nothing is written for them.
 */
export function auditOwnAccountChange(
  services: Services,
  req: Request,
  kind: Kind,
  accountId: string,
  detail: AuditDetail,
  outcome: AuditOutcome,
): Promise<void> {
  if (kind !== 'staff') return Promise.resolve();
  // Logged in with both factors: the actor is known whatever the outcome.
  return auditOwnAccount(services, req, accountId, 'change', outcome, detail, accountId);
}

async function auditOwnAccount(
  services: Services,
  req: Request,
  accountId: string | undefined,
  action: AuditAction,
  outcome: AuditOutcome,
  detail?: AuditDetail,
  actorId = outcome === 'ok' ? accountId : undefined,
): Promise<void> {
  const grants = accountId ? await services.accounts.grantsOf(accountId) : [];
  const codes = grants.map((grant) => grant.municipalityCode);
  await services.auditLog.record({
    actorId: actorId ?? null,
    role: roleOver({ grants }, codes),
    municipality: codes.join(',') || null,
    subject: accountId ?? null,
    action,
    outcome,
    requestId: req.id,
    ...(detail ? { detail } : {}),
  });
}

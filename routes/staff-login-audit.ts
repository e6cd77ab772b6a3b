import type { Request } from 'express';
import type { Services } from '../services';
import type { AuditAction, AuditOutcome } from '../services/audit-log';

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
 * A staff member's new password, chosen in Mitt konto or forced after a temporary one: one
 * `change` row by and about the account itself, the same either way.
 */
export function auditStaffAccountChange(
  services: Services,
  req: Request,
  accountId: string,
): Promise<void> {
  return auditOwnAccount(services, req, accountId, 'change', 'ok');
}

async function auditOwnAccount(
  services: Services,
  req: Request,
  accountId: string | undefined,
  action: AuditAction,
  outcome: AuditOutcome,
): Promise<void> {
  const grants = accountId ? await services.accounts.grantsOf(accountId) : [];
  const roles = new Set(grants.map((grant) => grant.role));
  const [role] = [...roles];
  await services.auditLog.record({
    actorId: outcome === 'ok' ? (accountId ?? null) : null,
    role: roles.size === 1 && role !== undefined ? role : null,
    municipality: grants.map((grant) => grant.municipalityCode).join(',') || null,
    subject: accountId ?? null,
    action,
    outcome,
    requestId: req.id,
  });
}

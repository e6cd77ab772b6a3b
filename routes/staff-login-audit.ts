import type { Request } from 'express';
import type { Services } from '../services';
import type { AuditOutcome } from '../services/audit-log';

/**
 * A staff login in the audit log (SECURITY.md line 29): a success once both factors are done,
 * a failure at either step. The subject is the account tried (none for an unknown username);
 * the actor is that account only once it has proved itself. Never the username typed, the
 * password or the code.
 */
export async function auditStaffLogin(
  services: Services,
  req: Request,
  accountId: string | undefined,
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
    action: 'login',
    outcome,
    requestId: req.id,
  });
}

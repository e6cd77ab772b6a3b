import type { Request, Response } from 'express';
import type { Services } from '../services';
import type { AuditAction } from '../services/audit-log';
import { renderNotFound, staffOf } from './staff-guard';
import { accountIdOf } from './staff-paths';

/**
 * The case id in the address, or undefined after a 404 when it cannot be one: a refusal in the
 * audit log all the same, as a missing case is one (SEC-15, SEC-29).
 */
export async function caseIdOf(
  services: Services,
  req: Request,
  res: Response,
  action: AuditAction,
): Promise<string | undefined> {
  const id = accountIdOf(req.params.id);
  if (id) return id;
  await services.auditLog.record({
    actorId: staffOf(req).account.id,
    role: null,
    municipality: null,
    subject: null,
    action,
    outcome: 'denied',
    requestId: req.id,
  });
  renderNotFound(res);
  return undefined;
}

import type { AuditAction, AuditEvent } from '../../services/audit-log';

/** An event with no one behind it (as the installation's commands write), about 9901. */
export function systemEvent(action: AuditAction, shown?: readonly string[]): AuditEvent {
  return {
    actorId: null,
    role: null,
    municipality: '9901',
    subject: null,
    action,
    outcome: 'ok',
    requestId: null,
    ...(shown ? { shown } : {}),
  };
}

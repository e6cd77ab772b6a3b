import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from './clock';
import type { Database, StaffRole } from './db/schema';
import { roleIn, type StaffMember } from './staff-access';

/** A staff member and the request they act in. */
interface Acting {
  staff: StaffMember;
  requestId: string;
}

/** What staff did. `list` is a page of the inbox; `assign` takes a case; `report` a report. */
export type AuditAction =
  | 'list'
  | 'view'
  | 'search'
  | 'download'
  | 'pdf'
  | 'export'
  | 'report'
  | 'change'
  | 'assign'
  | 'login';

export type AuditOutcome = 'ok' | 'denied';

/**
 * One audit event (SECURITY.md line 29). Only ids, a role, codes and words of ours: never a
 * password, a one-time code, a session id or anything typed.
 */
export interface AuditEvent {
  actorId: string | null;
  role: StaffRole | null;
  /** The municipality concerned; a list over several names them all. */
  municipality: string | null;
  /** The application or account the event concerns. */
  subject: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  requestId: string | null;
}

/** A stored event, as the tests and issue F's views read it back. */
export interface StoredAuditEvent extends AuditEvent {
  id: string;
  at: Date;
}

/**
 * The audit log: one row per view, search, download and change by staff. A change writes its
 * row in the change's own transaction, so there is never a change without its row nor a row
 * for a change that was rolled back. Issue F chains the rows with hashes.
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditEvent, trx?: Transaction<Database>): Promise<void> {
    await (trx ?? this.db)
      .insertInto('audit_event')
      .values({
        id: randomUUID(),
        at: this.clock.now().getTime(),
        actor_id: event.actorId,
        role: event.role,
        municipality: event.municipality,
        subject: event.subject,
        action: event.action,
        outcome: event.outcome,
        request_id: event.requestId,
      })
      .execute();
  }

  /** Staff acting on a case they may read: its municipality, and their role there. */
  onCase(
    who: Acting,
    row: { id: string; municipality_code: string },
    action: AuditAction,
    outcome: AuditOutcome,
    trx?: Transaction<Database>,
  ): Promise<void> {
    return this.record(
      {
        actorId: who.staff.account.id,
        role: roleIn(who.staff, row.municipality_code) ?? null,
        municipality: row.municipality_code,
        subject: row.id,
        action,
        outcome,
        requestId: who.requestId,
      },
      trx,
    );
  }

  /** A case that is missing or not theirs to read: refused, with no role (SEC-15). */
  refusedCase(
    who: Acting,
    applicationId: string,
    municipality: string | null,
    action: AuditAction,
    trx?: Transaction<Database>,
  ): Promise<void> {
    return this.record(
      {
        actorId: who.staff.account.id,
        role: null,
        municipality,
        subject: applicationId,
        action,
        outcome: 'denied',
        requestId: who.requestId,
      },
      trx,
    );
  }

  /** The events of one request, in the order written. */
  async ofRequest(requestId: string): Promise<StoredAuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_event')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      at: new Date(Number(row.at)),
      actorId: row.actor_id,
      role: row.role as StaffRole | null,
      municipality: row.municipality,
      subject: row.subject,
      action: row.action as AuditAction,
      outcome: row.outcome as AuditOutcome,
      requestId: row.request_id,
    }));
  }
}

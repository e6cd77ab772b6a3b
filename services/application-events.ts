import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from './db/schema';

/** One row of a case's history (`application_event`), in the transaction that makes the change. */
export interface CaseEventRow {
  applicationId: string;
  /** UTC milliseconds. */
  at: number;
  actorId: string;
  actorKind: 'staff' | 'applicant' | 'co-applicant';
  from: string;
  to: string;
  reason?: string | null;
  /** What an event that moves no status records (e.g. the medsökande's paper signature). */
  kind?: string;
  /** An assignment: to whom (migration 024). */
  assigneeId?: string;
}

export async function recordEvent(trx: Transaction<Database>, event: CaseEventRow): Promise<void> {
  await trx
    .insertInto('application_event')
    .values({
      id: randomUUID(),
      application_id: event.applicationId,
      at: event.at,
      actor_id: event.actorId,
      actor_kind: event.actorKind,
      from_status: event.from,
      to_status: event.to,
      reason: event.reason ?? null,
      ...(event.kind === undefined ? {} : { kind: event.kind }),
      ...(event.assigneeId === undefined ? {} : { assignee_id: event.assigneeId }),
    })
    .execute();
}

/** An assignment as an event of the case's history: the status stays (from = to). */
export function recordAssignment(
  trx: Transaction<Database>,
  event: { applicationId: string; at: number; actorId: string; status: string; assigneeId: string },
): Promise<void> {
  return recordEvent(trx, {
    applicationId: event.applicationId,
    at: event.at,
    actorId: event.actorId,
    actorKind: 'staff',
    from: event.status,
    to: event.status,
    assigneeId: event.assigneeId,
  });
}

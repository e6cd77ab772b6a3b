import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from './db/schema';
import { CLOSED } from './case-statuses';
import { deleteDecisionDrafts } from './decision-drafts';

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

/** The case as it was read: a move only applies if neither of these changed since. */
export interface ReadCase {
  id: string;
  status: string;
  row_version: number;
}

/**
 * The case to `to` by a staff member, with its event, unless it changed since it was read (its
 * status or row version, e.g. another tab or colleague): false then, and nothing written.
 */
export async function moveCase(
  trx: Transaction<Database>,
  move: {
    row: ReadCase;
    to: string;
    at: number;
    actorId: string;
    reason?: string | null;
    kind?: string;
  },
): Promise<boolean> {
  const { row } = move;
  const moved = await trx
    .updateTable('application')
    .set({ status: move.to, row_version: row.row_version + 1, updated_at: move.at })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .where('row_version', '=', row.row_version)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return false;
  // Decided, withdrawn or void: no caseworker's checked amounts and reasons are kept any longer.
  if (CLOSED.some((status) => status === move.to)) await deleteDecisionDrafts(trx, row.id);
  await recordEvent(trx, {
    applicationId: row.id,
    at: move.at,
    actorId: move.actorId,
    actorKind: 'staff',
    from: row.status,
    to: move.to,
    reason: move.reason,
    kind: move.kind,
  });
  return true;
}

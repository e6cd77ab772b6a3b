import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from './db/schema';

/**
 * An assignment as an event of the case's history, in the transaction that assigns it: the
 * status stays (from = to), `assignee_id` says to whom (migration 024).
 */
export async function recordAssignment(
  trx: Transaction<Database>,
  event: { applicationId: string; at: number; actorId: string; status: string; assigneeId: string },
): Promise<void> {
  await trx
    .insertInto('application_event')
    .values({
      id: randomUUID(),
      application_id: event.applicationId,
      at: event.at,
      actor_id: event.actorId,
      actor_kind: 'staff',
      from_status: event.status,
      to_status: event.status,
      reason: null,
      assignee_id: event.assigneeId,
    })
    .execute();
}

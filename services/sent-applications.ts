import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/**
 * Sent applications with what staff see of each: status, channel, times, receipt, the snapshot,
 * the applicant's account and the assignee. The inbox lists them; the case view opens one.
 */
export function sentApplications(db: Kysely<Database>) {
  return db
    .selectFrom('application as a')
    .innerJoin('submission as s', 's.application_id', 'a.id')
    .leftJoin('account as owner', 'owner.id', 'a.owner_id')
    .leftJoin('account as assignee', 'assignee.id', 'a.assignee_id')
    .select([
      'a.id',
      'a.municipality_code',
      'a.status',
      'a.channel',
      'a.received_at',
      'a.assignee_id',
      's.submitted_at',
      's.receipt_number',
      's.snapshot',
      'owner.personnummer',
      'owner.name as owner_name',
      'assignee.name as assignee_name',
    ]);
}

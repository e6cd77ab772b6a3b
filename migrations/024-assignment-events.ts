import type { Kysely } from 'kysely';

/**
 * Assigning a case becomes an event of its history ("Händelser"), beside the status changes:
 * an `application_event` row with `assignee_id` set is an assignment to that account, and its
 * status stays what it was (`from_status` = `to_status`). Earlier assignments are in the audit
 * log only, which does not say to whom, so none are made up here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_event').addColumn('assignee_id', 'varchar(36)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_event').dropColumn('assignee_id').execute();
}

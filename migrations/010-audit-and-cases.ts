import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * The caseworker's inbox and the audit log.
 *
 * audit_event: one row per thing staff look at or do (SECURITY.md line 29). Issue F adds the
 * hash chain as new columns; nothing here depends on it.
 *
 * application: `received_at` (when it came in, copied from the submission so the inbox can page
 * by it with an index), `assignee_id` (the caseworker who has it) and `opened_at` (first opened
 * by anyone: until then it is "Nya").
 *
 * case_view: when each staff member last opened each case ("Senast öppnade").
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    /** UTC milliseconds. */
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('role', 'varchar(16)')
    /** The municipality the event concerns; several, comma-separated, for a list over them. */
    .addColumn('municipality', 'varchar(100)')
    /** An application id or an account id. */
    .addColumn('subject', 'varchar(36)')
    .addColumn('action', 'varchar(32)', (column) => column.notNull())
    .addColumn('outcome', 'varchar(16)', (column) => column.notNull())
    .addColumn('request_id', 'varchar(36)')
    .execute();
  await db.schema.createIndex('audit_event_at').on('audit_event').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('audit_event_subject')
    .on('audit_event')
    .columns(['subject', 'at'])
    .execute();

  await db.schema.alterTable('application').addColumn('received_at', 'bigint').execute();
  await db.schema.alterTable('application').addColumn('assignee_id', 'varchar(36)').execute();
  await db.schema.alterTable('application').addColumn('opened_at', 'bigint').execute();
  await sql`update application set received_at = (select submitted_at from submission where submission.application_id = application.id)`.execute(
    db,
  );
  // Keyset pages of the inbox: per municipality (and status), by received time and id.
  await db.schema
    .createIndex('application_inbox')
    .on('application')
    .columns(['municipality_code', 'status', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('application_inbox_all')
    .on('application')
    .columns(['municipality_code', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('application_assignee')
    .on('application')
    .columns(['assignee_id', 'received_at', 'id'])
    .execute();
  // Search by a medsökande's personnummer.
  await db.schema
    .createIndex('co_applicant_personnummer')
    .on('co_applicant')
    .column('personnummer')
    .execute();

  await db.schema
    .createTable('case_view')
    .addColumn('account_id', 'varchar(36)', (column) => column.notNull().references('account.id'))
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    .addColumn('viewed_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('case_view_pk', ['account_id', 'application_id'])
    .execute();
  await db.schema
    .createIndex('case_view_recent')
    .on('case_view')
    .columns(['account_id', 'viewed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_view').execute();
  await db.schema.dropIndex('co_applicant_personnummer').execute();
  await db.schema.dropIndex('application_assignee').execute();
  await db.schema.dropIndex('application_inbox_all').execute();
  await db.schema.dropIndex('application_inbox').execute();
  await db.schema.alterTable('application').dropColumn('opened_at').execute();
  await db.schema.alterTable('application').dropColumn('assignee_id').execute();
  await db.schema.alterTable('application').dropColumn('received_at').execute();
  await db.schema.dropTable('audit_event').execute();
}

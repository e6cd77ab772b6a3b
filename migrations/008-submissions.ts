import type { Kysely } from 'kysely';
import { PostgresAdapter } from '../services/db/kysely';

/**
 * An application sent electronically: its receipt and a snapshot that never changes, and the
 * append-only history of its status (who, when, from, to, why) that the inbox and audit read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('submission')
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.primaryKey().references('application.id'),
    )
    .addColumn('receipt_number', 'varchar(20)', (column) => column.notNull().unique())
    .addColumn('submitted_at', 'bigint', (column) => column.notNull())
    .addColumn('submitted_by', 'varchar(36)', (column) => column.notNull())
    /** How the applicant logged in: sms, kodlista, aktivering. */
    .addColumn('login_method', 'varchar(16)', (column) => column.notNull())
    /** JSON: form id and version, the answers as shown, the estimate, the attachments. */
    .addColumn('snapshot', 'text', (column) => column.notNull())
    .addColumn('pdf', binary)
    .addColumn('pdf_sha256', 'varchar(64)')
    .execute();

  await db.schema
    .createTable('application_event')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('actor_kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('from_status', 'varchar(32)', (column) => column.notNull())
    .addColumn('to_status', 'varchar(32)', (column) => column.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('application_event_application')
    .on('application_event')
    .columns(['application_id', 'at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_event').execute();
  await db.schema.dropTable('submission').execute();
}

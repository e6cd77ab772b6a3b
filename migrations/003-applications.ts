import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * The application as a record from its first step. An anonymous draft has no owner: its session
 * names it (session.draft_ids), and it goes when that session goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('form_id', 'varchar(100)', (column) => column.notNull())
    .addColumn('form_version', 'integer', (column) => column.notNull())
    .addColumn('municipality_code', 'varchar(4)', (column) =>
      column.notNull().references('municipality.code'),
    )
    .addColumn('owner_id', 'varchar(64)')
    .addColumn('channel', 'varchar(16)', (column) => column.notNull())
    .addColumn('status', 'varchar(32)', (column) => column.notNull())
    .addColumn('input', 'text', (column) => column.notNull())
    .addColumn('answers', 'text', (column) => column.notNull())
    .addColumn('row_version', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('application_owner').on('application').column('owner_id').execute();
  await db.schema
    .createIndex('application_status_updated')
    .on('application')
    .columns(['status', 'updated_at'])
    .execute();
  await db.schema
    .alterTable('session')
    .addColumn('draft_ids', 'varchar(400)', (column) => column.notNull().defaultTo(sql`''`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('draft_ids').execute();
  await db.schema.dropTable('application').execute();
}

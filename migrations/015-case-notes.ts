import type { Kysely } from 'kysely';

/**
 * A caseworker's internal note on a sent application: for the colleagues who work the case, not
 * shown to the applicant (who may still ask to read it: it is a public document of the case).
 * Notes are never changed or removed, so the case's story stays as it was written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_note')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    .addColumn('author_id', 'varchar(36)', (column) => column.notNull().references('account.id'))
    /** At most 2,000 characters (checked before writing). */
    .addColumn('text', 'text', (column) => column.notNull())
    /** UTC milliseconds. */
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  // The notes of one case, newest first.
  await db.schema
    .createIndex('case_note_application')
    .on('case_note')
    .columns(['application_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_note').execute();
}

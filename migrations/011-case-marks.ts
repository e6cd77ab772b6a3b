import type { Kysely } from 'kysely';

/**
 * A caseworker's mark on a sent application: one answer (or a missing attachment) is wrong or
 * missing, with a short reason. While a mark is open the case cannot be decided; the applicant
 * fixes what is marked through a completion request and the caseworker clears the mark.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_mark')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    /** What is marked: "answer:<stepId>.<field path>" or "attachment:<checklist item>". */
    .addColumn('target', 'varchar(200)', (column) => column.notNull())
    .addColumn('reason', 'varchar(500)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('created_by', 'varchar(36)', (column) => column.notNull().references('account.id'))
    .addColumn('cleared_at', 'bigint')
    .addColumn('cleared_by', 'varchar(36)', (column) => column.references('account.id'))
    .execute();
  // The open marks of one case, and "Fel och brister" (cases with an open mark).
  await db.schema
    .createIndex('case_mark_open')
    .on('case_mark')
    .columns(['application_id', 'cleared_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_mark').execute();
}

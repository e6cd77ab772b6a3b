import type { Kysely } from 'kysely';

/**
 * What a caseworker typed on "Fatta beslut" (amounts and reasons) and checked but has not yet
 * decided: kept per case and caseworker so that Back, a reload or a lost connection loses none
 * of it, and so that "Kontrollera beslutet" can be a page of its own (a GET after the post).
 * `input` is JSON (see services/decision-drafts.ts); the row goes when the case is decided.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decision_draft')
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    .addColumn('staff_id', 'varchar(36)', (column) => column.notNull().references('account.id'))
    .addColumn('input', 'text', (column) => column.notNull())
    /** UTC milliseconds. */
    .addColumn('saved_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('decision_draft_pk', ['application_id', 'staff_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('decision_draft').execute();
}

import type { Kysely } from 'kysely';

/**
 * A caseworker's request that the applicant complete an application ("Begär komplettering"):
 * the open marks at that moment, a due date and a message; and, once answered, what changed.
 * The submission's snapshot is never touched: it stays the "before" of the first request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('completion_request')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    .addColumn('requested_at', 'bigint', (column) => column.notNull())
    .addColumn('requested_by', 'varchar(36)', (column) => column.notNull().references('account.id'))
    /** YYYY-MM-DD, the last day the applicant is asked to answer by. */
    .addColumn('due_date', 'varchar(10)', (column) => column.notNull())
    .addColumn('message', 'varchar(1000)')
    /** JSON: the case_mark ids asked about (the open marks when it was sent). */
    .addColumn('mark_ids', 'text', (column) => column.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_by', 'varchar(36)', (column) => column.references('account.id'))
    /** JSON: per marked answer its target, question, and the answer before and after. */
    .addColumn('changes', 'text')
    /** JSON: the answers (normalised values) as they stand after the completion. */
    .addColumn('answers_after', 'text')
    /** JSON: ids of the files the applicant added with the completion. */
    .addColumn('attachment_ids', 'text')
    .execute();
  await db.schema
    .createIndex('completion_request_application')
    .on('completion_request')
    .columns(['application_id', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('completion_request').execute();
}

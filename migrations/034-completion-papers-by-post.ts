import type { Kysely } from 'kysely';

/**
 * `completion_request.papers_by_post`: the applicant ticked that the papers asked for come by
 * post or by hand (1), so a completion may be sent without a file and the caseworker knows to
 * wait for them. Saved with the draft too, so the tick is there when the page opens again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('completion_request')
    .addColumn('papers_by_post', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('completion_request').dropColumn('papers_by_post').execute();
}

import type { Kysely } from 'kysely';

/**
 * What the applicant typed on a completion page and has not sent yet, kept on the request so
 * that a reload, an upload, a lost connection or an expired session loses none of it.
 * `draft_answers` (JSON: marked path -> typed value, each within its field's bounds) is never a
 * change: the caseworker reads `changes` and `answers_after`, written only when it is sent, and
 * the draft is emptied then or when the request ends unanswered. `draft_version` grows with
 * every save; a page posts the version it was shown with, so a second tab cannot overwrite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('completion_request').addColumn('draft_answers', 'text').execute();
  await db.schema
    .alterTable('completion_request')
    .addColumn('draft_version', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('completion_request').addColumn('draft_saved_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('completion_request').dropColumn('draft_saved_at').execute();
  await db.schema.alterTable('completion_request').dropColumn('draft_version').execute();
  await db.schema.alterTable('completion_request').dropColumn('draft_answers').execute();
}

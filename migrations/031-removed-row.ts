import type { Kysely } from 'kysely';

/**
 * `application.removed_row`: the group row an applicant removed last, as typed (JSON), so the
 * "Ångra" beside "Inkomst 2 är borttagen." can put it back. Null when there is none; the next
 * step saved empties it, so a removed answer is not kept longer than the moment it can be undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').addColumn('removed_row', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').dropColumn('removed_row').execute();
}

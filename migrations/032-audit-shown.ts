import type { Kysely } from 'kysely';

/**
 * `audit_event.shown`: the applications a list page, a search, an export or a report put on the
 * screen (a JSON array of ids), so the log says whose data was seen, not only that a list was.
 * Null for an event about one subject, and for events written before it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('shown', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').dropColumn('shown').execute();
}

import type { Kysely } from 'kysely';

/**
 * `audit_event.detail`: what a change or a look was, beside its action ("a note", "a decision",
 * "the case's own log"), so the case's log can say more than "Ändrade". Null for events that
 * need no more than their action, and for events written before it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('detail', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').dropColumn('detail').execute();
}

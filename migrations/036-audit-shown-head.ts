import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * `audit_shown_head`: one row, the place in the audit chain up to which `audit_shown` indexes
 * the events. The index is now filled after the event, not in its transaction (services/
 * audit-shown-index.ts): 25 index rows on every inbox page cost half a millisecond there, for
 * a page an administrator opens now and then. Events up to then were indexed by 033.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_shown_head')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .execute();
  // From the last event 033 indexed: events old instances wrote after it, during the upgrade,
  // are indexed by the first catch-up (twice-indexed rows are ignored).
  await sql`insert into audit_shown_head (id, seq)
    select 1, coalesce(max(seq), 0) from audit_shown`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_shown_head').execute();
}

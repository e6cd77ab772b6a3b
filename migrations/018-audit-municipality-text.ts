import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from '../services/db/kysely';

/**
 * audit_event.municipality holds several codes, comma-separated, for a list over a staff
 * member's municipalities: with more than about 20 grants they no longer fit in varchar(100)
 * and PostgreSQL refuses the row (the login's second step answered 500). SQLite does not
 * enforce varchar lengths, so there is nothing to change there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await db.schema
    .alterTable('audit_event')
    .alterColumn('municipality', (column) => column.setDataType('text'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  // Rows longer than 100 characters would not fit back: they are cut, as the old column could
  // not have held them anyway.
  await sql`alter table audit_event alter column municipality type varchar(100) using left(municipality, 100)`.execute(
    db,
  );
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

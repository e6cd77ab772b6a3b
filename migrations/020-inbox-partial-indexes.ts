import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * Two lists that read far at a million applications on PostgreSQL (EXPLAIN ANALYZE,
 * docs/ARCHITECTURE.md "The inbox at scale"), each now an index range read in order:
 *
 * - application_inbox_unopened (opened_at is null): "Nya" asks one status, two periods and
 *   unopened, oldest first. No index gave that order: PostgreSQL read the two periods' 5,900
 *   rows and sorted them (17 ms warm). Unopened cases are few (the week's new ones), so this
 *   index stays small, and their periods are nearly all the ones "Nya" shows.
 * - application_inbox_unassigned (assignee_id is null): a status with "Ingen handläggare" (the
 *   Monday-morning "Ej beslutade" nobody has taken). PostgreSQL combined the status and
 *   assignee indexes as bitmaps and sorted (120 ms cold); `is null` is not an equality a B-tree
 *   sorts by, so a partial index is the one that reads in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const partial = (name: string, where: 'opened_at' | 'assignee_id') =>
    db.schema
      .createIndex(name)
      .on('application')
      .columns(['municipality_code', 'status', 'received_at', 'id'])
      .where(sql.ref(where), 'is', null)
      .execute();
  await partial('application_inbox_unopened', 'opened_at');
  await partial('application_inbox_unassigned', 'assignee_id');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('application_inbox_unassigned').execute();
  await db.schema.dropIndex('application_inbox_unopened').execute();
}

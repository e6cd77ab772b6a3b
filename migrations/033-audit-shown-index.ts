import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/** Events read at a time while the index is filled (an export's may name 10,000 cases). */
const BATCH = 100;
/** Index rows per statement, within both databases' bound parameters. */
const SHOWN_PER_INSERT = 500;

/**
 * `audit_shown`: one row per application a list, search, export or report put on the screen,
 * naming the event by its place in the chain, so "Vem har öppnat ärendet" finds the lists and
 * search results a case was seen in without reading every event's `shown`. The event row and
 * its hash stay the record; this is only their index, filled here for events already written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Restartable: SQLite runs a migration outside a transaction, so one stopped half-way is run
  // again from the start over what it wrote.
  await db.schema
    .createTable('audit_shown')
    .ifNotExists()
    .addColumn('application_id', 'varchar(36)', (column) => column.notNull())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('audit_shown_pk', ['application_id', 'seq'])
    .execute();
  const index = db as Kysely<{ audit_shown: { application_id: string; seq: number } }>;
  let pairs: { application_id: string; seq: number }[] = [];
  const flush = async () => {
    if (pairs.length === 0) return;
    await index
      .insertInto('audit_shown')
      .values(pairs)
      .onConflict((conflict) => conflict.columns(['application_id', 'seq']).doNothing())
      .execute();
    pairs = [];
  };
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ seq: number | string; shown: string }>`
      select seq, shown from audit_event
      where shown is not null and seq > ${after}
      order by seq limit ${BATCH}`.execute(db);
    const last = rows.at(-1);
    if (!last) break;
    for (const row of rows) {
      for (const id of new Set(JSON.parse(row.shown) as string[])) {
        pairs.push({ application_id: id, seq: Number(row.seq) });
        if (pairs.length >= SHOWN_PER_INSERT) await flush();
      }
    }
    after = Number(last.seq);
  }
  await flush();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_shown').execute();
}

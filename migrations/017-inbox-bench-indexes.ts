import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the inbox at a million applications, found with `npm run bench -- inbox` and
 * EXPLAIN (docs/ARCHITECTURE.md, "The inbox at scale").
 *
 * application_undecided: "Ej beslutade" is a few per cent of a municipality's applications,
 * spread over two years (a forgotten case can be old). Without it both databases walked
 * application_inbox_all from the oldest application and read every row to check its status.
 * A partial index of just the undecided ones, in page order, reads 26 entries a page. SQLite
 * uses a partial index only when the query names the same values (as literals, not bound
 * parameters), so services/case-inbox.ts writes this list the same way.
 *
 * application_new: "Nya" (inkommen and not yet opened), likewise. PostgreSQL took opened_at
 * and status as independent, expected a handful of rows where there were hundreds, and joined
 * and sorted all of them for a page of 25; SQLite read the opened ones too.
 *
 * application_mine replaces application_assignee: with the municipality as its second column,
 * "Mina ärenden" (assignee = me, municipality in my grants) matches two columns of it before the
 * received time, and SQLite (without statistics, as the portal runs it) no longer prefers
 * application_inbox_all, walking the whole municipality for the few that are mine.
 */
const UNDECIDED = [
  'vantar-medsokande',
  'inkommen',
  'under-handlaggning',
  'komplettering-begard',
  'kompletterad',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('application_undecided')
    .on('application')
    .columns(['municipality_code', 'received_at', 'id'])
    .where(sql.ref('status'), 'in', UNDECIDED)
    .execute();
  await db.schema
    .createIndex('application_new')
    .on('application')
    .columns(['municipality_code', 'received_at', 'id'])
    .where(sql.ref('status'), '=', 'inkommen')
    .where(sql.ref('opened_at'), 'is', null)
    .execute();
  await db.schema.dropIndex('application_assignee').execute();
  await db.schema
    .createIndex('application_mine')
    .on('application')
    .columns(['assignee_id', 'municipality_code', 'received_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('application_mine').execute();
  await db.schema
    .createIndex('application_assignee')
    .on('application')
    .columns(['assignee_id', 'received_at', 'id'])
    .execute();
  await db.schema.dropIndex('application_new').execute();
  await db.schema.dropIndex('application_undecided').execute();
}

import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';
import { chainHash, GENESIS_HASH, type ChainedAuditRow } from '../services/audit-chain';

/**
 * The audit log's hash chain (SECURITY.md line 30). Each audit_event gets its place in the chain
 * (`seq`, 1, 2, 3, … with no gaps) and `hash` = sha256(canonical(event) || the previous event's
 * hash). audit_chain is one row: the last place and hash handed out. Writers update it first in
 * their transaction, so on PostgreSQL its row lock puts concurrent events in one order (SQLite
 * has one writer anyway), and a rolled-back event gives its place back. It also lets the verify
 * command notice rows cut from the end of the chain.
 *
 * Rows written before this migration are chained here in the order they were written (time, id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_event').addColumn('hash', 'varchar(64)').execute();
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('seq', 'bigint', (column) => column.notNull())
    .addColumn('hash', 'varchar(64)', (column) => column.notNull())
    .execute();

  const rows = await sql<Omit<ChainedAuditRow, 'seq'>>`
    select id, at, actor_id, role, municipality, subject, action, outcome, request_id
    from audit_event order by at, id`.execute(db);
  let previous = GENESIS_HASH;
  let seq = 0;
  for (const row of rows.rows) {
    seq += 1;
    const hash = chainHash({ ...row, seq }, previous);
    await sql`update audit_event set seq = ${seq}, hash = ${hash} where id = ${row.id}`.execute(db);
    previous = hash;
  }
  await sql`insert into audit_chain (id, seq, hash) values (1, ${seq}, ${previous})`.execute(db);
  await db.schema.createIndex('audit_event_seq').unique().on('audit_event').column('seq').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_event_seq').execute();
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.alterTable('audit_event').dropColumn('hash').execute();
  await db.schema.alterTable('audit_event').dropColumn('seq').execute();
}

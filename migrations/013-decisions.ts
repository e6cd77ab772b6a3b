import type { Kysely } from 'kysely';
import { PostgresAdapter } from '../services/db/kysely';

/**
 * A caseworker's decision on a sent application: one per application, made once. The parts
 * (each cost applied for, the norm among them: applied, granted, why less) as JSON, the sums,
 * and the letter sent to the applicant as the PDF it was, with its SHA-256.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('decision')
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.primaryKey().references('application.id'),
    )
    /** UTC milliseconds. */
    .addColumn('decided_at', 'bigint', (column) => column.notNull())
    .addColumn('decided_by', 'varchar(36)', (column) => column.notNull().references('account.id'))
    /** beviljad, delvis-beviljad or avslag. */
    .addColumn('outcome', 'varchar(32)', (column) => column.notNull())
    /** JSON: [{ id, label, appliedOre, grantedOre, reason }]. */
    .addColumn('parts', 'text', (column) => column.notNull())
    .addColumn('total_granted_ore', 'bigint', (column) => column.notNull())
    /** The household's income for the month, deducted from what was granted. */
    .addColumn('income_ore', 'bigint', (column) => column.notNull())
    /** What is paid out: granted − income, never below zero. */
    .addColumn('payable_ore', 'bigint', (column) => column.notNull())
    .addColumn('letter', binary, (column) => column.notNull())
    .addColumn('letter_sha256', 'varchar(64)', (column) => column.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('decision').execute();
}

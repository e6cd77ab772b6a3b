import type { Kysely } from 'kysely';

/**
 * A renewed session names the session it replaced (a SHA-256 of the old id, never the id
 * itself), so that ending the old id while the renewal was under way ends the new one too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').addColumn('renewed_from', 'varchar(64)').execute();
  await db.schema
    .createIndex('session_renewed_from')
    .on('session')
    .column('renewed_from')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('session_renewed_from').execute();
  await db.schema.alterTable('session').dropColumn('renewed_from').execute();
}

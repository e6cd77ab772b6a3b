import type { Kysely } from 'kysely';
import { PostgresAdapter } from '../services/db/kysely';

/**
 * The development SMS outbox: messages kept instead of sent, newest first on /dev/sms and read
 * back by tests. The id counts up, so "newest" holds even for messages sent in the same
 * millisecond (a resend under a fixed test clock); the two dialects spell that differently.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'integer', (column) =>
      postgres
        ? column.generatedByDefaultAsIdentity().primaryKey()
        : column.primaryKey().autoIncrement(),
    )
    .addColumn('recipient', 'varchar(16)', (column) => column.notNull())
    .addColumn('text', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('sms_outbox_recipient')
    .on('sms_outbox')
    .columns(['recipient', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sms_outbox').execute();
}

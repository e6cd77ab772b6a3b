import type { Kysely } from 'kysely';

/**
 * Messages about a sent application, between its applicant (Mina sidor) and the caseworkers of
 * its municipality: one thread per application. `read_at` is when the other side first read
 * the message (the applicant for a caseworker's message, a caseworker for the applicant's).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    /** 'applicant' or 'staff'. */
    .addColumn('author_kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('author_id', 'varchar(36)', (column) => column.notNull().references('account.id'))
    /** At most 2,000 characters (checked before writing). */
    .addColumn('text', 'text', (column) => column.notNull())
    /** UTC milliseconds. */
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  // A thread in order, and its unread messages from one side.
  await db.schema
    .createIndex('message_thread')
    .on('message')
    .columns(['application_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('message_unread')
    .on('message')
    .columns(['application_id', 'author_kind', 'read_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message').execute();
}

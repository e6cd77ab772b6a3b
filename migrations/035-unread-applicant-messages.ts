import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * The applications with a message from the applicant that no caseworker has read, for the
 * inbox's "Nya meddelanden" on every page: a partial index holds only those few messages, so
 * finding them never reads the whole message table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('message_unread_from_applicant')
    .on('message')
    .column('application_id')
    .where(sql.ref('author_kind'), '=', 'applicant')
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('message_unread_from_applicant').execute();
}

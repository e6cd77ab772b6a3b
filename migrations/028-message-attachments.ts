import type { Kysely } from 'kysely';

/**
 * Files an applicant sends with a message (a certificate the caseworker asked for in the
 * thread): ordinary attachments of the application that also name the message they came with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('attachment')
    .addColumn('message_id', 'varchar(36)', (column) => column.references('message.id'))
    .execute();
  await db.schema
    .createIndex('attachment_message')
    .on('attachment')
    .column('message_id')
    .where('message_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attachment_message').execute();
  await db.schema.alterTable('attachment').dropColumn('message_id').execute();
}

import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from '../services/db/kysely';

/**
 * Files an applicant attaches to an application. The bytes live in `blob` (the default BlobStore:
 * in the database, so every instance sees them); `attachment` names them for one application,
 * with the shown name already sanitised and the detected type, size and SHA-256 of the bytes.
 * Deleting an application deletes its attachment rows; blobs no row names are swept later.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('blob')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('bytes', isPostgres ? sql`bytea` : 'blob', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('attachment')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id').onDelete('cascade'),
    )
    .addColumn('blob_id', 'varchar(36)', (column) => column.notNull())
    .addColumn('name', 'varchar(400)', (column) => column.notNull())
    .addColumn('media_type', 'varchar(100)', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('sha256', 'varchar(64)', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('attachment_application')
    .on('attachment')
    .columns(['application_id', 'created_at'])
    .execute();
  await db.schema.createIndex('attachment_blob').on('attachment').column('blob_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment').execute();
  await db.schema.dropTable('blob').execute();
}

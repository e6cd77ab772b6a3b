import type { Kysely } from 'kysely';

/**
 * The medsökande of a sent application: both spouses or partners sign a paper application, so
 * online the medsökande confirms with their own login ('waiting' -> 'confirmed' or 'declined'),
 * or, without an account, signs a paper form ('paper': the signature is outstanding).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('co_applicant')
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.primaryKey().references('application.id'),
    )
    .addColumn('personnummer', 'varchar(12)', (column) => column.notNull())
    /** As the applicant wrote it, for "Väntar på att … bekräftar" and the signature form. */
    .addColumn('name', 'varchar(200)', (column) => column.notNull())
    /** The medsökande's own account, when they have one that can log in. */
    .addColumn('account_id', 'varchar(36)', (column) => column.references('account.id'))
    /** waiting, confirmed, declined or paper. */
    .addColumn('state', 'varchar(16)', (column) => column.notNull())
    .addColumn('decided_at', 'bigint')
    /** Why the medsökande did not confirm, in their words. */
    .addColumn('message', 'text')
    .execute();
  await db.schema
    .createIndex('co_applicant_account')
    .on('co_applicant')
    .columns(['account_id', 'state'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('co_applicant').execute();
}

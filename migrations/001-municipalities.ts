import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('municipality')
    .addColumn('code', 'varchar(4)', (column) => column.primaryKey())
    .addColumn('name', 'varchar(200)', (column) => column.notNull())
    .addColumn('unit_name', 'varchar(200)', (column) => column.notNull())
    .addColumn('street_address', 'varchar(200)', (column) => column.notNull())
    .addColumn('postal_code', 'varchar(6)', (column) => column.notNull())
    .addColumn('city', 'varchar(100)', (column) => column.notNull())
    .addColumn('phone', 'varchar(40)', (column) => column.notNull())
    .addColumn('email', 'varchar(200)', (column) => column.notNull())
    .addColumn('website', 'varchar(300)')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('municipality').execute();
}

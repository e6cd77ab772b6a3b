import type { Kysely } from 'kysely';

/**
 * Accounts and their factors. An applicant is found by personnummer, staff by username; both
 * log in with a password and a second factor (SMS code, a numbered code list, or for staff an
 * authenticator app). A session names its account so a password change can end the others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('kind', 'varchar(16)', (column) => column.notNull())
    .addColumn('personnummer', 'varchar(12)', (column) => column.unique())
    .addColumn('username', 'varchar(200)', (column) => column.unique())
    .addColumn('name', 'varchar(200)', (column) => column.notNull())
    .addColumn('mobile', 'varchar(20)')
    .addColumn('municipality_code', 'varchar(4)', (column) =>
      column.references('municipality.code'),
    )
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', 'bigint')
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('staff_grant')
    .addColumn('account_id', 'varchar(36)', (column) =>
      column.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('municipality_code', 'varchar(4)', (column) =>
      column.notNull().references('municipality.code'),
    )
    .addColumn('role', 'varchar(16)', (column) => column.notNull())
    .addPrimaryKeyConstraint('staff_grant_pk', ['account_id', 'municipality_code'])
    .execute();

  await db.schema
    .createTable('activation')
    .addColumn('account_id', 'varchar(36)', (column) =>
      column.primaryKey().references('account.id').onDelete('cascade'),
    )
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('sms_code')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('account_id', 'varchar(36)', (column) =>
      column.notNull().references('account.id').onDelete('cascade'),
    )
    /** sha256 of the session id that asked: the code works in that session only. */
    .addColumn('session_hash', 'varchar(64)', (column) => column.notNull())
    .addColumn('code_hash', 'varchar(128)', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('sms_code_account_created')
    .on('sms_code')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('code_list')
    .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
    .addColumn('account_id', 'varchar(36)', (column) =>
      column.notNull().references('account.id').onDelete('cascade'),
    )
    .addColumn('issued_at', 'bigint', (column) => column.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('code_list_account').on('code_list').column('account_id').execute();

  await db.schema
    .createTable('code_list_code')
    .addColumn('list_id', 'varchar(36)', (column) =>
      column.notNull().references('code_list.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (column) => column.notNull())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('used_at', 'bigint')
    .addPrimaryKeyConstraint('code_list_code_pk', ['list_id', 'number'])
    .execute();

  await db.schema
    .createTable('totp')
    .addColumn('account_id', 'varchar(36)', (column) =>
      column.primaryKey().references('account.id').onDelete('cascade'),
    )
    .addColumn('secret', 'varchar(128)', (column) => column.notNull())
    /** The last time step accepted: a code (and any earlier one) is never accepted again. */
    .addColumn('last_step', 'bigint')
    .addColumn('enabled_at', 'bigint')
    .execute();

  await db.schema.alterTable('session').addColumn('account_id', 'varchar(36)').execute();
  await db.schema.createIndex('session_account').on('session').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('session_account').execute();
  await db.schema.alterTable('session').dropColumn('account_id').execute();
  for (const table of [
    'totp',
    'code_list_code',
    'code_list',
    'sms_code',
    'activation',
    'staff_grant',
    'account',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

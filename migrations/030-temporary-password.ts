import type { Kysely } from 'kysely';

/**
 * `account.password_temporary_since`: when the installation's administrator handed out the
 * account's current password (`npm run admin -- staff add` / `staff password`), in ms like the
 * other times; null for a password the person chose themselves (or none yet). One timestamp
 * rather than a flag: "is it temporary" and "has it expired" (ASVS 4 2.3.1) are both read from
 * it, and no flag can disagree with a time. Accounts that exist already keep null: nobody is
 * forced to change a password they may have chosen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').addColumn('password_temporary_since', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').dropColumn('password_temporary_since').execute();
}

import type { Kysely } from 'kysely';

/**
 * A new authenticator app waits beside the working one: `pending_secret` holds the secret of an
 * app being connected in place of an enabled one until its first right code, while `secret`
 * keeps logging in. (A first app still waits in `secret` with `enabled_at` null, as before.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('totp').addColumn('pending_secret', 'varchar(128)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('totp').dropColumn('pending_secret').execute();
}

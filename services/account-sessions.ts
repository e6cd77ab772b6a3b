import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/**
 * Deletes every session of an account but `exceptSid` (SEC-12), in the caller's transaction.
 * As when one session is destroyed, the ownerless drafts those sessions named go with them;
 * drafts the account owns stay, since they belong to the person and not to a session.
 * Returns how many sessions ended.
 */
export async function endSessionsOf(
  db: Kysely<Database>,
  accountId: string,
  exceptSid?: string,
): Promise<number> {
  let sessions = db
    .selectFrom('session')
    .select(['sid', 'draft_ids'])
    .where('account_id', '=', accountId);
  if (exceptSid !== undefined) sessions = sessions.where('sid', '!=', exceptSid);
  const rows = await sessions.execute();
  if (rows.length === 0) return 0;
  const draftIds = rows.flatMap((row) => row.draft_ids.split(' ').filter(Boolean));
  if (draftIds.length > 0) {
    await db
      .deleteFrom('application')
      .where('id', 'in', draftIds)
      .where('owner_id', 'is', null)
      .where('status', '=', 'draft')
      .execute();
  }
  await db
    .deleteFrom('session')
    .where(
      'sid',
      'in',
      rows.map((row) => row.sid),
    )
    .execute();
  return rows.length;
}

import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { deleteSessionRows, endRenewalsOf } from './session-rows';

/**
 * Deletes every session of an account but `exceptSid` (SEC-12), in the caller's transaction.
 * As when one session is destroyed, the ownerless drafts those sessions named go with them;
 * drafts the account owns stay, since they belong to the person and not to a session. A
 * renewal of one of them that was under way meanwhile ends too. Returns how many sessions ended.
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
  await deleteSessionRows(db, rows);
  return (
    rows.length +
    (await endRenewalsOf(
      db,
      rows.map((row) => row.sid),
    ))
  );
}

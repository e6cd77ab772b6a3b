import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/** How a renewed session names the id it replaced: a digest, never the id (a credential). */
export function sessionIdDigest(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}

/** Session rows with the ownerless drafts they name; drafts with an owner stay. */
export async function deleteSessionRows(
  db: Kysely<Database>,
  rows: readonly { sid: string; draft_ids: string }[],
): Promise<void> {
  if (rows.length === 0) return;
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
}

/** A session is renewed a handful of times at most (municipality, draft, two login steps). */
const RENEWALS_FOLLOWED = 16;

/**
 * Ends the sessions renewed from the ended ids, and theirs: a request that renewed the id while
 * the old one was being ended (logout, SEC-12) must not leave a live session behind.
 */
export async function endRenewalsOf(db: Kysely<Database>, endedSids: string[]): Promise<number> {
  let parents = endedSids.map(sessionIdDigest);
  let ended = 0;
  for (let step = 0; step < RENEWALS_FOLLOWED && parents.length > 0; step++) {
    const rows = await db
      .selectFrom('session')
      .select(['sid', 'draft_ids'])
      .where('renewed_from', 'in', parents)
      .execute();
    await deleteSessionRows(db, rows);
    ended += rows.length;
    parents = rows.map((row) => sessionIdDigest(row.sid));
  }
  return ended;
}

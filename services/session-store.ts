import session from 'express-session';
import { sql, type Kysely, type Transaction } from 'kysely';
import { endSessionsOf } from './account-sessions';
import type { Clock } from './clock';
import type { Database } from './db/schema';

type Callback = (error?: unknown) => void;

declare module 'express-session' {
  interface SessionData {
    /** When the session was first stored (ms): the 12-hour absolute limit counts from here. */
    startedAt?: number;
    municipalityCode?: string;
    /** Anonymous drafts by form id: the session holds ids, never answers. */
    drafts?: Record<string, string>;
    /** Set only after both factors: who is logged in, and how. */
    user?: SignedInUser;
    /** Between the password step and the second factor: no personal data may be shown. */
    pendingLogin?: PendingLogin;
    /** Mitt konto: a new mobile number waiting for the code sent to it, and the tries so far. */
    pendingMobile?: { mobile: string; tries: number };
  }
}

export type SecondFactorMethod = 'sms' | 'kodlista' | 'app' | 'aktivering';

export interface SignedInUser {
  accountId: string;
  kind: 'applicant' | 'staff';
  method: SecondFactorMethod;
  /** When the second factor succeeded (ms). */
  at: number;
}

export interface PendingLogin {
  accountId: string;
  kind: 'applicant' | 'staff';
  /** The number of the code-list code asked for, kept so a reload asks for the same one. */
  codeNumber?: number;
  /** Where to go after logging in: a path on this site, already checked. */
  returnTo?: string;
}

export interface SessionStoreOptions {
  idleMs: number;
  /** A session row larger than this is refused: it should hold ids and small flags only. */
  maxBytes: number;
  /** An expiry moved by less than this is not written again (saves a write per request). */
  touchIntervalMs: number;
  /** Ownerless drafts that no session names are swept once untouched this long. */
  orphanDraftMs: number;
}

/** A session row past its size cap: the request gets a clear page, the row is not written. */
export class SessionTooLargeError extends Error {
  readonly status = 413;
  constructor(size: number) {
    super(`Session data of ${size} bytes refused`);
  }
}

const draftIdsOf = (data: session.SessionData) => Object.values(data.drafts ?? {}).join(' ');
const TOUCHES_REMEMBERED = 10_000;

/**
 * express-session store on our own database (SQLite or PostgreSQL through Kysely), so that
 * several app instances share sessions and a restart logs nobody out. A session takes its
 * anonymous drafts with it when it is destroyed or expires.
 */
export class DatabaseSessionStore extends session.Store {
  /** Sessions whose id is being renewed: their drafts move to the new id and must stay. */
  private readonly renewing = new Set<string>();
  /** The expiry last written per session, so touches within the interval cost nothing. */
  private readonly lastExpiry = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: SessionStoreOptions,
  ) {
    super();
  }

  override get(
    sid: string,
    callback: (error: unknown, session?: session.SessionData | null) => void,
  ) {
    this.read(sid).then(
      (data) => callback(null, data),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: Callback) {
    settle(this.write(sid, data), callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: Callback) {
    const expiry = this.expiryOf(data);
    const last = this.lastExpiry.get(sid);
    if (last !== undefined && expiry - last < this.options.touchIntervalMs) {
      callback?.();
      return;
    }
    this.remember(sid, expiry);
    settle(
      this.db.updateTable('session').set({ expires_at: expiry }).where('sid', '=', sid).execute(),
      callback,
    );
  }

  override destroy(sid: string, callback?: Callback) {
    const keepDrafts = this.renewing.delete(sid);
    this.lastExpiry.delete(sid);
    settle(
      this.db.transaction().execute(async (trx) => {
        if (!keepDrafts) await deleteAnonymousDrafts(trx, sid);
        await trx.deleteFrom('session').where('sid', '=', sid).execute();
      }),
      callback,
    );
  }

  /**
   * Ends every other session of an account (SEC-12: a changed password or phone number), with
   * the ownerless drafts they name; `keepSid` is the session making the change.
   */
  destroyOthersOf(accountId: string, keepSid: string): Promise<number> {
    return this.db.transaction().execute((trx) => endSessionsOf(trx, accountId, keepSid));
  }

  /** The next destroy of `sid` is an id renewal: keep the session's drafts for the new id. */
  markRenewing(sid: string): void {
    this.renewing.add(sid);
  }

  async read(sid: string): Promise<session.SessionData | null> {
    const row = await this.db
      .selectFrom('session')
      .select(['sess', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst();
    if (!row) return null;
    const expiresAt = Number(row.expires_at);
    if (expiresAt <= this.clock.now().getTime()) {
      await new Promise((resolve) => this.destroy(sid, resolve));
      return null;
    }
    this.remember(sid, expiresAt);
    return JSON.parse(row.sess) as session.SessionData;
  }

  async write(sid: string, data: session.SessionData): Promise<void> {
    const sess = JSON.stringify(data);
    if (Buffer.byteLength(sess) > this.options.maxBytes) {
      throw new SessionTooLargeError(Buffer.byteLength(sess));
    }
    const row = {
      sid,
      sess,
      expires_at: this.expiryOf(data),
      draft_ids: draftIdsOf(data),
      // A login halfway through names its account too, so ending the account's sessions ends it.
      account_id: data.user?.accountId ?? data.pendingLogin?.accountId ?? null,
    };
    await this.db
      .insertInto('session')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('sid').doUpdateSet({
          sess: row.sess,
          expires_at: row.expires_at,
          draft_ids: row.draft_ids,
          account_id: row.account_id,
        }),
      )
      .execute();
    this.remember(sid, row.expires_at);
  }

  /**
   * Deletes expired sessions with their anonymous drafts, and ownerless drafts that no session
   * names any more (left by an id renewal that never finished); returns how many sessions went.
   */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now().getTime();
    return this.db.transaction().execute(async (trx) => {
      const expired = await trx
        .selectFrom('session')
        .select(['sid', 'draft_ids'])
        .where('expires_at', '<=', now)
        .execute();
      const draftIds = expired.flatMap((row) => row.draft_ids.split(' ').filter(Boolean));
      if (draftIds.length > 0) {
        await trx
          .deleteFrom('application')
          .where('id', 'in', draftIds)
          .where('owner_id', 'is', null)
          .where('status', '=', 'draft')
          .execute();
      }
      const result = await trx
        .deleteFrom('session')
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      await trx
        .deleteFrom('application')
        .where('owner_id', 'is', null)
        .where('status', '=', 'draft')
        .where('updated_at', '<', now - this.options.orphanDraftMs)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('session')
                .select('sid')
                // Typed literals on both sides: PostgreSQL cannot infer a bound parameter's type here.
                .where('draft_ids', 'like', sql<string>`'%' || ${eb.ref('application.id')} || '%'`),
            ),
          ),
        )
        .execute();
      return Number(result.numDeletedRows);
    });
  }

  /**
   * Expiry from our own clock plus the cookie's lifetime, so that the injected clock (tests,
   * timeouts) and never the cookie's wall-clock date decides when a session is gone.
   */
  private expiryOf(data: session.SessionData): number {
    const lifetime = data.cookie.originalMaxAge ?? this.options.idleMs;
    return this.clock.now().getTime() + lifetime;
  }

  private remember(sid: string, expiry: number) {
    if (this.lastExpiry.size >= TOUCHES_REMEMBERED) this.lastExpiry.clear();
    this.lastExpiry.set(sid, expiry);
  }
}

async function deleteAnonymousDrafts(trx: Transaction<Database>, sid: string) {
  const row = await trx
    .selectFrom('session')
    .select('draft_ids')
    .where('sid', '=', sid)
    .executeTakeFirst();
  const ids = (row?.draft_ids ?? '').split(' ').filter(Boolean);
  if (ids.length === 0) return;
  await trx
    .deleteFrom('application')
    .where('id', 'in', ids)
    .where('owner_id', 'is', null)
    .where('status', '=', 'draft')
    .execute();
}

function settle(work: Promise<unknown>, callback?: Callback) {
  work.then(
    () => callback?.(),
    (error: unknown) => callback?.(error),
  );
}

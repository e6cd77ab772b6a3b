import session from 'express-session';
import type { Kysely, Transaction } from 'kysely';
import { sql } from './db/kysely';
import { endSessionsOf } from './account-sessions';
import { endRenewalsOf, sessionIdDigest } from './session-rows';
import type { Clock } from './clock';
import type { Database } from './db/schema';

type Callback = (error?: unknown) => void;
/** The request express-session hands over: only passed on, never read (services see no req). */
type SessionRequest = Parameters<session.Store['createSession']>[0];

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
 *
 * A session once ended stays ended (SEC-11, SEC-12): express-session writes a session back at
 * the end of every request that changed it, and a request still under way at logout would
 * otherwise put the row back. So a row is inserted only for a session new in this request (or
 * as the second half of an id renewal, see `renew`); any other write updates a live row and
 * never creates one. Both databases take that as one statement, which a concurrent delete
 * either precedes (nothing to update) or waits for.
 */
export class DatabaseSessionStore extends session.Store {
  /** Sessions whose id is being renewed: `renew` removes their row, not `destroy`. */
  private readonly renewing = new Set<string>();
  /** The expiry last written per session, so touches within the interval cost nothing. */
  private readonly lastExpiry = new Map<string, number>();
  /** Session objects that have a row: read from the store, or inserted by this process. */
  private readonly stored = new WeakSet();

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

  /** express-session makes each request's session object here from what `get` read. */
  override createSession(req: SessionRequest, data: session.SessionData) {
    const created = super.createSession(req, data);
    this.stored.add(created);
    return created;
  }

  override set(sid: string, data: session.SessionData, callback?: Callback) {
    settle(this.save(sid, data), callback);
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
      this.db
        .updateTable('session')
        .set({ expires_at: expiry })
        .where('sid', '=', sid)
        .where('expires_at', '>', this.clock.now().getTime())
        .execute(),
      callback,
    );
  }

  override destroy(sid: string, callback?: Callback) {
    this.lastExpiry.delete(sid);
    if (this.renewing.delete(sid)) {
      callback?.();
      return;
    }
    settle(
      this.db.transaction().execute(async (trx) => {
        await deleteAnonymousDrafts(trx, sid);
        await trx.deleteFrom('session').where('sid', '=', sid).execute();
        // A renewal of this id that finished meanwhile must not outlive it.
        await endRenewalsOf(trx, [sid]);
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

  /** Whether this session object has a row (it was read from the store, or inserted). */
  isStored(data: session.SessionData): boolean {
    return this.stored.has(data);
  }

  /** The next destroy of `sid` is an id renewal: `renew` will remove the row. */
  markRenewing(sid: string): void {
    this.renewing.add(sid);
  }

  /**
   * The second half of an id renewal, in one transaction: the old row goes (its drafts stay,
   * carried to the new one) and the new row comes, naming the old id's digest. Refused (false,
   * nothing written) when the old session had a row that is no longer live: it was ended, or
   * renewed by a parallel request, while this request was under way.
   */
  async renew(
    oldSid: string,
    oldWasStored: boolean,
    newSid: string,
    data: session.SessionData,
  ): Promise<boolean> {
    const row = { ...this.rowOf(newSid, data), renewed_from: sessionIdDigest(oldSid) };
    const now = this.clock.now().getTime();
    const renewed = await this.db.transaction().execute(async (trx) => {
      const old = await trx
        .deleteFrom('session')
        .where('sid', '=', oldSid)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (oldWasStored && Number(old.numDeletedRows) === 0) return false;
      await trx.insertInto('session').values(row).execute();
      return true;
    });
    if (renewed) {
      this.stored.add(data);
      this.remember(newSid, row.expires_at);
    }
    return renewed;
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

  /** Stores a session that is new: its id has never had a row. */
  async insert(sid: string, data: session.SessionData): Promise<void> {
    const row = this.rowOf(sid, data);
    await this.db.insertInto('session').values(row).execute();
    this.stored.add(data);
    this.remember(sid, row.expires_at);
  }

  /**
   * Writes a stored session back, only while its row is there and live; false when it is gone
   * (logged out, ended by SEC-12, expired): the row is not made again.
   */
  async update(sid: string, data: session.SessionData): Promise<boolean> {
    const { sess, expires_at, draft_ids, account_id } = this.rowOf(sid, data);
    const values = { sess, expires_at, draft_ids, account_id };
    const result = await this.db
      .updateTable('session')
      .set(values)
      .where('sid', '=', sid)
      .where('expires_at', '>', this.clock.now().getTime())
      .executeTakeFirst();
    const updated = Number(result.numUpdatedRows) > 0;
    if (updated) this.remember(sid, values.expires_at);
    else this.lastExpiry.delete(sid);
    return updated;
  }

  private async save(sid: string, data: session.SessionData): Promise<void> {
    if (this.stored.has(data)) await this.update(sid, data);
    else await this.insert(sid, data);
  }

  private rowOf(sid: string, data: session.SessionData) {
    const sess = JSON.stringify(data);
    if (Buffer.byteLength(sess) > this.options.maxBytes) {
      throw new SessionTooLargeError(Buffer.byteLength(sess));
    }
    return {
      sid,
      sess,
      expires_at: this.expiryOf(data),
      draft_ids: draftIdsOf(data),
      // A login halfway through names its account too, so ending the account's sessions ends it.
      account_id: data.user?.accountId ?? data.pendingLogin?.accountId ?? null,
    };
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

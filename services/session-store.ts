import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';

type Callback = (error?: unknown) => void;

/**
 * express-session store on our own database (SQLite or PostgreSQL through Kysely), so that
 * several app instances share sessions and a restart logs nobody out.
 */
export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly defaultLifetimeMs: number,
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
    settle(
      this.db
        .updateTable('session')
        .set({ expires_at: this.expiryOf(data) })
        .where('sid', '=', sid)
        .execute(),
      callback,
    );
  }

  override destroy(sid: string, callback?: Callback) {
    settle(this.db.deleteFrom('session').where('sid', '=', sid).execute(), callback);
  }

  async read(sid: string): Promise<session.SessionData | null> {
    const row = await this.db
      .selectFrom('session')
      .select(['sess', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst();
    if (!row) return null;
    if (Number(row.expires_at) <= this.clock.now().getTime()) {
      await this.db.deleteFrom('session').where('sid', '=', sid).execute();
      return null;
    }
    return JSON.parse(row.sess) as session.SessionData;
  }

  async write(sid: string, data: session.SessionData): Promise<void> {
    const row = { sid, sess: JSON.stringify(data), expires_at: this.expiryOf(data) };
    await this.db
      .insertInto('session')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('sid').doUpdateSet({ sess: row.sess, expires_at: row.expires_at }),
      )
      .execute();
  }

  /** Deletes expired rows; returns how many went. */
  async sweepExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('session')
      .where('expires_at', '<=', this.clock.now().getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Expiry from our own clock plus the cookie's lifetime, so that the injected clock (tests,
   * timeouts) and never the cookie's wall-clock date decides when a session is gone.
   */
  private expiryOf(data: session.SessionData): number {
    const lifetime = data.cookie.originalMaxAge ?? this.defaultLifetimeMs;
    return this.clock.now().getTime() + lifetime;
  }
}

function settle(work: Promise<unknown>, callback?: Callback) {
  work.then(
    () => callback?.(),
    (error: unknown) => callback?.(error),
  );
}

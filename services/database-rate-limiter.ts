import type { Kysely } from 'kysely';
import { sql } from './db/kysely';
import { RateLimiterRes } from 'rate-limiter-flexible';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';
import type { Clock } from './clock';
import type { Database } from './db/schema';

interface StoredCounter {
  points: number;
  expires_at: number | string;
}

export interface DatabaseRateLimiterOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Names the limit; stored in front of every key. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * A rate-limiter-flexible store on our own database through Kysely, so one implementation serves
 * SQLite and PostgreSQL and every app instance counts in the same rows. Each counter is a fixed
 * window: the first attempt sets its expiry, later ones add to it, one atomic upsert per attempt.
 * Time comes from the injected clock, never from Date.now().
 */
export class DatabaseRateLimiter extends RateLimiterStoreAbstract {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;

  constructor(options: DatabaseRateLimiterOptions) {
    super({
      storeClient: options.db,
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
    });
    this.db = options.db;
    this.clock = options.clock;
  }

  /** Called by the library after every change: turns our row into its result. */
  _getRateLimiterRes(_key: string, changedPoints: number, stored: StoredCounter): RateLimiterRes {
    const consumed = stored.points;
    return new RateLimiterRes(
      Math.max(this.points - consumed, 0),
      Math.max(Number(stored.expires_at) - this.now(), 0),
      consumed,
      consumed === changedPoints,
    );
  }

  /**
   * Adds points to a live counter, or starts a new window when there is none or it has expired.
   * `forceExpire` (the library's block/set) overwrites both the points and the expiry.
   */
  async _upsert(
    key: string,
    points: number,
    msDuration: number,
    forceExpire = false,
  ): Promise<StoredCounter> {
    // Every counter expires, so that the sweep can remove it.
    if (!(msDuration > 0)) throw new Error('Rate-limit counters need a duration');
    const now = this.now();
    const expired = sql<boolean>`${sql.ref('rate_limit.expires_at')} <= ${now}`;
    return this.db
      .insertInto('rate_limit')
      .values({ key, points, expires_at: now + msDuration })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet(
          forceExpire
            ? {
                points: sql.ref('excluded.points'),
                expires_at: sql.ref('excluded.expires_at'),
              }
            : {
                points: sql<number>`case when ${expired} then ${sql.ref('excluded.points')}
                  else ${sql.ref('rate_limit.points')} + ${sql.ref('excluded.points')} end`,
                expires_at: sql<number>`case when ${expired} then ${sql.ref('excluded.expires_at')}
                  else ${sql.ref('rate_limit.expires_at')} end`,
              },
        ),
      )
      .returning(['points', 'expires_at'])
      .executeTakeFirstOrThrow();
  }

  async _get(key: string): Promise<StoredCounter | null> {
    const row = await this.db
      .selectFrom('rate_limit')
      .select(['points', 'expires_at'])
      .where('key', '=', key)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    return row ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rate_limit').where('key', '=', key).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

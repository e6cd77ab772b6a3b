import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitsConfig } from '../config';
import { addressKey } from './address-key';
import type { Clock } from './clock';
import { DatabaseRateLimiter } from './database-rate-limiter';
import type { Database } from './db/schema';

export type LimitName = keyof RateLimitsConfig;

/** One thing to count: which limit, and whose attempt (an IP address, a session id). */
export interface RateLimitCheck {
  limit: LimitName;
  key: string;
}

export type RateLimitOutcome =
  { allowed: true } | { allowed: false; retryAfterMs: number; reached: LimitName[] };

/**
 * The named limits, counted in the database so that every app instance shares them. Keys are
 * stored as SHA-256 digests: a session id is a credential and must not sit in a second table.
 */
export class RateLimits {
  private readonly limiters: Record<LimitName, DatabaseRateLimiter>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    config: RateLimitsConfig,
  ) {
    const limiter = (name: LimitName) =>
      new DatabaseRateLimiter({
        db,
        clock,
        keyPrefix: name,
        points: config[name].points,
        durationSeconds: config[name].windowMinutes * 60,
      });
    this.limiters = {
      newSessionsPerIp: limiter('newSessionsPerIp'),
      postsPerIp: limiter('postsPerIp'),
      postsPerSession: limiter('postsPerSession'),
      pdfsPerIp: limiter('pdfsPerIp'),
      pdfsPerSession: limiter('pdfsPerSession'),
      passwordFailuresPerAccount: limiter('passwordFailuresPerAccount'),
      passwordFailuresPerIp: limiter('passwordFailuresPerIp'),
      passwordFailuresPerDevice: limiter('passwordFailuresPerDevice'),
      codeFailuresPerAccount: limiter('codeFailuresPerAccount'),
      smsPerAccount: limiter('smsPerAccount'),
      noticesPerAccount: limiter('noticesPerAccount'),
      activationFailuresPerAccount: limiter('activationFailuresPerAccount'),
    };
  }

  /**
   * Counts one attempt against every check. Refused when any limit is passed, with the longest
   * wait among them. A database failure is thrown, not turned into a refusal.
   */
  async consume(checks: RateLimitCheck[]): Promise<RateLimitOutcome> {
    const refusals = (await Promise.all(checks.map((check) => this.count(check)))).filter(
      (refusal) => refusal !== undefined,
    );
    if (refusals.length === 0) return { allowed: true };
    return {
      allowed: false,
      retryAfterMs: Math.max(...refusals.map((refusal) => refusal.retryAfterMs)),
      reached: refusals.map((refusal) => refusal.limit),
    };
  }

  /** Attempts counted so far in the current window (0 when none). */
  async attempts(check: RateLimitCheck): Promise<number> {
    const counter = await this.limiters[check.limit].get(keyOf(check));
    return counter?.consumedPoints ?? 0;
  }

  /**
   * For counters of failures, which count only when an attempt fails: whether any of them is
   * used up already, and for how long. Nothing is counted.
   */
  async blocked(checks: RateLimitCheck[]): Promise<RateLimitOutcome> {
    const refusals: { limit: LimitName; retryAfterMs: number }[] = [];
    for (const check of checks) {
      const limiter = this.limiters[check.limit];
      const counter = await limiter.get(keyOf(check));
      if (counter && counter.consumedPoints >= limiter.points) {
        refusals.push({ limit: check.limit, retryAfterMs: counter.msBeforeNext });
      }
    }
    if (refusals.length === 0) return { allowed: true };
    return {
      allowed: false,
      retryAfterMs: Math.max(...refusals.map((refusal) => refusal.retryAfterMs)),
      reached: refusals.map((refusal) => refusal.limit),
    };
  }

  /** Gives back one point counted by `consume`, e.g. for an attempt that turned out right. */
  async refund(checks: RateLimitCheck[]): Promise<void> {
    for (const check of checks) await this.limiters[check.limit].reward(keyOf(check), 1);
  }

  /** Clears counters, e.g. an account's failures after it logged in. */
  async reset(checks: RateLimitCheck[]): Promise<void> {
    for (const check of checks) await this.limiters[check.limit].delete(keyOf(check));
  }

  /** Deletes counters whose window has ended; returns how many went. */
  async sweepExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('rate_limit')
      .where('expires_at', '<=', this.clock.now().getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async count(check: RateLimitCheck) {
    try {
      await this.limiters[check.limit].consume(keyOf(check));
      return undefined;
    } catch (error) {
      // The library refuses with its result object; anything else is a real failure.
      if (!(error instanceof RateLimiterRes)) throw error;
      return { limit: check.limit, retryAfterMs: error.msBeforeNext };
    }
  }
}

/** A limit per client address (…PerIp) counts by the address's network (see addressKey). */
function keyOf(check: RateLimitCheck): string {
  return digest(check.limit.endsWith('PerIp') ? addressKey(check.key) : check.key);
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

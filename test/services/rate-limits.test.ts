import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices } from '../../services';
import { DatabaseRateLimiter } from '../../services/database-rate-limiter';
import type { RateLimitCheck } from '../../services/rate-limits';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';

const session = (key: string): RateLimitCheck => ({ limit: 'postsPerSession', key });

for (const target of databaseTargets()) {
  describe(`rate limits on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    before(async () => {
      opened = await target.open({
        clock,
        env: {
          RATE_LIMIT_POSTS_PER_SESSION: '3/5m',
          RATE_LIMIT_POSTS_PER_IP: '10/1h',
          RATE_LIMIT_PDFS_PER_SESSION: '10/10m',
        },
      });
    });
    after(async () => {
      await opened.cleanup();
    });

    it('allows the limit, then refuses with the time left of the window, then starts anew', async () => {
      const { rateLimits } = opened.services;
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.deepEqual(await rateLimits.consume([session('window')]), { allowed: true });
      }
      assert.deepEqual(await rateLimits.consume([session('window')]), {
        allowed: false,
        retryAfterMs: 5 * 60_000,
        reached: ['postsPerSession'],
      });
      clock.advanceMinutes(2);
      const later = await rateLimits.consume([session('window')]);
      assert.equal(later.allowed ? 0 : later.retryAfterMs, 3 * 60_000);
      clock.advanceMinutes(3);
      assert.deepEqual(await rateLimits.consume([session('window')]), { allowed: true });
      assert.equal(await rateLimits.attempts(session('window')), 1);
    });

    it('counts each key and each limit apart', async () => {
      const { rateLimits } = opened.services;
      for (let attempt = 1; attempt <= 4; attempt++) await rateLimits.consume([session('one')]);
      assert.deepEqual(await rateLimits.consume([session('two')]), { allowed: true });
      assert.deepEqual(await rateLimits.consume([{ limit: 'postsPerIp', key: 'one' }]), {
        allowed: true,
      });
    });

    it('with several checks, refuses when any is reached and names it, with the longest wait', async () => {
      const { rateLimits } = opened.services;
      const checks: RateLimitCheck[] = [
        { limit: 'postsPerIp', key: '198.51.100.4' },
        session('several'),
      ];
      for (let attempt = 1; attempt <= 3; attempt++) await rateLimits.consume(checks);
      assert.deepEqual(await rateLimits.consume(checks), {
        allowed: false,
        retryAfterMs: 5 * 60_000,
        reached: ['postsPerSession'],
      });
      // Refused attempts count too: six more bring the address to its 10 an hour.
      for (let attempt = 1; attempt <= 6; attempt++) await rateLimits.consume(checks);
      assert.deepEqual(await rateLimits.consume(checks), {
        allowed: false,
        retryAfterMs: 60 * 60_000,
        reached: ['postsPerIp', 'postsPerSession'],
      });
    });

    it('counts atomically: of 25 attempts at once, exactly the limit get through', async () => {
      const { rateLimits } = opened.services;
      const check: RateLimitCheck = { limit: 'pdfsPerSession', key: 'parallel' };
      const outcomes = await Promise.all(
        Array.from({ length: 25 }, () => rateLimits.consume([check])),
      );
      assert.equal(outcomes.filter((outcome) => outcome.allowed).length, 10);
      assert.equal(await rateLimits.attempts(check), 25);
    });

    it('shares the counters between two instances on the same database', async () => {
      const second = createServices(opened.services.config, { clock });
      try {
        await opened.services.rateLimits.consume([session('shared')]);
        await second.rateLimits.consume([session('shared')]);
        await opened.services.rateLimits.consume([session('shared')]);
        const fourth = await second.rateLimits.consume([session('shared')]);
        assert.equal(fourth.allowed, false);
      } finally {
        await second.close();
      }
    });

    it('keeps no session id in clear in the table', async () => {
      const sessionId = 'Vq3m0b6XkqJ1t1c2nX0H1w5bY2fQ8mZk';
      await opened.services.rateLimits.consume([session(sessionId)]);
      const rows = await opened.services.database.db
        .selectFrom('rate_limit')
        .select('key')
        .execute();
      assert.ok(rows.length > 0);
      assert.ok(rows.every((row) => !row.key.includes(sessionId)));
    });

    it('the store also does what the library asks of it for blocks and deletes', async () => {
      const limiter = new DatabaseRateLimiter({
        db: opened.services.database.db,
        clock,
        keyPrefix: 'store-contract',
        points: 2,
        durationSeconds: 60,
      });
      await limiter.consume('visitor');
      await limiter.block('visitor', 600);
      const blocked = await limiter.get('visitor');
      assert.equal(blocked?.consumedPoints, 3);
      assert.equal(blocked.msBeforeNext, 600_000);
      await assert.rejects(limiter.consume('visitor'));
      assert.equal(await limiter.delete('visitor'), true);
      assert.equal(await limiter.get('visitor'), null);
      assert.equal((await limiter.consume('visitor')).remainingPoints, 1);
    });

    it('sweeps counters whose window has ended and keeps live ones', async () => {
      const { rateLimits, database } = opened.services;
      await rateLimits.consume([session('short-lived')]);
      await rateLimits.consume([{ limit: 'postsPerIp', key: 'long-lived' }]);
      clock.advanceMinutes(6);
      assert.ok((await rateLimits.sweepExpired()) >= 1);
      assert.equal(await rateLimits.attempts(session('short-lived')), 0);
      assert.equal(await rateLimits.attempts({ limit: 'postsPerIp', key: 'long-lived' }), 1);
      const left = await database.db.selectFrom('rate_limit').select('expires_at').execute();
      const now = clock.now().getTime();
      assert.ok(left.every((row) => Number(row.expires_at) > now));
    });
  });
}

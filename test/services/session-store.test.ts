import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type session from 'express-session';
import type { Clock } from '../../services/clock';
import { databaseTargets } from '../helpers/database-targets';
import type { TestServices } from '../helpers/test-services';

class FixedClock implements Clock {
  constructor(private time: number) {}
  now() {
    return new Date(this.time);
  }
  advanceMinutes(minutes: number) {
    this.time += minutes * 60_000;
  }
}

function sessionData(
  lifetimeMinutes: number,
  values: Record<string, unknown> = {},
): session.SessionData {
  // As a store receives it back from JSON: a plain object, not a Cookie instance.
  const stored: unknown = { cookie: { originalMaxAge: lifetimeMinutes * 60_000 }, ...values };
  return stored as session.SessionData;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

for (const target of databaseTargets()) {
  describe(`session store on ${target.name}`, { skip: target.skip }, () => {
    const clock = new FixedClock(Date.parse('2026-11-24T08:00:00Z'));
    let opened: TestServices;
    before(async () => {
      opened = await target.open({ clock });
    });
    after(async () => {
      await opened.cleanup();
    });

    it('writes, reads, overwrites and destroys a session', async () => {
      const store = opened.services.sessionStore;
      await store.write('a', sessionData(30, { municipalityCode: '9901' }));
      assert.equal((await store.read('a'))?.municipalityCode, '9901');
      await store.write('a', sessionData(30, { municipalityCode: '9902' }));
      assert.equal((await store.read('a'))?.municipalityCode, '9902');
      await new Promise<void>((resolve, reject) => {
        store.destroy('a', (error) => (error ? reject(toError(error)) : resolve()));
      });
      assert.equal(await store.read('a'), null);
    });

    it('treats an expired session as gone, and touch keeps an active one alive', async () => {
      const store = opened.services.sessionStore;
      await store.write('idle', sessionData(30));
      await store.write('active', sessionData(30));
      clock.advanceMinutes(20);
      await new Promise<void>((resolve, reject) => {
        store.touch('active', sessionData(30), (error) =>
          error ? reject(toError(error)) : resolve(),
        );
      });
      clock.advanceMinutes(15);
      assert.equal(await store.read('idle'), null);
      assert.notEqual(await store.read('active'), null);
    });

    it('sweeps expired rows away and leaves live ones', async () => {
      const store = opened.services.sessionStore;
      await store.write('old-1', sessionData(1));
      await store.write('old-2', sessionData(2));
      await store.write('fresh', sessionData(60));
      clock.advanceMinutes(5);
      assert.ok((await store.sweepExpired()) >= 2);
      const left = await opened.services.database.db.selectFrom('session').select('sid').execute();
      assert.ok(left.some((row) => row.sid === 'fresh'));
      assert.ok(!left.some((row) => row.sid.startsWith('old-')));
    });
  });
}

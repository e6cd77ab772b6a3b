import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type session from 'express-session';
import type { Clock } from '../../services/clock';
import type { DatabaseSessionStore } from '../../services/session-store';
import { databaseTargets } from '../helpers/database-targets';
import { createApplicant } from '../helpers/login';
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

type Store = DatabaseSessionStore;

function done(resolve: () => void, reject: (error: Error) => void) {
  return (error?: unknown) => (error ? reject(toError(error)) : resolve());
}

const destroy = (store: Store, sid: string) =>
  new Promise<void>((resolve, reject) => store.destroy(sid, done(resolve, reject)));
const set = (store: Store, sid: string, data: session.SessionData) =>
  new Promise<void>((resolve, reject) => store.set(sid, data, done(resolve, reject)));
const touch = (store: Store, sid: string, data: session.SessionData) =>
  new Promise<void>((resolve, reject) => store.touch(sid, data, done(resolve, reject)));

/** The session object a request works on, made as express-session makes it from the row. */
async function loaded(store: Store, sid: string): Promise<session.SessionData> {
  const data = await store.read(sid);
  assert.ok(data, `session ${sid} is stored`);
  const req: unknown = { sessionID: sid, sessionStore: store };
  return store.createSession(req as Parameters<Store['createSession']>[0], data);
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

    it('inserts a new session, writes a stored one back, and destroys it', async () => {
      const store = opened.services.sessionStore;
      await set(store, 'a', sessionData(30, { municipalityCode: '9901' }));
      const request = await loaded(store, 'a');
      request.municipalityCode = '9902';
      await set(store, 'a', request);
      assert.equal((await store.read('a'))?.municipalityCode, '9902');
      await destroy(store, 'a');
      assert.equal(await store.read('a'), null);
    });

    async function rows(sid: string) {
      return opened.services.database.db
        .selectFrom('session')
        .select('sid')
        .where('sid', '=', sid)
        .execute();
    }

    it('SEC-11 a request under way at logout writes nothing back: set and touch leave the row gone', async () => {
      const store = opened.services.sessionStore;
      await store.insert('in-flight', sessionData(30, { startedAt: 1 }));
      const held = await loaded(store, 'in-flight');
      const other = await loaded(store, 'in-flight');
      await destroy(store, 'in-flight');
      held.municipalityCode = '9901';
      await set(store, 'in-flight', held);
      clock.advanceMinutes(2);
      await touch(store, 'in-flight', other);
      assert.deepEqual(await rows('in-flight'), []);
      assert.equal(await store.read('in-flight'), null);
    });

    it('SEC-12 a request under way in a session ended by another one writes nothing back', async () => {
      const { services } = opened;
      const store = services.sessionStore;
      const { account } = await createApplicant(services);
      const user = { accountId: account.id, kind: 'applicant', method: 'sms', at: 0 };
      await store.insert('changer', sessionData(30, { user }));
      await store.insert('elsewhere', sessionData(30, { user }));
      const held = await loaded(store, 'elsewhere');
      assert.equal(await store.destroyOthersOf(account.id, 'changer'), 1);
      held.municipalityCode = '9901';
      await set(store, 'elsewhere', held);
      assert.deepEqual(await rows('elsewhere'), []);
    });

    it('SEC-10 an idle-expired row is not revived by a late write or touch before the sweep', async () => {
      const store = opened.services.sessionStore;
      await store.insert('late', sessionData(30));
      const held = await loaded(store, 'late');
      clock.advanceMinutes(31);
      held.municipalityCode = '9901';
      await set(store, 'late', held);
      await touch(store, 'late', held);
      assert.equal(await store.read('late'), null);
      assert.deepEqual(await rows('late'), []);
    });

    it('SEC-11 an id renewal goes through only while the old session is live', async () => {
      const store = opened.services.sessionStore;
      await store.insert('before', sessionData(30, { startedAt: 1 }));
      const request = await loaded(store, 'before');
      assert.equal(
        await store.renew('before', true, 'after', sessionData(30, { startedAt: 1 })),
        true,
      );
      assert.deepEqual(await rows('before'), []);
      assert.equal((await store.read('after'))?.startedAt, 1);
      // A second renewal of the same old id (logged out, or renewed by a parallel request).
      assert.equal(store.isStored(request), true);
      assert.equal(await store.renew('before', true, 'again', sessionData(30)), false);
      assert.deepEqual(await rows('again'), []);
      // A session new in its request has no row to end.
      assert.equal(await store.renew('fresh', false, 'fresh-2', sessionData(30)), true);
    });

    it('SEC-11 logging out the old id while its renewal finished ends the renewed session too', async () => {
      const store = opened.services.sessionStore;
      await store.insert('logout-old', sessionData(30, { startedAt: 1 }));
      await store.renew('logout-old', true, 'logout-new', sessionData(30, { startedAt: 1 }));
      await destroy(store, 'logout-old');
      assert.deepEqual(await rows('logout-new'), []);
    });

    it('treats an expired session as gone, and touch keeps an active one alive', async () => {
      const store = opened.services.sessionStore;
      await store.insert('idle', sessionData(30));
      await store.insert('active', sessionData(30));
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
      await store.insert('old-1', sessionData(1));
      await store.insert('old-2', sessionData(2));
      await store.insert('fresh', sessionData(60));
      clock.advanceMinutes(5);
      assert.ok((await store.sweepExpired()) >= 2);
      const left = await opened.services.database.db.selectFrom('session').select('sid').execute();
      assert.ok(left.some((row) => row.sid === 'fresh'));
      assert.ok(!left.some((row) => row.sid.startsWith('old-')));
    });
  });
}

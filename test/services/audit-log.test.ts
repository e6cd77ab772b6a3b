import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AuditShownIndex } from '../../services/audit-shown-index';
import { sql } from '../../services/db/kysely';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';
import { systemEvent } from '../helpers/audit-events';

for (const target of databaseTargets()) {
  describe(`audit log on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    before(async () => {
      opened = await target.open({ clock });
    });
    after(async () => {
      await opened.cleanup();
    });

    const event = {
      actorId: '11111111-1111-4111-8111-111111111111',
      role: 'caseworker' as const,
      municipality: '9901',
      subject: '22222222-2222-4222-8222-222222222222',
      action: 'view' as const,
      outcome: 'ok' as const,
      requestId: '33333333-3333-4333-8333-333333333333',
    };

    it('SEC-29 stores one row with UTC time, actor, role, municipality, subject, action, outcome and request id', async () => {
      const { auditLog } = opened.services;
      await auditLog.record(event);
      const [stored, ...more] = await auditLog.ofRequest(event.requestId);
      assert.equal(more.length, 0);
      assert.ok(stored);
      assert.equal(stored.at.toISOString(), '2026-11-24T08:00:00.000Z');
      const { id, at, ...fields } = stored;
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.ok(at instanceof Date);
      assert.deepEqual(fields, event);
    });

    it('SEC-29 a row written in a transaction that is rolled back is gone with it', async () => {
      const { auditLog, database } = opened.services;
      const requestId = '44444444-4444-4444-8444-444444444444';
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await auditLog.record({ ...event, action: 'change', requestId }, trx);
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      assert.deepEqual(await auditLog.ofRequest(requestId), []);
    });
  });
}

for (const target of databaseTargets()) {
  describe(`audit log hash chain on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    beforeEach(async () => {
      opened = await target.open({ clock });
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    /** Five events, one a minute, and the ids in the order written. */
    async function writeFive(): Promise<string[]> {
      const { auditLog } = opened.services;
      const ids: string[] = [];
      for (let n = 1; n <= 5; n += 1) {
        clock.advanceMinutes(1);
        const requestId = `00000000-0000-4000-8000-00000000000${n}`;
        await auditLog.record({
          actorId: '11111111-1111-4111-8111-111111111111',
          role: 'caseworker',
          municipality: '9901',
          subject: '22222222-2222-4222-8222-222222222222',
          action: 'view',
          outcome: 'ok',
          requestId,
        });
        const [stored] = await auditLog.ofRequest(requestId);
        ids.push(stored?.id ?? '');
      }
      return ids;
    }

    async function seqOf(id: string): Promise<number> {
      const row = await opened.services.database.db
        .selectFrom('audit_event')
        .select('seq')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.seq);
    }

    it('SEC-30 an untouched log verifies, rolled-back events leave no gap', async () => {
      const { auditLog, database } = opened.services;
      await writeFive();
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await auditLog.record(
            {
              actorId: null,
              role: null,
              municipality: null,
              subject: null,
              action: 'change',
              outcome: 'ok',
              requestId: null,
            },
            trx,
          );
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await writeFive();
      const report = await auditLog.verify();
      assert.equal(report.ok, true);
      assert.equal(report.checked, 10);
    });

    it('SEC-30 the applications an event showed are covered by the chain', async () => {
      const { auditLog, database } = opened.services;
      await writeFive();
      const requestId = '55555555-5555-4555-8555-555555555555';
      await auditLog.record({
        actorId: '11111111-1111-4111-8111-111111111111',
        role: 'caseworker',
        municipality: '9901',
        subject: null,
        action: 'search',
        outcome: 'ok',
        requestId,
        shown: ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'],
      });
      assert.deepEqual(await auditLog.verify(), { ok: true, checked: 6 });
      const [stored] = await auditLog.ofRequest(requestId);
      await database.db
        .updateTable('audit_event')
        .set({ shown: JSON.stringify(['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa']) })
        .where('id', '=', stored?.id ?? '')
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 5,
        brokenAt: 6,
        eventId: stored?.id,
      });
    });

    it('SEC-30 what a change was (its detail) is covered by the chain, and never read as a list', async () => {
      const { auditLog, database } = opened.services;
      await writeFive();
      const requestId = '66666666-6666-4666-8666-666666666666';
      await auditLog.record({
        actorId: '11111111-1111-4111-8111-111111111111',
        role: 'caseworker',
        municipality: '9901',
        subject: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
        action: 'change',
        outcome: 'invalid',
        requestId,
        detail: 'note',
      });
      assert.deepEqual(await auditLog.verify(), { ok: true, checked: 6 });
      const [stored] = await auditLog.ofRequest(requestId);
      // The same text moved from `detail` to `shown` is another event.
      await database.db
        .updateTable('audit_event')
        .set({ detail: null, shown: 'note' })
        .where('id', '=', stored?.id ?? '')
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 5,
        brokenAt: 6,
        eventId: stored?.id,
      });
      await database.db
        .updateTable('audit_event')
        .set({ detail: 'decision', shown: null })
        .where('id', '=', stored?.id ?? '')
        .execute();
      assert.equal((await auditLog.verify()).ok, false);
    });

    it('SEC-30 an edited row is reported as the first broken one', async () => {
      const { auditLog, database } = opened.services;
      const ids = await writeFive();
      await database.db
        .updateTable('audit_event')
        .set({ outcome: 'denied' })
        .where('id', '=', ids[2] ?? '')
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 2,
        brokenAt: 3,
        eventId: ids[2],
      });
    });

    it('SEC-30 an edited row whose hash was recomputed alone still breaks the chain at the next row', async () => {
      const { auditLog, database } = opened.services;
      const ids = await writeFive();
      // The attacker recomputes the edited row's own hash from its predecessor's; the next row
      // was chained to the old hash.
      const { chainHash } = await import('../../services/audit-chain');
      const [first, second] = await database.db
        .selectFrom('audit_event')
        .selectAll()
        .orderBy('seq')
        .limit(2)
        .execute();
      assert.ok(first?.hash && second?.seq);
      const edited = {
        ...second,
        seq: second.seq,
        subject: '99999999-9999-4999-8999-999999999999',
      };
      await database.db
        .updateTable('audit_event')
        .set({ subject: edited.subject, hash: chainHash(edited, first.hash) })
        .where('id', '=', edited.id)
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 2,
        brokenAt: 3,
        eventId: ids[2],
      });
    });

    it('SEC-30 a deleted row is reported where it was', async () => {
      const { auditLog, database } = opened.services;
      const ids = await writeFive();
      await database.db
        .deleteFrom('audit_event')
        .where('id', '=', ids[1] ?? '')
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 1,
        brokenAt: 2,
        eventId: ids[2],
      });
    });

    it('SEC-30 rows deleted from the end are reported against the chain head', async () => {
      const { auditLog, database } = opened.services;
      const ids = await writeFive();
      await database.db
        .deleteFrom('audit_event')
        .where('id', 'in', [ids[3] ?? '', ids[4] ?? ''])
        .execute();
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 3,
        brokenAt: 4,
        eventId: null,
      });
    });

    it('SEC-30 two rows swapped (their places exchanged) are reported at the first', async () => {
      const { auditLog, database } = opened.services;
      const ids = await writeFive();
      const second = await seqOf(ids[1] ?? '');
      const fourth = await seqOf(ids[3] ?? '');
      await database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('audit_event')
          .set({ seq: -1 })
          .where('id', '=', ids[1] ?? '')
          .execute();
        await trx
          .updateTable('audit_event')
          .set({ seq: second })
          .where('id', '=', ids[3] ?? '')
          .execute();
        await trx
          .updateTable('audit_event')
          .set({ seq: fourth })
          .where('id', '=', ids[1] ?? '')
          .execute();
      });
      assert.deepEqual(await auditLog.verify(), {
        ok: false,
        checked: 1,
        brokenAt: 2,
        eventId: ids[3],
      });
    });

    it('SEC-30 events written in parallel form one unbroken chain', async () => {
      const { auditLog } = opened.services;
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          auditLog.record({
            actorId: null,
            role: null,
            municipality: '9901',
            subject: null,
            action: 'list',
            outcome: 'ok',
            requestId: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
          }),
        ),
      );
      assert.deepEqual(await auditLog.verify(), { ok: true, checked: 20 });
    });
  });
}

describe('audit log verify command', () => {
  const run = promisify(execFile);
  let opened: TestServices;
  before(async () => {
    const [sqlite] = databaseTargets();
    assert.ok(sqlite);
    opened = await sqlite.open();
  });
  after(async () => {
    await opened.cleanup();
  });

  function verify() {
    return run(process.execPath, ['--import', 'tsx', 'scripts/verify-audit-log.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: `sqlite:${join(opened.dataDir, 'portal.sqlite')}`,
      },
    });
  }

  it('SEC-30 reports an intact log, then the first broken row after an edit, and exits 1', async () => {
    const { auditLog, database } = opened.services;
    for (const action of ['view', 'search', 'export'] as const) {
      await auditLog.record(systemEvent(action));
    }
    const intact = await verify();
    assert.match(intact.stdout, /intact: 3 events checked/);

    // The index of the cases lists showed, changed behind the chain's back, is reported too.
    await auditLog.record(systemEvent('list', ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa']));
    await new AuditShownIndex(database.db).catchUp();
    assert.match((await verify()).stdout, /intact: 4 events checked/);
    await sql`delete from audit_shown where seq = 4`.execute(database.db);
    await assert.rejects(verify(), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /audit_shown\) differs from the events at event 4/);
      return true;
    });

    await sql`update audit_event set action = 'list' where seq = 2`.execute(database.db);
    await assert.rejects(verify(), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /broken at event 2 \(id [0-9a-f-]{36}\)/);
      return true;
    });
  });
});

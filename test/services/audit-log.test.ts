import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';

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

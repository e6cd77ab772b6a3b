import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '../../../services/db/kysely';
import { migrateToLatest } from '../../../services/db/migrate';
import { migrationsAfter, migratorOf } from '../../helpers/migrations';
import { databaseTargets } from '../../helpers/database-targets';
import type { TestServices } from '../../helpers/test-services';
import { systemEvent } from '../../helpers/audit-events';

for (const target of databaseTargets()) {
  describe(`migration 029 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('SEC-30 chains the events written before it in the order written, and goes down and up again', async () => {
      const { services } = opened;
      const handle = services.database;
      const db = handle.db;
      const migrator = migratorOf(handle);
      assert.equal((await migrator.migrateTo('028-message-attachments')).error, undefined);
      await sql`delete from audit_event`.execute(db);
      const at = Date.parse('2026-11-24T08:00:00Z');
      // Written out of time order on purpose: the chain follows the time.
      for (const offset of [2, 0, 1]) {
        await sql`insert into audit_event (id, at, action, outcome, municipality)
          values (${randomUUID()}, ${at + offset}, 'view', 'ok', '9901')`.execute(db);
      }

      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('028-message-attachments'),
      );
      const rows = await db
        .selectFrom('audit_event')
        .select(['at', 'seq'])
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((row) => [Number(row.seq), Number(row.at) - at]),
        [
          [1, 0],
          [2, 1],
          [3, 2],
        ],
      );
      await services.auditLog.record(systemEvent('list'));
      assert.deepEqual(await services.auditLog.verify(), { ok: true, checked: 4 });

      assert.equal((await migrator.migrateTo('028-message-attachments')).error, undefined);
      await migrateToLatest(handle);
      assert.deepEqual(await services.auditLog.verify(), { ok: true, checked: 4 });
    });
  });
}

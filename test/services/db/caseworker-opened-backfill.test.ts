import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from '../../../services/db/kysely';
import { migrationProvider } from '../../../migrations';
import { migrateToLatest } from '../../../services/db/migrate';
import { migrationsAfter } from '../../helpers/migrations';
import { databaseTargets } from '../../helpers/database-targets';
import { insertCase } from '../../helpers/inbox-rows';
import { createStaff } from '../../helpers/staff';
import type { TestServices } from '../../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`migration 025 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('unopens cases only a read-only user, an admin or the paper registrar looked at, and goes down and up again', async () => {
      const { services } = opened;
      const handle = services.database;
      const db = handle.db;
      const at = Date.parse('2026-11-24T08:00:00Z');
      const caseworker = await createStaff(services, [
        { municipalityCode: '9901', role: 'caseworker' },
      ]);
      const reader = await createStaff(services, [{ municipalityCode: '9901', role: 'readonly' }]);
      const admin = await createStaff(services, [{ municipalityCode: '9901', role: 'admin' }]);
      const elsewhere = await createStaff(services, [
        { municipalityCode: '9902', role: 'caseworker' },
      ]);
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      assert.equal((await migrator.migrateTo('024-assignment-events')).error, undefined);

      // Each case opened (by the old rule) at `at + 1`, then looked at by these.
      const cases = {
        byReader: [reader],
        byAdmin: [admin],
        byCaseworker: [reader, caseworker],
        byCaseworkerElsewhere: [elsewhere],
        byRegistrar: [caseworker],
        byNobody: [],
      };
      const ids: Record<string, string> = {};
      for (const [index, [name, viewers]] of Object.entries(cases).entries()) {
        const id = await insertCase(db, { receivedAt: at + index, openedAt: null });
        ids[name] = id;
        if (viewers.length > 0) {
          await db
            .updateTable('application')
            .set({ opened_at: at + 1 })
            .where('id', '=', id)
            .execute();
        }
        for (const [order, viewer] of viewers.entries()) {
          await db
            .insertInto('case_view')
            .values({
              account_id: viewer.account.id,
              application_id: id,
              viewed_at: at + 10 + order,
            })
            .execute();
        }
      }
      await db
        .updateTable('submission')
        .set({ login_method: 'papper', submitted_by: caseworker.account.id })
        .where('application_id', '=', ids.byRegistrar ?? '')
        .execute();
      const openedAt = async () => {
        const rows = await db.selectFrom('application').select(['id', 'opened_at']).execute();
        return Object.fromEntries(
          Object.entries(ids).map(([name, id]) => {
            const value = rows.find((row) => row.id === id)?.opened_at;
            return [name, value === null || value === undefined ? null : Number(value)];
          }),
        );
      };

      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('024-assignment-events'),
      );
      assert.deepEqual(await openedAt(), {
        byReader: null,
        byAdmin: null,
        byCaseworker: at + 1,
        byCaseworkerElsewhere: null,
        byRegistrar: null,
        byNobody: null,
      });

      // Down: any look opens a case again, at the earliest look still recorded.
      assert.equal((await migrator.migrateTo('024-assignment-events')).error, undefined);
      assert.deepEqual(await openedAt(), {
        byReader: at + 10,
        byAdmin: at + 10,
        byCaseworker: at + 1,
        byCaseworkerElsewhere: at + 10,
        byRegistrar: at + 10,
        byNobody: null,
      });
      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('024-assignment-events'),
      );
    });
  });
}

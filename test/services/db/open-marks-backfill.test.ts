import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from '../../../services/db/kysely';
import { migrationProvider } from '../../../migrations';
import { migrationsAfter } from '../../helpers/migrations';
import { migrateToLatest } from '../../../services/db/migrate';
import { databaseTargets } from '../../helpers/database-targets';
import { insertCase } from '../../helpers/inbox-rows';
import type { TestServices } from '../../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`migration 019 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('goes down and up again, counting the open marks of cases marked before it', async () => {
      const handle = opened.services.database;
      const db = handle.db;
      const at = Date.parse('2026-11-24T08:00:00Z');
      const marked = await insertCase(db, { receivedAt: at, status: 'under-handlaggning' });
      const cleared = await insertCase(db, { receivedAt: at + 1, status: 'under-handlaggning' });
      const staff = await db
        .selectFrom('account')
        .select('id')
        .where('kind', '=', 'staff')
        .executeTakeFirstOrThrow();
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      assert.equal((await migrator.migrateTo('018-audit-municipality-text')).error, undefined);
      const mark = (id: string, applicationId: string, clearedAt: number | null) =>
        db
          .insertInto('case_mark')
          .values({
            id,
            application_id: applicationId,
            target: 'answer:om-dig.phone',
            reason: 'Numret saknar en siffra.',
            created_at: at,
            created_by: staff.id,
            cleared_at: clearedAt,
            cleared_by: clearedAt === null ? null : staff.id,
          })
          .execute();
      await mark('00000000-0000-4000-8000-0000000000c1', marked, null);
      await mark('00000000-0000-4000-8000-0000000000c2', marked, null);
      await mark('00000000-0000-4000-8000-0000000000c3', marked, at);
      await mark('00000000-0000-4000-8000-0000000000c4', cleared, at);
      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('018-audit-municipality-text'),
      );
      const counts = await db
        .selectFrom('application')
        .select(['id', 'open_marks'])
        .where('id', 'in', [marked, cleared])
        .execute();
      assert.deepEqual(Object.fromEntries(counts.map((row) => [row.id, row.open_marks])), {
        [marked]: 2,
        [cleared]: 0,
      });
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from '../../../services/db/kysely';
import { migrationProvider } from '../../../migrations';
import { migrateToLatest } from '../../../services/db/migrate';
import { migrationsAfter } from '../../helpers/migrations';
import { databaseTargets } from '../../helpers/database-targets';
import { createStaff } from '../../helpers/staff';
import type { TestServices } from '../../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`migration 030 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('adds password_temporary_since as null for every account (nobody is forced to change), and goes down and up again', async () => {
      const { services } = opened;
      const handle = services.database;
      const db = handle.db;
      const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      await db
        .updateTable('account')
        .set({ password_temporary_since: Date.parse('2026-11-24T08:00:00Z') })
        .where('id', '=', staff.account.id)
        .execute();

      const hash = (await services.accounts.find(staff.account.id))?.passwordHash;
      assert.ok(hash);

      assert.equal((await migrator.migrateTo('029-audit-hash-chain')).error, undefined);
      const accounts = await db.selectFrom('account').selectAll().execute();
      assert.ok(accounts.length > 1);
      assert.ok(accounts.every((row) => !('password_temporary_since' in row)));

      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('029-audit-hash-chain'),
      );
      const marks = await db
        .selectFrom('account')
        .select(['id', 'password_temporary_since'])
        .execute();
      assert.equal(marks.length, accounts.length);
      assert.ok(marks.every((row) => row.password_temporary_since === null));
      // The account's password (and so its login) came through untouched.
      assert.equal((await services.accounts.find(staff.account.id))?.passwordHash, hash);

      // Read back as a number on both databases (PostgreSQL hands a bigint over as text).
      const before = Date.now();
      await services.accounts.setPasswordHash(staff.account.id, hash, { temporary: true });
      const since = (await services.accounts.find(staff.account.id))?.passwordTemporarySince;
      assert.equal(typeof since, 'number');
      assert.ok((since ?? 0) >= before);
      await services.accounts.setPasswordHash(staff.account.id, hash);
      assert.equal((await services.accounts.find(staff.account.id))?.passwordTemporarySince, null);
    });
  });
}

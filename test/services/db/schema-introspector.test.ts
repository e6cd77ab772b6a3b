import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PostgresIntrospector, sql } from '../../../services/db/kysely';
import { migrateToLatest } from '../../../services/db/migrate';
import { databaseTargets } from '../../helpers/database-targets';
import type { TestServices } from '../../helpers/test-services';

const postgres = databaseTargets().find((target) => target.name === 'postgres');

describe('the PostgreSQL introspection the migrator uses', { skip: postgres?.skip }, () => {
  let opened: TestServices;
  const other = `other_${randomBytes(4).toString('hex')}`;
  before(async () => {
    if (!postgres) throw new Error('no PostgreSQL target');
    opened = await postgres.open();
    const { db } = opened.services.database;
    await sql`create schema ${sql.id(other)}`.execute(db);
    await sql`create table ${sql.id(other, 'application')} (id text primary key)`.execute(db);
  });
  after(async () => {
    await sql`drop schema if exists ${sql.id(other)} cascade`.execute(opened.services.database.db);
    await opened.cleanup();
  });

  it("reads only the portal's own schema, so a schema another app or test run drops meanwhile cannot fail a migration", async () => {
    const handle = opened.services.database;
    const schema = handle.migrationSchema;
    assert.ok(schema);
    const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
    assert.deepEqual([...new Set(tables.map((table) => table.schema))], [schema]);
    const names = tables.map((table) => table.name);
    for (const name of [
      'application',
      'audit_event',
      'kysely_migration',
      'kysely_migration_lock',
    ]) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(
      !(await handle.db.introspection.getTables()).some((t) => t.name === 'kysely_migration'),
    );
    // The same tables and columns as Kysely's own introspector gives for this schema.
    const kyselys = await new PostgresIntrospector(handle.db).getTables({
      withInternalKyselyTables: true,
    });
    // (Compared as JSON: Kysely's columns carry `comment: undefined`, ours leave it out.)
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    assert.deepEqual(asJson(tables), asJson(kyselys.filter((table) => table.schema === schema)));
    assert.deepEqual(await handle.db.introspection.getSchemas(), [{ name: schema }]);

    await sql`drop schema ${sql.id(other)} cascade`.execute(handle.db);
    assert.deepEqual(await migrateToLatest(handle), []);
  });
});

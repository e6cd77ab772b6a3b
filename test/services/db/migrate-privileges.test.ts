import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../../../services/db/database';
import { migrateToLatest } from '../../../services/db/migrate';
import { postgresSkipReason, testDatabaseUrl } from '../../helpers/postgres';

/** Runs statements as the test database's own (administrator) role. */
async function asAdministrator(...statements: string[]) {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('migrations on PostgreSQL with a least-privilege role', () => {
  const skip = postgresSkipReason();
  const name = `portal_${randomBytes(4).toString('hex')}`;

  before(async () => {
    if (skip) return;
    // The DBA's part: a role that may log in and owns a schema made for it, and nothing more
    // (no CREATE on the database).
    await asAdministrator(
      `create role ${name} login`,
      `create schema ${name} authorization ${name}`,
    );
  });
  after(async () => {
    if (skip) return;
    await asAdministrator(`drop schema if exists ${name} cascade`, `drop role if exists ${name}`);
  });

  it('migrates into the schema it owns without CREATE on the database', { skip }, async () => {
    const url = new URL(testDatabaseUrl ?? '');
    url.username = name;
    url.password = '';
    const database = openDatabase({ dialect: 'postgres', url: url.href, schema: name });
    try {
      const applied = await migrateToLatest(database);
      assert.ok(applied.length > 10);
      assert.deepEqual(await migrateToLatest(database), [], 'a second run has nothing to do');
    } finally {
      await database.close();
    }
  });
});

import { Migrator, sql } from './kysely';
import { migrationProvider } from '../../migrations';
import type { DatabaseHandle } from './database';

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  // Created only when missing: a role that owns a schema made for it by the DBA, without CREATE
  // on the database, can still migrate.
  if (handle.migrationSchema && !(await schemaExists(handle, handle.migrationSchema))) {
    await sql`create schema if not exists ${sql.id(handle.migrationSchema)}`.execute(handle.db);
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider,
    ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('Migration failed', { cause: error });
  return (results ?? []).map((result) => result.migrationName);
}

async function schemaExists(handle: DatabaseHandle, schema: string): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`
    select 1 as found from information_schema.schemata where schema_name = ${schema}
  `.execute(handle.db);
  return rows.length > 0;
}

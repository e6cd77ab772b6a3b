import { Migrator, sql } from './kysely';
import { migrationProvider } from '../../migrations';
import type { DatabaseHandle } from './database';

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  if (handle.migrationSchema) {
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

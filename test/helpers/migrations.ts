import { migrationProvider } from '../../migrations';
import { Migrator } from '../../services/db/kysely';
import type { DatabaseHandle } from '../../services/db/database';

/** The names of the migrations after `name`, in the order they run: what migrating up from it runs. */
export async function migrationsAfter(name: string): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations())
    .sort()
    .filter((one) => one > name);
}

/** A migrator over the test's database, to go back to an earlier migration and up again. */
export function migratorOf(handle: DatabaseHandle) {
  return new Migrator({
    db: handle.db,
    provider: migrationProvider,
    ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
  });
}

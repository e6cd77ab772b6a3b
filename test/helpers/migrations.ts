import { migrationProvider } from '../../migrations';

/** The names of the migrations after `name`, in the order they run: what migrating up from it runs. */
export async function migrationsAfter(name: string): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations())
    .sort()
    .filter((one) => one > name);
}

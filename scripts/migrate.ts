import { openDatabase } from '../services/db/database';
import { migrateToLatest } from '../services/db/migrate';
import { toolDatabase } from './tool-database';

const database = openDatabase(toolDatabase('Nothing was migrated.'));
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} finally {
  await database.close();
}

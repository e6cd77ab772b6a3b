import { loadConfig } from '../config';
import { openDatabase } from '../services/db/database';
import { migrateToLatest } from '../services/db/migrate';

const config = loadConfig(process.env);
const database = openDatabase(config.database);
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} finally {
  await database.close();
}

import { AccountService } from '../services/accounts';
import { AuditLog } from '../services/audit-log';
import { systemClock } from '../services/clock';
import { openDatabase } from '../services/db/database';
import { migrateToLatest } from '../services/db/migrate';
import { InstallationAdmin } from '../services/installation-admin';
import { MunicipalityService } from '../services/municipalities';
import { PasswordHasher } from '../services/passwords/password-hasher';
import { runAdminCommand } from './admin-command';
import { toolDatabase } from './tool-database';

// Migrated first, like `npm start`.
const database = openDatabase(toolDatabase('Nothing was changed.'));
try {
  await migrateToLatest(database);
  const clock = systemClock;
  const accounts = new AccountService(database.db, clock);
  const admin = new InstallationAdmin(
    database.db,
    clock,
    accounts,
    new MunicipalityService(database.db),
    new PasswordHasher(),
    new AuditLog(database.db, clock),
  );
  process.exitCode = await runAdminCommand(process.argv.slice(2), admin, (line) =>
    console.log(line),
  );
} finally {
  await database.close();
}

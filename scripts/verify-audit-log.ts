import { loadConfig } from '../config';
import { AuditLog } from '../services/audit-log';
import { systemClock } from '../services/clock';
import { openDatabase } from '../services/db/database';

/**
 * `npm run audit:verify`: recomputes the audit log's hash chain (SECURITY.md line 30) and reports
 * the first row that breaks it. Reads only; exits 1 when the chain is broken.
 */
const config = loadConfig(process.env);
const database = openDatabase(config.database);
try {
  const report = await new AuditLog(database.db, systemClock).verify();
  if (report.ok) {
    console.log(`The audit log is intact: ${report.checked} events checked.`);
  } else {
    console.error(
      report.eventId
        ? `The audit log is broken at event ${report.brokenAt} (id ${report.eventId}): it was changed, or an event before it was deleted or moved. The ${report.checked} events before it are intact.`
        : `The audit log is broken after event ${report.checked}: events at the end are missing, or the chain's head was changed.`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}

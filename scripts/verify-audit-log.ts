import { AuditLog } from '../services/audit-log';
import { AuditShownIndex } from '../services/audit-shown-index';
import { systemClock } from '../services/clock';
import { openDatabase } from '../services/db/database';
import { toolDatabase } from './tool-database';

/**
 * `npm run audit:verify`: recomputes the audit log's hash chain (SECURITY.md line 30) and reports
 * the first row that breaks it, and checks the index of the cases lists showed against the events.
 * Reads only; exits 1 when either is broken.
 */
const database = openDatabase(toolDatabase('Nothing was checked.'));
try {
  const report = await new AuditLog(database.db, systemClock).verify();
  const index = await new AuditShownIndex(database.db).verify();
  if (!index.ok) {
    console.error(
      `The index of the cases lists showed (audit_shown) differs from the events at event ${index.seq}: "Vem har öppnat ärendet" may miss or add rows there. The events themselves are checked below.`,
    );
    process.exitCode = 1;
  }
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

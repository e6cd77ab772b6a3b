import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import { ApplicationRecords } from './application-records';
import type { CaseService, StaffRequest } from './cases';
import type { Database } from './db/schema';
import type { SubmissionService } from './submissions';

/**
 * The application as a PDF for staff: the applicant's own copy (as sent, or with its answers as
 * a completion left them), for any role of the case's municipality, to print for a meeting or
 * keep with the case's papers. Each download is one 'pdf' row in the audit log.
 */
export class CaseCopies {
  private readonly records: ApplicationRecords;

  constructor(
    private readonly db: Kysely<Database>,
    forms: FormRegistry,
    private readonly cases: CaseService,
    private readonly submissions: SubmissionService,
  ) {
    this.records = new ApplicationRecords(db, (id, version) => forms.find(id, version));
  }

  /** The copy and its receipt number; undefined when this staff member may not read the case. */
  async forStaff(
    who: StaffRequest,
    applicationId: string,
  ): Promise<{ pdf: Buffer; receiptNumber: string } | undefined> {
    const row = await this.db.transaction().execute(async (trx) => {
      const readable = await this.cases.readable(trx, who, applicationId, 'pdf');
      if (readable) await this.cases.record(trx, who, readable, 'pdf', 'ok');
      return readable;
    });
    if (!row) return undefined;
    const record = await this.records.find(applicationId);
    const receipt = await this.submissions.receiptOf(applicationId);
    if (!record || !receipt) return undefined;
    return {
      pdf: await this.submissions.copyOf(record, receipt),
      receiptNumber: receipt.receiptNumber,
    };
  }
}

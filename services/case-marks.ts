import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { hasRefusedCharacters } from './case-text';
import { caseAnswers, checklistItems, markableAnswers } from './case-answers';
import { CLOSED, isCaseStatus } from './case-statuses';
import type { AuditAction, AuditDetail, AuditLog, AuditOutcome } from './audit-log';
import type { StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { mayRead, mayWrite } from './staff-access';

/** The longest reason a mark may have (the column's size). */
export const MARK_REASON_MAX = 500;

export type MarkResult =
  | 'marked'
  /** Missing, or another municipality's: the same to the caller (SEC-15). */
  | 'notFound'
  /** A read-only grant (SEC-16). */
  | 'forbidden'
  /** Decided, withdrawn or cancelled: nothing more is marked. */
  | 'closed'
  /** Not an answer or a checklist item of this application. */
  | 'unknownTarget'
  | 'reasonRequired'
  | 'reasonTooLong'
  /** A control character or bidi override in the reason (SEC-23). */
  | 'controlCharacter'
  /** The same answer already has an open mark. */
  | 'alreadyMarked';

export type ClearResult = 'cleared' | 'notFound' | 'forbidden';

export interface CaseRowForMarks {
  id: string;
  municipality_code: string;
  status: string;
  row_version: number;
  owner_id: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** "answer:<path>" or "attachment:<item>", split; undefined for anything else. */
export function parseTarget(
  target: string,
): { kind: 'answer' | 'attachment'; key: string } | undefined {
  const match = /^(answer|attachment):(.{1,190})$/.exec(target);
  return match ? { kind: match[1] as 'answer' | 'attachment', key: match[2] ?? '' } : undefined;
}

/** Whether an application has a mark nobody has cleared (it must not be decided then). */
export async function hasOpenMarks(db: Db, applicationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_mark')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A caseworker's marks on a sent application: an answer that is wrong or an attachment that is
 * missing, each with a short reason, cleared one by one. Each call writes one audit row in the
 * same transaction as what it changes, also when it is refused.
 */
export class CaseMarks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
  ) {}

  hasOpenMarks(applicationId: string): Promise<boolean> {
    return hasOpenMarks(this.db, applicationId);
  }

  async mark(
    who: StaffRequest,
    applicationId: string,
    target: string,
    reason: string,
  ): Promise<MarkResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.writable(trx, who, applicationId, 'change', 'mark');
      if (typeof row === 'string') return row;
      const refuse = async (result: MarkResult) => {
        await this.record(trx, who, row, 'invalid', 'change', 'mark');
        return result;
      };
      if (isCaseStatus(row.status) && CLOSED.includes(row.status)) return refuse('closed');
      const why = reason.trim();
      if (why === '') return refuse('reasonRequired');
      if (why.length > MARK_REASON_MAX) return refuse('reasonTooLong');
      if (hasRefusedCharacters(why)) return refuse('controlCharacter');
      const parsed = parseTarget(target);
      const answers = await caseAnswers(trx, this.forms, applicationId);
      const known =
        parsed &&
        answers &&
        (parsed.kind === 'answer'
          ? markableAnswers(answers).has(parsed.key)
          : checklistItems(answers).has(parsed.key));
      if (!known) return refuse('unknownTarget');
      const open = await trx
        .selectFrom('case_mark')
        .select('id')
        .where('application_id', '=', applicationId)
        .where('target', '=', target)
        .where('cleared_at', 'is', null)
        .executeTakeFirst();
      if (open) return refuse('alreadyMarked');
      await trx
        .insertInto('case_mark')
        .values({
          id: randomUUID(),
          application_id: applicationId,
          target,
          reason: why,
          created_at: this.clock.now().getTime(),
          created_by: who.staff.account.id,
          cleared_at: null,
          cleared_by: null,
        })
        .execute();
      await countOpenMarks(trx, applicationId);
      await this.record(trx, who, row, 'ok', 'change', 'mark');
      return 'marked';
    });
  }

  /** The mark is dealt with: it stays on the case as history, no longer open. */
  async clear(who: StaffRequest, applicationId: string, markId: string): Promise<ClearResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.writable(trx, who, applicationId, 'change', 'markCleared');
      if (typeof row === 'string') return row === 'forbidden' ? 'forbidden' : 'notFound';
      const cleared = await trx
        .updateTable('case_mark')
        .set({ cleared_at: this.clock.now().getTime(), cleared_by: who.staff.account.id })
        .where('id', '=', markId)
        .where('application_id', '=', applicationId)
        .where('cleared_at', 'is', null)
        .executeTakeFirst();
      const done = Number(cleared.numUpdatedRows) === 1;
      if (done) await countOpenMarks(trx, applicationId);
      await this.record(trx, who, row, done ? 'ok' : 'invalid', 'change', 'markCleared');
      return done ? 'cleared' : 'notFound';
    });
  }

  /**
   * The application row if the staff member may change it; 'notFound' (another municipality's
   * reads as a missing one) or 'forbidden' otherwise, the refusal in the audit log with what was
   * tried (`detail`).
   */
  async writable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    action: AuditAction = 'change',
    detail?: AuditDetail,
  ): Promise<CaseRowForMarks | 'notFound' | 'forbidden'> {
    const row = await this.readable(trx, who, applicationId, action);
    if (!row) return 'notFound';
    if (!mayWrite(who.staff, row.municipality_code)) {
      await this.record(trx, who, row, 'denied', action, detail);
      return 'forbidden';
    }
    return row;
  }

  /** As `writable`, for staff who may only read the case (a letter printed again). */
  async readable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    action: AuditAction,
  ): Promise<CaseRowForMarks | undefined> {
    const row = await trx
      .selectFrom('application')
      .select(['id', 'municipality_code', 'status', 'row_version', 'owner_id'])
      .where('id', '=', applicationId)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
    if (row && mayRead(who.staff, row.municipality_code)) return row;
    await this.audit.refusedCase(who, applicationId, row?.municipality_code ?? null, action, trx);
    return undefined;
  }

  record(
    trx: Transaction<Database>,
    who: StaffRequest,
    row: CaseRowForMarks,
    outcome: AuditOutcome,
    action: AuditAction = 'change',
    detail?: AuditDetail,
  ): Promise<void> {
    return this.audit.onCase(who, row, action, outcome, trx, { detail });
  }
}

/** The case's count of open marks, beside the marks themselves: "Fel och brister" reads it. */
async function countOpenMarks(trx: Transaction<Database>, applicationId: string) {
  await trx
    .updateTable('application')
    .set((eb) => ({
      open_marks: eb
        .selectFrom('case_mark')
        .select((count) => count.fn.countAll<number>().as('open'))
        .where('application_id', '=', applicationId)
        .where('cleared_at', 'is', null),
    }))
    .where('id', '=', applicationId)
    .execute();
}

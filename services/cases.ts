import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { answeredPersonnummer } from '../forms/applicant-identity';
import { withPhoneLinks } from '../forms/phone-links';
import { withRowPaths, type SummarySection } from '../forms/summary';
import type { DraftValues } from '../forms/types';
import { translator } from '../locales';
import { fileOrigins, type FileOrigin } from './attachment-origins';
import type { AttachmentInfo, AttachmentService, OpenedAttachment } from './attachments';
import type { AuditAction, AuditDetail, AuditLog, AuditOutcome } from './audit-log';
import { caseAnswers, currentSections, type AnswerChangeAt } from './case-answers';
import { moveCase, recordAssignment, recordEvent } from './application-events';
import { hasRefusedCharacters } from './case-text';
import { CLOSED, isCaseStatus, REASON_REQUIRED, transition } from './case-statuses';
import type { Clock } from './clock';
import type { CoApplicantService, CoApplicantStatus } from './co-applicants';
import { sentApplications } from './sent-applications';
import type { Database } from './db/schema';
import { unsentCompletionFileIds } from './unsent-completion-files';
import { mayRead, mayWrite, roleIn, type StaffMember } from './staff-access';

/** A staff member and the request they act in: every audit row names both. */
export interface StaffRequest {
  staff: StaffMember;
  requestId: string;
}

export type ChangeResult =
  | { outcome: 'changed' }
  /** Missing, or another municipality's: the same to the caller (SEC-15). */
  | { outcome: 'notFound' }
  /** A read-only grant (SEC-16). */
  | { outcome: 'forbidden' }
  /** The move is not in the table, or not one a caseworker makes by hand. */
  | { outcome: 'illegal'; from: string }
  | { outcome: 'reasonRequired' }
  /** A control character or bidi override in the reason (SEC-23). */
  | { outcome: 'controlCharacter' }
  /** Someone changed the case since the page was shown: nothing was written. */
  | { outcome: 'stale' };

/** 'started': assigned, and moved from `inkommen` to `under-handlaggning` with it. */
export type AssignResult =
  | 'assigned'
  | 'started'
  | 'notFound'
  | 'forbidden'
  | 'closed'
  /** Someone else got the case since the page was shown: nothing was changed. */
  | 'changedMeanwhile';

/** A sent application as a caseworker reads it. */
export interface CaseDetails {
  id: string;
  municipalityCode: string;
  status: string;
  channel: string;
  receivedAt: Date;
  receiptNumber: string;
  period: string | undefined;
  applicantName: string;
  personnummer: string | null;
  assigneeId: string | null;
  assigneeName: string | undefined;
  /** The answers as they stand now (after any completion), question -> answer by section. */
  sections: SummarySection[];
  /** The answers a completion changed, oldest first: what they were before and when. */
  changes: AnswerChangeAt[];
  /** Each with how and when it came: with the application, a completion or a message. */
  attachments: (AttachmentInfo & { origin: FileOrigin | undefined })[];
  coApplicant: CoApplicantStatus | undefined;
  /** The staff member may change it (a caseworker or admin there). */
  mayChange: boolean;
}

interface CaseRow {
  id: string;
  municipality_code: string;
  status: string;
  row_version: number;
}

/**
 * What a caseworker does with one sent application: opens it, takes it, moves its status. Each
 * call writes exactly one audit row, in the same transaction as what it changes, also when it
 * is refused.
 */
export class CaseService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly attachments: AttachmentService,
    private readonly coApplicants: CoApplicantService,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens a case: logged as a view and among my recent ones. A caseworker of its municipality
   * also marks it opened (it leaves "Nya"); a read-only user's or an admin's look does not, nor
   * the look of the caseworker who registered it from paper (the others have not seen it).
   * `alsoShown` names other applications whose answers the page shows beside it (the previous
   * month's, to compare): named in the same audit row.
   */
  async open(
    who: StaffRequest,
    applicationId: string,
    alsoShown: readonly string[] = [],
  ): Promise<CaseDetails | undefined> {
    const now = this.clock.now().getTime();
    const me = who.staff.account.id;
    const found = await this.db.transaction().execute(async (trx) => {
      const row = await this.readable(trx, who, applicationId, 'view');
      if (!row) return undefined;
      if (roleIn(who.staff, row.municipality_code) === 'caseworker') {
        await trx
          .updateTable('application')
          .set({ opened_at: now })
          .where('id', '=', applicationId)
          .where('opened_at', 'is', null)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('submission')
                  .select('submission.application_id')
                  .where('submission.application_id', '=', applicationId)
                  .where('submission.login_method', '=', 'papper')
                  .where('submission.submitted_by', '=', me),
              ),
            ),
          )
          .execute();
      }
      await trx
        .insertInto('case_view')
        .values({ account_id: who.staff.account.id, application_id: applicationId, viewed_at: now })
        .onConflict((conflict) =>
          conflict.columns(['account_id', 'application_id']).doUpdateSet({ viewed_at: now }),
        )
        .execute();
      await this.audit.onCase(who, row, 'view', 'ok', trx, { shown: alsoShown });
      return row;
    });
    return found && this.details(who.staff, found.id);
  }

  /**
   * A file of a case, for staff of its municipality; logged either way, and 'ok' only when the
   * file was there to give (a wrong file id on a readable case is a refusal, SEC-29).
   */
  async download(
    who: StaffRequest,
    applicationId: string,
    attachmentId: string,
  ): Promise<OpenedAttachment | undefined> {
    const row = await this.db
      .transaction()
      .execute((trx) => this.readable(trx, who, applicationId, 'download'));
    if (!row) return undefined;
    // Looked up outside a transaction: SQLite has one connection, which a transaction holds.
    const file = await this.attachments.openForStaff(who.staff, applicationId, attachmentId);
    await this.db
      .transaction()
      .execute((trx) => this.record(trx, who, row, 'download', file ? 'ok' : 'denied'));
    return file;
  }

  /** "Tilldela mig": the case is mine. */
  /**
   * `seenAssignee` is who had the case when the page was shown ('' for nobody): a case that has
   * changed hands since is not taken from whoever has it now without the caseworker seeing who.
   */
  async assignToMe(
    who: StaffRequest,
    applicationId: string,
    seenAssignee?: string,
  ): Promise<AssignResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.readable(trx, who, applicationId, 'assign');
      if (!row) return 'notFound';
      if (!mayWrite(who.staff, row.municipality_code)) {
        await this.record(trx, who, row, 'assign', 'denied');
        return 'forbidden';
      }
      if (isCaseStatus(row.status) && CLOSED.includes(row.status)) {
        await this.record(trx, who, row, 'assign', 'denied');
        return 'closed';
      }
      if (seenAssignee !== undefined) {
        // One statement, so two presses at once cannot both pass: on PostgreSQL the second waits
        // for the first's row lock and then finds the case someone else's.
        const me = who.staff.account.id;
        const claimed = await trx
          .updateTable('application')
          .set({ updated_at: this.clock.now().getTime() })
          .where('id', '=', row.id)
          .where((eb) =>
            eb.or([
              // Given back to nobody meanwhile: taking it takes it from no one.
              eb('assignee_id', 'is', null),
              eb('assignee_id', '=', seenAssignee === '' ? me : seenAssignee),
              eb('assignee_id', '=', me),
            ]),
          )
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) {
          await this.record(trx, who, row, 'assign', 'invalid');
          return 'changedMeanwhile';
        }
      }
      return this.assignIn(trx, who, row, who.staff.account.id);
    });
  }

  /**
   * Gives a readable, writable, open case to `assigneeId` in the caller's transaction, with its
   * audit row. A case still `inkommen` is taken up with it: moved to `under-handlaggning` by the
   * status table's caseworker move, with its event (who takes a case works it; completion and
   * decision need that status).
   */
  async assignIn(
    trx: Transaction<Database>,
    who: StaffRequest,
    row: CaseRow,
    assigneeId: string,
  ): Promise<'assigned' | 'started'> {
    const now = this.clock.now().getTime();
    const start =
      transition(row.status, 'under-handlaggning') === 'caseworker' && row.status === 'inkommen';
    const moved = await trx
      .updateTable('application')
      .set({
        assignee_id: assigneeId,
        updated_at: now,
        ...(start ? { status: 'under-handlaggning', row_version: row.row_version + 1 } : {}),
      })
      .where('id', '=', row.id)
      .$if(start, (query) =>
        query.where('status', '=', row.status).where('row_version', '=', row.row_version),
      )
      .executeTakeFirst();
    const started = start && Number(moved.numUpdatedRows) === 1;
    await recordAssignment(trx, {
      applicationId: row.id,
      at: now,
      actorId: who.staff.account.id,
      status: row.status,
      assigneeId,
    });
    if (started) {
      await recordEvent(trx, {
        applicationId: row.id,
        at: now,
        actorId: who.staff.account.id,
        actorKind: 'staff',
        from: row.status,
        to: 'under-handlaggning',
      });
    } else if (start) {
      // Changed since it was read (in this transaction, so only on PostgreSQL): assign only.
      await trx
        .updateTable('application')
        .set({ assignee_id: assigneeId, updated_at: now })
        .where('id', '=', row.id)
        .execute();
    }
    await this.record(trx, who, row, 'assign', 'ok');
    return started ? 'started' : 'assigned';
  }

  /**
   * Moves a case to `to` if the table allows a caseworker that move from where it is now: a
   * conditional update, an application_event row and an audit row in one transaction.
   */
  async changeStatus(
    who: StaffRequest,
    applicationId: string,
    to: string,
    reason: string,
  ): Promise<ChangeResult> {
    const now = this.clock.now().getTime();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.statusChangeable(trx, who, applicationId);
      if (typeof row === 'string') return { outcome: row };
      const refuse = async <T extends ChangeResult>(result: T): Promise<T> => {
        await this.record(trx, who, row, 'change', 'invalid', 'status');
        return result;
      };
      if (transition(row.status, to) !== 'caseworker') {
        return refuse({ outcome: 'illegal', from: row.status });
      }
      const why = reason.trim();
      if (isCaseStatus(to) && REASON_REQUIRED.includes(to) && why === '') {
        return refuse({ outcome: 'reasonRequired' });
      }
      if (hasRefusedCharacters(why)) return refuse({ outcome: 'controlCharacter' });
      const moved = await moveCase(trx, {
        row,
        to,
        at: now,
        actorId: who.staff.account.id,
        reason: why === '' ? null : why,
      });
      if (!moved) return refuse({ outcome: 'stale' });
      if (row.status === 'komplettering-begard') {
        // The request ends unanswered: what the applicant typed and uploaded for it will never
        // be sent (the files' bytes go with the next sweep of unreferenced blobs).
        await trx
          .updateTable('completion_request')
          .set({ draft_answers: null, draft_saved_at: null })
          .where('application_id', '=', applicationId)
          .where('answered_at', 'is', null)
          .execute();
        const unsent = await unsentCompletionFileIds(trx, applicationId);
        if (unsent.length > 0)
          await trx.deleteFrom('attachment').where('id', 'in', unsent).execute();
      }
      await this.record(trx, who, row, 'change', 'ok', 'status');
      return { outcome: 'changed' };
    });
  }

  /**
   * Whether the staff member may change the case, asked before a change is put to them to
   * confirm: a refusal is logged as the change itself would have been.
   */
  async mayChange(
    who: StaffRequest,
    applicationId: string,
  ): Promise<'ok' | 'notFound' | 'forbidden'> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.statusChangeable(trx, who, applicationId);
      return typeof row === 'string' ? row : 'ok';
    });
  }

  /** The case if the staff member may change its status; a refusal is logged as such a change. */
  private async statusChangeable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
  ): Promise<CaseRow | 'notFound' | 'forbidden'> {
    const row = await this.readable(trx, who, applicationId, 'change');
    if (!row) return 'notFound';
    if (mayWrite(who.staff, row.municipality_code)) return row;
    await this.record(trx, who, row, 'change', 'denied', 'status');
    return 'forbidden';
  }

  /**
   * The sent application if the staff member may read it; otherwise undefined, with a refusal
   * in the audit log (another municipality's case reads exactly as a missing one, SEC-15).
   * Public so that the other case services (notes, messages, assignment) check alike.
   */
  async readable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    action: AuditAction,
  ): Promise<CaseRow | undefined> {
    const row = await trx
      .selectFrom('application')
      .select(['id', 'municipality_code', 'status', 'row_version'])
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
    row: CaseRow,
    action: AuditAction,
    outcome: AuditOutcome,
    detail?: AuditDetail,
  ): Promise<void> {
    return this.audit.onCase(who, row, action, outcome, trx, { detail });
  }

  private async filesWithOrigins(staff: StaffMember, applicationId: string) {
    const files = (await this.attachments.listForStaff(staff, applicationId)) ?? [];
    const origins = await fileOrigins(this.db, applicationId);
    return files.map((file) => ({ ...file, origin: origins?.get(file.id) }));
  }

  private async details(staff: StaffMember, applicationId: string): Promise<CaseDetails> {
    const row = await sentApplications(this.db)
      .where('a.id', '=', applicationId)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(row.snapshot) as {
      formId: string;
      formVersion: number;
      sections: SummarySection[];
      answers: DraftValues;
    };
    const form = this.forms.find(snapshot.formId, snapshot.formVersion);
    // The answers as they stand now: a completion's changes replace what was sent.
    const current = await caseAnswers(this.db, this.forms, applicationId);
    const answers = current?.answers ?? snapshot.answers;
    return {
      id: row.id,
      municipalityCode: row.municipality_code,
      status: row.status,
      channel: row.channel,
      // A paper application came in by post on the day the caseworker recorded, not when registered.
      receivedAt: new Date(Number(row.received_at ?? row.submitted_at)),
      receiptNumber: row.receipt_number,
      period: form?.hooks.period?.(answers),
      applicantName: form?.hooks.signers(answers)[0] ?? row.owner_name ?? '',
      personnummer: row.personnummer ?? (form ? answeredPersonnummer(form, answers) : null),
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name ?? undefined,
      // Each row names its answer's path (a caseworker marks answers by it); a phone answer is
      // a link to call.
      sections: withPhoneLinks(
        current
          ? currentSections(current)
          : withRowPaths(snapshot.sections, form, snapshot.answers, translator('sv')),
        current?.form ?? form,
      ),
      changes: current?.changes ?? [],
      attachments: await this.filesWithOrigins(staff, applicationId),
      coApplicant: await this.coApplicants.coApplicantOf(applicationId),
      mayChange: mayWrite(staff, row.municipality_code),
    };
  }
}

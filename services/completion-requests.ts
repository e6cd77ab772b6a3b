import { randomUUID } from 'node:crypto';
import { moveCase } from './application-events';
import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { swedishDay } from '../forms/dates';
import { summaryRowText } from '../forms/summary';
import { caseAnswers, currentSections, fixedAnswers } from './case-answers';
import { hasRefusedCharacters } from './case-text';
import { caseCompletionOf, type CaseCompletionView } from './case-completion-view';
import { parseTarget, type CaseMarks } from './case-marks';
import { transition } from './case-statuses';
import type { StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { MunicipalityService } from './municipalities';
import type { PdfRenderer } from './pdf-renderer';
import type { StaffMember } from './staff-access';
import type { ApplicantSmsNotices } from './applicant-sms-notices';

/** A letter goes by post and the answer comes back by post: at least a week for both. */
const LETTER_MIN_DAYS = 7;
/** A completion is for this month's money: a last day further off is a slip. */
const DUE_MAX_DAYS = 60;

/** The longest message a request may carry (the column's size). */
export const REQUEST_MESSAGE_MAX = 1000;

export type RequestResult =
  /** `letter`: a paper case without an account, asked by a letter the caseworker prints. */
  | { outcome: 'requested'; requestId: string; sms: 'sent' | 'noPhone' | 'failed' | 'letter' }
  | { outcome: 'notFound' | 'forbidden' | 'noMarks' | 'invalidDate' | 'pastDate' }
  | { outcome: 'messageTooLong' }
  /** A letter's last day too soon for the post both ways, or any last day too far: the limit. */
  | { outcome: 'tooSoonForLetter' | 'tooLate'; limit: string }
  /** A control character or bidi override in the message (SEC-23). */
  | { outcome: 'messageControlCharacter' }
  /** Every open mark is on an answer a completion may not change (personnummer, civil status). */
  | { outcome: 'onlyFixedMarks' }
  /** The status table has no 'completion' move from where the case is. */
  | { outcome: 'illegal'; from: string }
  /** The same form (`onceKey`) made the request standing now: a second press, nothing more. */
  | { outcome: 'repeat' }
  | { outcome: 'stale' };

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** YYYY-MM-DD plus `days`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * "Begär komplettering": the open marks go to the applicant with a due date and a message. The
 * case moves to komplettering-begard by the status table, with its event and audit row in one
 * transaction; then the applicant gets an SMS that names nothing and nobody.
 */
export class CompletionRequests {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly marks: CaseMarks,
    private readonly forms: FormRegistry,
    private readonly municipalities: MunicipalityService,
    private readonly notices: ApplicantSmsNotices,
    private readonly clock: Clock,
    private readonly pdfRenderer: PdfRenderer,
  ) {}

  /** The due date offered: a week from today. */
  defaultDueDate(): string {
    return addDays(swedishDay(this.clock.now()), 7);
  }

  /**
   * `onceKey` (the form's, made when it was shown) becomes the request's id, so a second press
   * of the same form is told from a second request (a colleague's, or another tab's).
   */
  async request(
    who: StaffRequest,
    applicationId: string,
    input: { dueDate: string; message: string; onceKey?: string },
  ): Promise<RequestResult> {
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (trx): Promise<RequestResult> => {
      const row = await this.marks.writable(trx, who, applicationId, 'change', 'completionRequest');
      if (typeof row === 'string') return { outcome: row };
      const refuse = async (refused: RequestResult) => {
        await this.marks.record(trx, who, row, 'invalid', 'change', 'completionRequest');
        return refused;
      };
      // What was typed is checked first, so its message is shown whatever the case's status.
      if (!isIsoDate(input.dueDate)) return refuse({ outcome: 'invalidDate' });
      // Today leaves the applicant no day to answer in.
      if (input.dueDate <= swedishDay(now)) return refuse({ outcome: 'pastDate' });
      const latest = addDays(swedishDay(now), DUE_MAX_DAYS);
      if (input.dueDate > latest) return refuse({ outcome: 'tooLate', limit: latest });
      const byLetter = addDays(swedishDay(now), LETTER_MIN_DAYS);
      if (row.owner_id === null && input.dueDate < byLetter) {
        return refuse({ outcome: 'tooSoonForLetter', limit: byLetter });
      }
      const message = input.message.trim();
      if (message.length > REQUEST_MESSAGE_MAX) return refuse({ outcome: 'messageTooLong' });
      if (hasRefusedCharacters(message)) return refuse({ outcome: 'messageControlCharacter' });
      const to = 'komplettering-begard';
      if (transition(row.status, to) !== 'completion') {
        const repeat = await requestNamed(trx, input.onceKey, applicationId, message);
        return refuse(repeat ? { outcome: 'repeat' } : { outcome: 'illegal', from: row.status });
      }
      const marked = await trx
        .selectFrom('case_mark')
        .select(['id', 'target'])
        .where('application_id', '=', applicationId)
        .where('cleared_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      if (marked.length === 0) return refuse({ outcome: 'noMarks' });
      // An answer a completion may not change is not asked about: the caseworker calls instead.
      const answers = await caseAnswers(trx, this.forms, applicationId);
      const fixed = answers ? fixedAnswers(answers) : new Set<string>();
      const open = marked.filter((mark) => {
        const target = parseTarget(mark.target);
        return !(target?.kind === 'answer' && fixed.has(target.key));
      });
      if (open.length === 0) return refuse({ outcome: 'onlyFixedMarks' });
      if (!(await moveCase(trx, { row, to, at: now.getTime(), actorId: who.staff.account.id }))) {
        // Pressed twice at once: the first press's request may be what changed the case.
        const repeat = await requestNamed(trx, input.onceKey, applicationId, message);
        return refuse({ outcome: repeat ? 'repeat' : 'stale' });
      }
      const request = {
        application_id: applicationId,
        requested_at: now.getTime(),
        requested_by: who.staff.account.id,
        due_date: input.dueDate,
        message: message === '' ? null : message,
        mark_ids: JSON.stringify(open.map((mark) => mark.id)),
        answered_at: null,
        answered_by: null,
        changes: null,
        answers_after: null,
        attachment_ids: null,
      };
      // Under the form's key; a key already used (a copied form) gives way to a new id.
      let requestId = input.onceKey ?? randomUUID();
      const written = await trx
        .insertInto('completion_request')
        .values({ ...request, id: requestId })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst();
      if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0) {
        requestId = randomUUID();
        await trx
          .insertInto('completion_request')
          .values({ ...request, id: requestId })
          .execute();
      }
      await this.marks.record(trx, who, row, 'ok', 'change', 'completionRequest');
      // Without an account nobody can answer online: the caseworker prints the letter, and
      // registers the answer when it comes by post (CompletionByPost).
      return { outcome: 'requested', requestId, sms: row.owner_id === null ? 'letter' : 'noPhone' };
    });
    if (result.outcome !== 'requested' || result.sms === 'letter') return result;
    return {
      ...result,
      sms: await this.notices.toOwner(applicationId, 'completion.sms.requested'),
    };
  }

  /**
   * The letter of a paper case's request, for staff who may read the case (one 'pdf' audit
   * row); 'notFound' for another municipality's case, a request of its own, or a case with an
   * account (asked on Mina sidor, no letter).
   */
  async letter(
    who: StaffRequest,
    applicationId: string,
    requestId: string,
  ): Promise<Buffer | 'notFound'> {
    const content = await this.db.transaction().execute(async (trx) => {
      const row = await this.marks.readable(trx, who, applicationId, 'pdf');
      if (!row) return undefined;
      const request = await trx
        .selectFrom('completion_request as r')
        .innerJoin('submission as s', 's.application_id', 'r.application_id')
        .leftJoin('account as requester', 'requester.id', 'r.requested_by')
        .select(['r.requested_at', 'r.due_date', 'r.message', 'r.mark_ids'])
        .select(['s.receipt_number', 'requester.name as requester_name'])
        .where('r.id', '=', requestId)
        .where('r.application_id', '=', applicationId)
        .executeTakeFirst();
      const answers = await caseAnswers(trx, this.forms, applicationId);
      if (!request || row.owner_id !== null || !answers) {
        await this.marks.record(trx, who, row, 'invalid', 'pdf', 'completionRequest');
        return undefined;
      }
      await this.marks.record(trx, who, row, 'ok', 'pdf', 'completionRequest');
      return { row, request, answers };
    });
    if (!content) return 'notFound';
    const { row, request, answers } = content;
    const municipality = await this.municipalities.find(row.municipality_code);
    const view = await this.forCase(who.staff, applicationId);
    if (!municipality || !view) return 'notFound';
    const asked = JSON.parse(request.mark_ids) as string[];
    const { hooks } = answers.form;
    // What was answered, quoted under each question: a paper applicant may keep no copy.
    const answered = new Map<string, string>();
    for (const section of currentSections(answers)) {
      for (const one of section.rows) if (one.path) answered.set(one.path, summaryRowText(one));
    }
    return this.pdfRenderer.renderCompletionLetter({
      language: 'sv',
      municipality,
      date: new Date(Number(request.requested_at)),
      recipient: {
        name: hooks.signers(answers.answers)[0] ?? '',
        address: hooks.postalAddress?.(answers.answers) ?? [],
      },
      receiptNumber: request.receipt_number,
      period: hooks.period?.(answers.answers),
      items: view.marks
        .filter((mark) => asked.includes(mark.id))
        .map((mark) => ({
          label: mark.label,
          missingFile: mark.kind === 'attachment',
          answer: mark.kind === 'answer' ? answered.get(mark.key) : undefined,
          reason: mark.reason,
        })),
      message: request.message ?? undefined,
      dueDate: request.due_date,
      caseworkerName: request.requester_name ?? '',
    });
  }

  /**
   * The page that asks for a completion, for staff who may change the case: logged as a view,
   * or refused ('notFound' for another municipality's, 'forbidden' for read-only) and logged.
   */
  async openForRequest(
    who: StaffRequest,
    applicationId: string,
  ): Promise<CaseCompletionView | 'notFound' | 'forbidden'> {
    const allowed = await this.db.transaction().execute(async (trx) => {
      const row = await this.marks.writable(trx, who, applicationId, 'view');
      if (typeof row !== 'string') await this.marks.record(trx, who, row, 'ok', 'view');
      return row;
    });
    if (typeof allowed === 'string') return allowed;
    return (await this.forCase(who.staff, applicationId)) ?? 'notFound';
  }

  /** The marks and requests of a case, for staff who may read it; undefined otherwise. */
  forCase(staff: StaffMember, applicationId: string): Promise<CaseCompletionView | undefined> {
    return caseCompletionOf(this.db, this.forms, staff, applicationId);
  }
}

/** Whether this application has a request under this id with this message (a repeat). */
async function requestNamed(
  trx: Transaction<Database>,
  id: string | undefined,
  applicationId: string,
  message: string,
): Promise<boolean> {
  if (id === undefined) return false;
  const found = await trx
    .selectFrom('completion_request')
    .select('message')
    .where('id', '=', id)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return found !== undefined && (found.message ?? '') === message;
}

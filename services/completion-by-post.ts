import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { answersOf, answerTexts, readCompletion } from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import type { Draft, DraftValues } from '../forms/types';
import { translator, type Language } from '../locales';
import { moveCase } from './application-events';
import type { Accepted, AttachmentService, FileOutcome, UploadedFile } from './attachments';
import type { BlobStore } from './blob-store';
import { checklistItems, caseAnswers } from './case-answers';
import { rewriteCaseColumns } from './case-columns';
import type { CaseMarks, CaseRowForMarks } from './case-marks';
import { transition } from './case-statuses';
import type { StaffRequest } from './cases';
import type { Clock } from './clock';
import { answerChanges, askedInRequest, type AskedCompletion } from './completion-answers';
import { isIsoDate } from './completion-requests';
import type { Database } from './db/schema';
import { caseMunicipalityOf } from './case-municipality';
import { mayWrite } from './staff-access';

/** What the caseworker sees to register the answer to a letter. */
export interface PostAnswerPage extends AskedCompletion {
  items: { label: string; reason: string }[];
}

type Refusal = { outcome: 'notFound' } | { outcome: 'forbidden' } | { outcome: 'notWaiting' };

export type PostAnswerPageResult = { outcome: 'found'; page: PostAnswerPage } | Refusal;

/** The letter came back: on which day, what it says of each marked answer, and its scan. */
export interface PostAnswer {
  /** YYYY-MM-DD, or '' when what was typed is no date. */
  day: string;
  /** The page's posted fields, by path; only the marked answers are read. */
  posted: Record<string, unknown>;
  files: readonly UploadedFile[];
}

export type DayProblem = 'invalidDate' | 'futureDate' | 'beforeRequest';

export type PostAnswerResult =
  | { outcome: 'answered' }
  | Refusal
  /** Nothing written: the day, the answers or the files, each with what was wrong. */
  | {
      outcome: 'invalid';
      page: PostAnswerPage;
      day: DayProblem | undefined;
      errors: FieldError[];
      refusedFiles: FileOutcome[];
    }
  /** The case changed since it was read (another tab, a colleague): nothing written. */
  | { outcome: 'stale'; page: PostAnswerPage };

interface Found {
  row: CaseRowForMarks;
  /** The shown answers now, as a completion compares them. */
  before: DraftValues;
  page: PostAnswerPage;
  requestDay: string;
}

/**
 * The answer to a completion letter (a paper case, no account), registered by the caseworker
 * who opens the post: the day it came, each marked answer as the applicant now gives it (read
 * and checked by the form's own engine, as the applicant's own answer online is), and the
 * scanned papers as the case's files. The case moves to kompletterad with the answers before and
 * after, as an answer sent online does; the caseworker then clears the marks.
 */
export class CompletionByPost {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly marks: CaseMarks,
    private readonly attachments: AttachmentService,
    private readonly blobs: BlobStore,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * The page, for staff who may change the case: one 'view' row, as it shows the answers; or,
   * shown again for a post that could not be read, one refused 'change' row instead.
   */
  async page(
    who: StaffRequest,
    applicationId: string,
    requestId: string,
    language: Language,
    shownFor: 'view' | 'refusedPost' = 'view',
  ): Promise<PostAnswerPageResult> {
    const action = shownFor === 'view' ? 'view' : 'change';
    return this.db.transaction().execute(async (trx) => {
      const found = await this.waiting(trx, who, applicationId, requestId, language, action);
      if ('outcome' in found) return found;
      const outcome = shownFor === 'view' ? 'ok' : 'invalid';
      await this.marks.record(trx, who, found.row, outcome, action, 'postAnswer');
      return { outcome: 'found', page: found.page };
    });
  }

  /**
   * Whether the staff member may change this case at all: asked before an upload is read, so
   * that no one reads megabytes into memory for a case they may not touch. Nothing is logged
   * here: `register`, called with nothing posted, logs the refusal.
   */
  async mayRegister(who: StaffRequest, applicationId: string): Promise<boolean> {
    const municipality = await caseMunicipalityOf(this.db, applicationId);
    return municipality !== undefined && mayWrite(who.staff, municipality);
  }

  async register(
    who: StaffRequest,
    applicationId: string,
    requestId: string,
    answer: PostAnswer,
    language: Language,
  ): Promise<PostAnswerResult> {
    const now = this.clock.now();
    const today = swedishDay(now);
    // Who may, and what the request asks, before anything of the post is looked at.
    const found = await this.db
      .transaction()
      .execute((trx) => this.waiting(trx, who, applicationId, requestId, language, 'change'));
    if ('outcome' in found) return found;
    const { page } = found;
    const day = dayProblem(answer.day, found.requestDay, today);
    const paths = page.answers.map((one) => one.path);
    const read = readCompletion(
      page.form,
      page.draft,
      paths,
      answer.posted,
      today,
      translator(language),
    );
    // Outside a transaction: a PDF's check waits in a worker's queue, and on SQLite a
    // transaction would hold the only connection meanwhile.
    const files = await this.attachments.checkScans(answer.files);
    if (day || read.errors.length > 0 || 'refused' in files) {
      await this.db
        .transaction()
        .execute((trx) =>
          this.marks.record(trx, who, found.row, 'invalid', 'change', 'postAnswer'),
        );
      return {
        outcome: 'invalid',
        page,
        day,
        errors: read.errors,
        refusedFiles: 'refused' in files ? files.refused : [],
      };
    }

    // The bytes go in before the transaction (SQLite's one connection again); any not kept
    // by a row at the end are deleted.
    const blobIds: string[] = [];
    let written: PostAnswerResult | AnswerLost = new AnswerLost();
    try {
      for (const file of files.accepted) blobIds.push(await this.blobs.put(file.bytes));
      written = await this.db
        .transaction()
        .execute((trx) =>
          this.write(
            trx,
            who,
            found,
            { ...answer, draft: read.draft, files: files.accepted, blobIds },
            now,
          ),
        )
        .catch((error: unknown) => {
          if (error instanceof AnswerLost) return error;
          throw error;
        });
    } finally {
      if (written instanceof AnswerLost || written.outcome !== 'answered') {
        for (const id of blobIds) await this.blobs.delete(id);
      }
    }
    if (!(written instanceof AnswerLost)) return written;
    // The page as it is now, for the caseworker to see what changed: one refused change logged.
    return this.db.transaction().execute(async (trx) => {
      const now = await this.waiting(trx, who, applicationId, requestId, language, 'change');
      if ('outcome' in now) return now;
      await this.marks.record(trx, who, now.row, 'invalid', 'change', 'postAnswer');
      return { outcome: 'stale' as const, page: now.page };
    });
  }

  /**
   * The case to kompletterad from the status and row version the answers were checked against,
   * the answers, the files and the request's answer, in the caller's transaction; AnswerLost
   * (all of it rolled back) when another registration or change came first.
   */
  private async write(
    trx: Transaction<Database>,
    who: StaffRequest,
    found: Found,
    answer: { day: string; draft: Draft; files: readonly Accepted[]; blobIds: readonly string[] },
    now: Date,
  ): Promise<PostAnswerResult> {
    const row = await this.marks.writable(
      trx,
      who,
      found.page.applicationId,
      'change',
      'postAnswer',
    );
    if (typeof row === 'string') return { outcome: row };
    const at = now.getTime();
    const to = 'kompletterad';
    if (
      transition(found.row.status, to) !== 'completion' ||
      !(await moveCase(trx, { row: found.row, to, at, actorId: who.staff.account.id }))
    ) {
      throw new AnswerLost();
    }
    const after = await this.storeAnswers(trx, found.page, answer.draft);
    const fileIds: string[] = [];
    for (const [index, file] of answer.files.entries()) {
      // A millisecond apart, so the pages stay in the order they were chosen.
      const stored = await this.attachments.insertScan(
        trx,
        found.page.applicationId,
        file,
        answer.blobIds[index] ?? '',
        at + index,
      );
      fileIds.push(stored.id);
    }
    const paths = found.page.answers.map((one) => one.path);
    const claimed = await trx
      .updateTable('completion_request')
      .set({
        // Midday on the day it came: the day is what counts (a late answer is said to be late).
        answered_at: Date.parse(`${answer.day}T12:00:00Z`),
        answered_by: who.staff.account.id,
        changes: JSON.stringify(answerChanges(found.page.form, found.before, after, paths)),
        answers_after: JSON.stringify(after),
        attachment_ids: JSON.stringify(fileIds),
      })
      .where('id', '=', found.page.requestId)
      .where('application_id', '=', found.page.applicationId)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AnswerLost();
    await this.marks.record(trx, who, row, 'ok', 'change', 'postAnswer');
    return { outcome: 'answered' };
  }

  /** The application's answers changed as the letter says, and its inbox columns with them. */
  private async storeAnswers(
    trx: Transaction<Database>,
    page: PostAnswerPage,
    draft: Draft,
  ): Promise<DraftValues> {
    const after = answersOf(page.form, draft);
    await trx
      .updateTable('application')
      .set({ input: JSON.stringify(draft.input), answers: JSON.stringify(draft.values) })
      .where('id', '=', page.applicationId)
      .execute();
    await rewriteCaseColumns(trx, page.applicationId, page.form, after);
    return after;
  }

  /**
   * The request if it is the case's latest and waits for its answer by post, with what it asks;
   * a refusal otherwise (written to the audit log as the caller's `action`).
   */
  private async waiting(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    requestId: string,
    language: Language,
    action: 'view' | 'change',
  ): Promise<Found | Refusal> {
    const row = await this.marks.writable(trx, who, applicationId, action, 'postAnswer');
    if (row === 'notFound') return { outcome: 'notFound' };
    if (row === 'forbidden') return { outcome: 'forbidden' };
    const refuse = async (refusal: Refusal) => {
      await this.marks.record(trx, who, row, 'invalid', action, 'postAnswer');
      return refusal;
    };
    // The latest request: one before it ended when the case was taken back from waiting.
    const request = await trx
      .selectFrom('completion_request')
      .selectAll()
      .where('application_id', '=', applicationId)
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const known = await trx
      .selectFrom('completion_request')
      .select('id')
      .where('id', '=', requestId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    // An applicant with an account answers online; only a letter is answered by post.
    if (!request || !known || row.owner_id !== null) return refuse({ outcome: 'notFound' });
    if (
      request.id !== requestId ||
      request.answered_at !== null ||
      row.status !== 'komplettering-begard'
    ) {
      return refuse({ outcome: 'notWaiting' });
    }
    const answers = await caseAnswers(trx, this.forms, applicationId);
    const stored = await trx
      .selectFrom('application')
      .select(['input', 'answers'])
      .where('id', '=', applicationId)
      .executeTakeFirst();
    if (!answers || !stored) return refuse({ outcome: 'notFound' });
    const { form } = answers;
    const t = translator(language);
    const asked = await askedInRequest(trx, request.mark_ids, form, answers.answers);
    const texts = answerTexts(
      form,
      answers.answers,
      asked.answers.map((one) => one.path),
      t,
    );
    const checklist = checklistItems(answers);
    return {
      row,
      before: answers.answers,
      requestDay: swedishDay(new Date(Number(request.requested_at))),
      page: {
        applicationId,
        requestId,
        requestedAt: new Date(Number(request.requested_at)),
        dueDate: request.due_date,
        message: request.message ?? undefined,
        form,
        draft: {
          formId: form.id,
          formVersion: form.version,
          input: JSON.parse(stored.input) as Draft['input'],
          values: JSON.parse(stored.answers) as DraftValues,
        },
        answers: asked.answers.map(({ path, reason }) => ({
          path,
          label: texts[path]?.label ?? '',
          value: texts[path]?.value ?? '',
          reason,
        })),
        items: asked.items
          .filter(({ item }) => checklist.has(item))
          .map(({ item, reason }) => ({ label: checklist.get(item) ?? item, reason })),
      },
    };
  }
}

/** The day the letter came: a real day, from the day it was written up to today. */
function dayProblem(day: string, requestDay: string, today: string): DayProblem | undefined {
  if (!isIsoDate(day)) return 'invalidDate';
  if (day > today) return 'futureDate';
  if (day < requestDay) return 'beforeRequest';
  return undefined;
}

/** Thrown in the write's transaction to roll it all back: the case moved on since it was read. */
class AnswerLost extends Error {}

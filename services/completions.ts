import { recordEvent } from './application-events';
import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import {
  answersOf,
  answerTexts,
  completionDraftAnswers,
  readCompletion,
  type CompletionDraftAnswers,
} from '../forms/completion-input';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { translator, type Language } from '../locales';
import type { Actor, ApplicationService } from './application-service';
import type { AttachmentInfo, AttachmentService, FileOutcome, UploadedFile } from './attachments';
import { rewriteCaseColumns } from './case-columns';
import { answerChanges, askedInRequest, type AskedCompletion } from './completion-answers';
import { caseAnswers, checklistItems } from './case-answers';
import { transition } from './case-statuses';
import { unsentCompletionFileIds } from './unsent-completion-files';
import type { Clock } from './clock';
import type { Database } from './db/schema';

type Applicant = Extract<Actor, { kind: 'applicant' }>;

export interface AnsweredCompletion {
  requestedAt: Date;
  message: string | undefined;
  answeredAt: Date;
}

/** What the applicant is asked to complete, in the applicant's language. */
export interface OpenCompletion extends AskedCompletion {
  attachments: { item: string; label: string; reason: string }[];
  /** Files added since the application was sent, not yet sent with a completion. */
  newFiles: AttachmentInfo[];
  /**
   * Answers typed on the page and saved, not sent (only paths still asked about); undefined
   * when nothing is saved. The caseworker never sees them.
   */
  savedAnswers: CompletionDraftAnswers | undefined;
  /** Grows with every save: a page posts the version it was shown with (`_version`). */
  draftVersion: number;
  /** The applicant ticked that the papers asked for come by post or by hand (saved or sent). */
  papersByPost: boolean;
}

/** The completion page's tick "Jag skickar papperen med posten eller lämnar dem". */
export const PAPERS_BY_POST_FIELD = 'papperPerPost';
const papersByPostIn = (posted: Record<string, unknown>) => posted[PAPERS_BY_POST_FIELD] === 'ja';

/** Not this applicant's (a 404), or no longer waiting for an answer (sent, or moved on). */
type Gone = { outcome: 'notFound' } | { outcome: 'stale' };

/** Another tab or window saved the draft after this page was shown: nothing was written. */
interface StaleDraft {
  outcome: 'staleDraft';
  /** The version saved now: a post of the page shown again saves over it, knowingly. */
  version: number;
}

export type DraftResult = { outcome: 'saved'; version: number } | StaleDraft | Gone;

export type AnswerResult =
  | { outcome: 'sent' }
  /** Not sent; what could be kept of the typed answers is saved as the draft (`version`). */
  | { outcome: 'invalid'; errors: FieldError[]; version: number }
  | StaleDraft
  /** notFound: not this applicant's, or nothing is asked: a 404 to the caller (SEC-14).
   * stale: sent already (a second tab, a double click), or the caseworker moved the case on. */
  | Gone;

/**
 * The applicant's side of a completion request: only the owner of the application sees it,
 * changes only the marked answers (read and validated by the form's own engine) and adds the
 * files asked for, then sends it: status kompletterad, an event, and the answers after stored
 * beside the submission's snapshot, which stays as it was sent.
 */
export class Completions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly applications: ApplicationService,
    private readonly attachments: AttachmentService,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
  ) {}

  /** The request waiting for this applicant's answer, or undefined (none, or not theirs). */
  /**
   * The completions asked for and answered on the applicant's own application, oldest first:
   * what the caseworker wrote, and when the answer came (online or by post). Empty for anyone
   * else's.
   */
  async answeredOf(actor: Applicant, applicationId: string): Promise<AnsweredCompletion[]> {
    const record = await this.applications.find(actor, applicationId);
    if (!record) return [];
    const rows = await this.db
      .selectFrom('completion_request')
      .select(['requested_at', 'message', 'answered_at'])
      .where('application_id', '=', applicationId)
      .where('answered_at', 'is not', null)
      .orderBy('requested_at')
      .execute();
    return rows.map((row) => ({
      requestedAt: new Date(Number(row.requested_at)),
      message: row.message ?? undefined,
      answeredAt: new Date(Number(row.answered_at)),
    }));
  }

  async openRequest(
    actor: Applicant,
    applicationId: string,
    language: Language,
  ): Promise<OpenCompletion | undefined> {
    const record = await this.applications.find(actor, applicationId);
    if (!record || (record.status as string) !== 'komplettering-begard') return undefined;
    const request = await this.db
      .selectFrom('completion_request')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('answered_at', 'is', null)
      .orderBy('requested_at', 'desc')
      .executeTakeFirst();
    const answers = await caseAnswers(this.db, this.forms, applicationId);
    if (!request || !answers) return undefined;
    const t = translator(language);
    const { answers: paths, items } = await askedInRequest(
      this.db,
      request.mark_ids,
      answers.form,
      answers.answers,
    );
    const texts = answerTexts(
      answers.form,
      answers.answers,
      paths.map((one) => one.path),
      t,
    );
    const checklist = checklistItems(answers);
    const askedPaths = new Set(paths.map((one) => one.path));
    const saved = Object.entries(
      JSON.parse(request.draft_answers ?? '{}') as CompletionDraftAnswers,
    ).filter(([path]) => askedPaths.has(path));
    const labels = new Map(
      (answers.form.hooks.attachments?.(answers.answers, t) ?? []).map((item) => [
        item.id,
        item.label,
      ]),
    );
    return {
      requestId: request.id,
      applicationId,
      requestedAt: new Date(Number(request.requested_at)),
      dueDate: request.due_date,
      message: request.message ?? undefined,
      form: answers.form,
      draft: record.draft,
      answers: paths.map(({ path, reason }) => ({
        path,
        label: texts[path]?.label ?? '',
        value: texts[path]?.value ?? '',
        reason,
      })),
      attachments: items
        .filter(({ item }) => checklist.has(item))
        .map(({ item, reason }) => ({ item, label: labels.get(item) ?? item, reason })),
      newFiles: await this.newFiles(actor, applicationId),
      savedAnswers: saved.length > 0 ? Object.fromEntries(saved) : undefined,
      draftVersion: request.draft_version,
      papersByPost: request.papers_by_post === 1,
    };
  }

  /**
   * Keeps what the page posted for the marked answers as the request's draft, not sent: each
   * value within its field's bounds (one that is not keeps the value saved before), nothing
   * but the marked paths. Refused when the draft was saved since `seenVersion` was shown.
   */
  async saveDraft(
    actor: Applicant,
    applicationId: string,
    posted: Record<string, unknown>,
    seenVersion: number,
  ): Promise<DraftResult> {
    const open = await this.openRequest(actor, applicationId, 'sv');
    if (!open) return this.gone(actor, applicationId);
    return this.storeDraft(open, posted, seenVersion);
  }

  /**
   * "Skicka kompletteringen": the marked answers as posted (by path), checked and sent, and the
   * draft emptied; if they are not valid, they are saved as the draft instead.
   */
  async answer(
    actor: Applicant,
    applicationId: string,
    posted: Record<string, unknown>,
    language: Language,
    seenVersion: number,
  ): Promise<AnswerResult> {
    const open = await this.openRequest(actor, applicationId, language);
    if (!open) return this.gone(actor, applicationId);
    if (seenVersion !== open.draftVersion) {
      return { outcome: 'staleDraft', version: open.draftVersion };
    }
    const t = translator(language);
    const today = swedishDay(this.clock.now());
    const paths = open.answers.map((answer) => answer.path);
    const read = readCompletion(open.form, open.draft, paths, posted, today, t);
    const errors = [...read.errors];
    const papersByPost = papersByPostIn(posted);
    if (open.attachments.length > 0 && open.newFiles.length === 0 && !papersByPost) {
      errors.push({
        field: 'filer',
        text: t('completion.error.noFiles'),
        // The completion page's file input (routes/attachment-view.ts UPLOAD_INPUT_ID).
        href: '#upload-files',
      });
    }
    if (errors.length > 0) {
      const saved = await this.storeDraft(open, posted, seenVersion);
      return saved.outcome === 'saved'
        ? { outcome: 'invalid', errors, version: saved.version }
        : saved;
    }

    const before = await caseAnswers(this.db, this.forms, applicationId);
    if (!before) return { outcome: 'notFound' };
    const after = answersOf(open.form, read.draft);
    const changes = answerChanges(open.form, before.answers, after, paths);
    const now = this.clock.now().getTime();
    const from = 'komplettering-begard';
    const to = 'kompletterad';
    if (transition(from, to) !== 'completion') throw new Error('The status table lost a move');
    const sent = await this.db
      .transaction()
      .execute(async (trx) => {
        const claimed = await trx
          .updateTable('completion_request')
          .set({
            answered_at: now,
            answered_by: actor.userId,
            changes: JSON.stringify(changes),
            answers_after: JSON.stringify(after),
            attachment_ids: JSON.stringify(open.newFiles.map((file) => file.id)),
            // Only when papers were asked for: the caseworker then waits for them to come.
            papers_by_post: papersByPost && open.attachments.length > 0 ? 1 : 0,
            // Sent now: the draft is no more (what was sent is in changes and answers_after).
            draft_answers: null,
            draft_saved_at: null,
          })
          .where('id', '=', open.requestId)
          .where('answered_at', 'is', null)
          .where('draft_version', '=', seenVersion)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return 'claimLost' as const;
        const moved = await trx
          .updateTable('application')
          .set((eb) => ({
            status: to,
            input: JSON.stringify(read.draft.input),
            answers: JSON.stringify(read.draft.values),
            row_version: eb('row_version', '+', 1),
            updated_at: now,
          }))
          .where('id', '=', applicationId)
          .where('owner_id', '=', actor.userId)
          .where('status', '=', from)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new CompletionLost();
        // A corrected name or household size shows in the inbox and its search at once.
        await rewriteCaseColumns(trx, applicationId, open.form, after);
        await recordEvent(trx, {
          applicationId,
          at: now,
          actorId: actor.userId,
          actorKind: 'applicant',
          from: from,
          to,
        });
        return 'sent' as const;
      })
      .catch((error: unknown) => {
        if (error instanceof CompletionLost) return 'statusLost' as const;
        throw error;
      });
    if (sent === 'sent') return { outcome: 'sent' };
    return sent === 'claimLost' ? this.lostSave(open.requestId) : { outcome: 'stale' };
  }

  private async gone(actor: Applicant, applicationId: string): Promise<Gone> {
    const record = await this.applications.find(actor, applicationId);
    return record ? { outcome: 'stale' } : { outcome: 'notFound' };
  }

  /** Saves the draft if nobody saved it since `seenVersion`, and only while the request waits. */
  private async storeDraft(
    open: OpenCompletion,
    posted: Record<string, unknown>,
    seenVersion: number,
  ): Promise<DraftResult> {
    if (seenVersion !== open.draftVersion) {
      return { outcome: 'staleDraft', version: open.draftVersion };
    }
    const paths = open.answers.map((answer) => answer.path);
    const answers = { ...open.savedAnswers, ...completionDraftAnswers(open.form, paths, posted) };
    const saved = await this.db
      .updateTable('completion_request')
      .set({
        draft_answers: JSON.stringify(answers),
        draft_version: seenVersion + 1,
        draft_saved_at: this.clock.now().getTime(),
        // Only a post of the whole page carries the tick; a post without it keeps what was saved.
        ...(posted._answers !== undefined && { papers_by_post: papersByPostIn(posted) ? 1 : 0 }),
      })
      .where('id', '=', open.requestId)
      .where('answered_at', 'is', null)
      .where('draft_version', '=', seenVersion)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('application')
            .select('id')
            .where('id', '=', open.applicationId)
            .where('status', '=', 'komplettering-begard'),
        ),
      )
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) === 1) return { outcome: 'saved', version: seenVersion + 1 };
    return this.lostSave(open.requestId);
  }

  /** Why a conditional write to the request found nothing: sent meanwhile, or a newer draft. */
  private async lostSave(requestId: string): Promise<StaleDraft | Gone> {
    const row = await this.db
      .selectFrom('completion_request as r')
      .innerJoin('application as a', 'a.id', 'r.application_id')
      .select(['r.answered_at', 'r.draft_version', 'a.status'])
      .where('r.id', '=', requestId)
      .executeTakeFirst();
    if (!row || row.answered_at !== null || row.status !== 'komplettering-begard') {
      return { outcome: 'stale' };
    }
    return { outcome: 'staleDraft', version: row.draft_version };
  }

  /** Files for the items asked for; undefined when no file was asked for or it is not theirs. */
  async upload(
    actor: Applicant,
    applicationId: string,
    files: readonly UploadedFile[],
  ): Promise<FileOutcome[] | undefined> {
    const open = await this.openRequest(actor, applicationId, 'sv');
    if (!open || open.attachments.length === 0) return undefined;
    return this.attachments.add(actor, applicationId, files, 'completion');
  }

  /** Removes a file added for this completion (never one that was sent): its name; false if none. */
  async removeFile(actor: Applicant, applicationId: string, attachmentId: string) {
    const open = await this.openRequest(actor, applicationId, 'sv');
    if (!open?.newFiles.some((file) => file.id === attachmentId)) return false;
    return this.attachments.remove(actor, applicationId, attachmentId, 'completion');
  }

  /** Files of the application that were neither sent with it nor with an earlier completion. */
  private async newFiles(actor: Applicant, applicationId: string): Promise<AttachmentInfo[]> {
    const all = (await this.attachments.list(actor, applicationId)) ?? [];
    const unsent = new Set(await unsentCompletionFileIds(this.db, applicationId));
    return all.filter((file) => unsent.has(file.id));
  }
}

/** Thrown inside the transaction to roll back the claim when the status moved meanwhile. */
class CompletionLost extends Error {}

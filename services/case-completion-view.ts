import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import { rowsInSections } from '../forms/summary';
import {
  caseAnswers,
  checklistItems,
  fixedAnswers,
  markableAnswers,
  promisedItems,
  sentSections,
} from './case-answers';
import { CLOSED, isCaseStatus, transition } from './case-statuses';
import { addressPaths } from './letter-address';
import type { Database } from './db/schema';
import { mayRead, mayWrite, type StaffMember } from './staff-access';

export interface CaseMarkView {
  id: string;
  kind: 'answer' | 'attachment';
  /** The answer's path or the checklist item's id. */
  key: string;
  /** The question or the checklist item, in Swedish. */
  label: string;
  reason: string;
  createdAt: Date;
  createdBy: string | undefined;
  clearedAt: Date | undefined;
  clearedBy: string | undefined;
}

export interface AnswerChange {
  path: string;
  label: string;
  before: string;
  after: string;
}

export interface CompletionRound {
  id: string;
  requestedAt: Date;
  requestedBy: string | undefined;
  dueDate: string;
  message: string | undefined;
  answeredAt: Date | undefined;
  changes: AnswerChange[];
  files: { id: string; name: string }[];
  /** The applicant answered that the papers asked for come by post or by hand. */
  papersByPost: boolean;
}

/** Everything the case view shows about marks and completion requests. */
export interface CaseCompletionView {
  marks: CaseMarkView[];
  rounds: CompletionRound[];
  /** Paths of answers that may be marked now, with their questions. */
  markable: Map<string, string>;
  /** Checklist items the applicant said they send with the application, by id. */
  promised: string[];
  /** Paths of answers a completion may not change (marked, they are not asked about). */
  fixed: Set<string>;
  /** Checklist items that may be marked as missing: id -> label. */
  checklist: Map<string, string>;
  /** A completion may be asked for from the case's status (the table says so). */
  canRequest: boolean;
  mayChange: boolean;
  status: string;
  /** The applicant has an account to answer a request with (a paper case may have none). */
  hasAccount: boolean;
  /** Where a letter goes: the address in the answers now, a line each ([] when none or online). */
  letterAddress: string[];
  /** The open marks' paths that make up that address (a mark on one puts the letter in doubt). */
  addressPaths: Set<string>;
}

/** The marks and requests of a case, for staff who may read it; undefined otherwise. */
export async function caseCompletionOf(
  db: Kysely<Database>,
  forms: FormRegistry,
  staff: StaffMember,
  applicationId: string,
): Promise<CaseCompletionView | undefined> {
  const application = await db
    .selectFrom('application')
    .select(['municipality_code', 'status', 'owner_id'])
    .where('id', '=', applicationId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  if (!application || !mayRead(staff, application.municipality_code)) return undefined;
  const answers = await caseAnswers(db, forms, applicationId);
  const markable = answers ? markableAnswers(answers) : new Map<string, string>();
  const checklist = answers ? checklistItems(answers) : new Map<string, string>();
  // Questions of answers that are no longer there (changed away) still have their names.
  const sent = new Map(
    rowsInSections(answers ? sentSections(answers) : []).map((row) => [row.path ?? '', row.label]),
  );
  const marks = await db
    .selectFrom('case_mark as m')
    .leftJoin('account as creator', 'creator.id', 'm.created_by')
    .leftJoin('account as clearer', 'clearer.id', 'm.cleared_by')
    .select([
      'm.id',
      'm.target',
      'm.reason',
      'm.created_at',
      'm.cleared_at',
      'creator.name as created_name',
      'clearer.name as cleared_name',
    ])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const rounds = await roundsOf(db, applicationId);
  // Only a letter has an address to doubt: the open marks of a case without an account.
  const openAnswerKeys = marks
    .filter((mark) => mark.cleared_at === null && mark.target.startsWith('answer:'))
    .map((mark) => mark.target.slice('answer:'.length));
  const byLetter = application.owner_id === null;
  return {
    marks: marks.map((mark) => {
      const [kind, ...rest] = mark.target.split(':');
      const key = rest.join(':');
      const isAnswer = kind === 'answer';
      return {
        id: mark.id,
        kind: isAnswer ? 'answer' : 'attachment',
        key,
        label: (isAnswer ? (markable.get(key) ?? sent.get(key)) : checklist.get(key)) ?? key,
        reason: mark.reason,
        createdAt: new Date(Number(mark.created_at)),
        createdBy: mark.created_name ?? undefined,
        clearedAt: mark.cleared_at === null ? undefined : new Date(Number(mark.cleared_at)),
        clearedBy: mark.cleared_name ?? undefined,
      };
    }),
    rounds,
    markable,
    fixed: answers ? fixedAnswers(answers) : new Set<string>(),
    promised: answers ? promisedItems(answers) : [],
    checklist,
    canRequest: transition(application.status, 'komplettering-begard') === 'completion',
    // A closed case (decided, withdrawn, void) takes no new marks: nothing more can follow.
    mayChange:
      mayWrite(staff, application.municipality_code) &&
      !(isCaseStatus(application.status) && CLOSED.includes(application.status)),
    status: application.status,
    hasAccount: application.owner_id !== null,
    letterAddress: (byLetter && answers?.form.hooks.postalAddress?.(answers.answers)) || [],
    addressPaths:
      byLetter && answers ? addressPaths(answers.form, answers.answers, openAnswerKeys) : new Set(),
  };
}

async function roundsOf(db: Kysely<Database>, applicationId: string): Promise<CompletionRound[]> {
  const rows = await db
    .selectFrom('completion_request as r')
    .leftJoin('account as requester', 'requester.id', 'r.requested_by')
    .select([
      'r.id',
      'r.requested_at',
      'r.due_date',
      'r.message',
      'r.answered_at',
      'r.changes',
      'r.attachment_ids',
      'r.papers_by_post',
      'requester.name',
    ])
    .where('r.application_id', '=', applicationId)
    // The same order as "the latest request" in CompletionByPost.
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
  const files = await db
    .selectFrom('attachment')
    .select(['id', 'name'])
    .where('application_id', '=', applicationId)
    .execute();
  return rows.map((row) => {
    const ids = row.attachment_ids ? (JSON.parse(row.attachment_ids) as string[]) : [];
    return {
      id: row.id,
      requestedAt: new Date(Number(row.requested_at)),
      requestedBy: row.name ?? undefined,
      dueDate: row.due_date,
      message: row.message ?? undefined,
      answeredAt: row.answered_at === null ? undefined : new Date(Number(row.answered_at)),
      changes: row.changes ? (JSON.parse(row.changes) as AnswerChange[]) : [],
      files: files.filter((file) => ids.includes(file.id)),
      // Only an answer sent says so: a draft's tick is the applicant's own until then.
      papersByPost: row.answered_at !== null && row.papers_by_post === 1,
    };
  });
}

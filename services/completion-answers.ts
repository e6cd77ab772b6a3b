import type { Kysely, Transaction } from 'kysely';
import { answerTexts, withFollowUps } from '../forms/completion-input';
import type { Draft, DraftValues, FormDefinition } from '../forms/types';
import { translator } from '../locales';
import type { AnswerChange } from './case-completion-view';
import { parseTarget } from './case-marks';
import type { Database } from './db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** A request waiting for its answer, as the page that answers it starts from. */
export interface AskedCompletion {
  requestId: string;
  applicationId: string;
  requestedAt: Date;
  dueDate: string;
  message: string | undefined;
  form: FormDefinition;
  /** The answers as they stand: each marked field starts from its answer now. */
  draft: Draft;
  /** The marked answers: the question, the answer now and why it was marked. */
  answers: { path: string; label: string; value: string; reason: string }[];
}

/** What a completion request asks about: the marked answers by path, the papers by item. */
export interface AskedInRequest {
  answers: { path: string; reason: string }[];
  items: { item: string; reason: string }[];
}

/**
 * The marks a request was made with (its `mark_ids`) that are still open, oldest first: a mark
 * the caseworker cleared meanwhile is no longer asked about.
 */
export async function askedInRequest(
  db: Db,
  markIds: string,
  form: FormDefinition,
  /** The answers as they stand: only the follow-ups without an answer come along. */
  values: DraftValues,
): Promise<AskedInRequest> {
  const ids = JSON.parse(markIds) as string[];
  const marks =
    ids.length === 0
      ? []
      : await db
          .selectFrom('case_mark')
          .select(['id', 'target', 'reason'])
          .where('id', 'in', ids)
          .where('cleared_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  const asked: AskedInRequest = { answers: [], items: [] };
  for (const mark of marks) {
    const target = parseTarget(mark.target);
    if (target?.kind === 'answer') asked.answers.push({ path: target.key, reason: mark.reason });
    if (target?.kind === 'attachment') asked.items.push({ item: target.key, reason: mark.reason });
  }
  // A marked question is asked with the questions its answer opens, which have no reason; never
  // one fixed after sending (the people and the month: SEC-14), should one ever be a follow-up.
  const reasons = new Map(asked.answers.map(({ path, reason }) => [path, reason]));
  const fixed = new Set(form.hooks.fixedAfterSending ?? []);
  asked.answers = withFollowUps(
    form,
    asked.answers.map(({ path }) => path),
    values,
  )
    .filter((path) => reasons.has(path) || !fixed.has(path))
    .map((path) => ({ path, reason: reasons.get(path) ?? '' }));
  return asked;
}

/** Each asked answer before and after a completion, in Swedish (the case's language). */
export function answerChanges(
  form: FormDefinition,
  before: DraftValues,
  after: DraftValues,
  paths: readonly string[],
): AnswerChange[] {
  const sv = translator('sv');
  const beforeTexts = answerTexts(form, before, paths, sv);
  const afterTexts = answerTexts(form, after, paths, sv);
  return (
    paths
      .map((path) => ({
        path,
        label: beforeTexts[path]?.label || afterTexts[path]?.label || path,
        before: beforeTexts[path]?.value ?? '',
        after: afterTexts[path]?.value ?? '',
      }))
      // A follow-up question that was not asked before and is not now says nothing.
      .filter((change) => change.before !== '' || change.after !== '')
  );
}

import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { withRowKind } from '../forms/row-kind';
import { rowsInSections, summarize, withRowPaths, type SummarySection } from '../forms/summary';
import type { DraftValues, FormDefinition } from '../forms/types';
import { translator } from '../locales';
import type { Database } from './db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** What a submission's snapshot holds that a completion reads. */
export interface Snapshot {
  formId: string;
  formVersion: number;
  sections: SummarySection[];
  answers: DraftValues;
  attachments?: { id: string }[];
}

/** An answer changed by the applicant when answering a completion request. */
export interface AnswerChangeAt {
  path: string;
  /** The answer before that completion, as text in Swedish ('' when there was none). */
  before: string;
  after: string;
  /** When the completion was sent. */
  at: Date;
}

export interface CaseAnswers {
  form: FormDefinition;
  snapshot: Snapshot;
  /** The answers now: the last completion's, or the snapshot's if none was answered. */
  answers: DraftValues;
  /** When the answers were last changed by a completion; undefined while they are as sent. */
  changedAt: Date | undefined;
  /** Every answer a completion changed, oldest completion first. */
  changes: AnswerChangeAt[];
}

/** A sent application's form, its snapshot as sent, and its answers as they stand now. */
export async function caseAnswers(
  db: Db,
  forms: FormRegistry,
  applicationId: string,
): Promise<CaseAnswers | undefined> {
  const row = await db
    .selectFrom('submission')
    .select('snapshot')
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const snapshot = JSON.parse(row.snapshot) as Snapshot;
  const form = forms.find(snapshot.formId, snapshot.formVersion);
  if (!form) return undefined;
  const answered = await db
    .selectFrom('completion_request')
    .select(['answers_after', 'answered_at', 'changes'])
    .where('application_id', '=', applicationId)
    .where('answers_after', 'is not', null)
    .orderBy('answered_at')
    .execute();
  const latest = answered.at(-1);
  const answers = latest?.answers_after
    ? (JSON.parse(latest.answers_after) as DraftValues)
    : snapshot.answers;
  const changes = answered.flatMap((round) => {
    const at = new Date(Number(round.answered_at));
    const listed = round.changes
      ? (JSON.parse(round.changes) as { path: string; before: string; after: string }[])
      : [];
    // A marked answer sent back unchanged is no change.
    return listed
      .filter((change) => change.before !== change.after)
      .map((change) => ({ path: change.path, before: change.before, after: change.after, at }));
  });
  return {
    form,
    snapshot,
    answers,
    changedAt: latest ? new Date(Number(latest.answered_at)) : undefined,
    changes,
  };
}

/**
 * The answers as they stand now, question -> answer by section, each row with its path: as
 * sent while no completion changed them, else summarised from the current answers (in Swedish,
 * as the caseworker reads them).
 */
export function currentSections(answers: CaseAnswers): SummarySection[] {
  if (!answers.changedAt) return sentSections(answers);
  return summarize(answers.form, answers.answers, translator('sv'));
}

/** The sections as sent, each row with its path (old snapshots get theirs from the answers). */
export function sentSections(answers: CaseAnswers): SummarySection[] {
  return withRowPaths(
    answers.snapshot.sections,
    answers.form,
    answers.snapshot.answers,
    translator('sv'),
  );
}

/**
 * Every answer a caseworker may mark now, by path, with its question ("Medsökande – …"). The
 * answers fixed after sending (personnummer, civil status) may be marked too: the caseworker
 * says they are wrong, though a completion cannot change them (see `fixedAnswers`).
 */
export function markableAnswers(answers: CaseAnswers): Map<string, string> {
  const sv = translator('sv');
  const rows = rowsInSections(summarize(answers.form, answers.answers, sv));
  return new Map(
    rows.map((row) => {
      const path = row.path ?? '';
      return [path, withRowKind(answers.form, answers.answers, path, row.label, sv)];
    }),
  );
}

/**
 * Answers a completion may not change (who applies, with whom, for which month): a mark on one
 * is not sent to the applicant to correct; the caseworker contacts them instead.
 */
export function fixedAnswers(answers: CaseAnswers): Set<string> {
  return new Set(answers.form.hooks.fixedAfterSending ?? []);
}

/** The attachment checklist's items by id, with their labels in Swedish. */
export function checklistItems(answers: CaseAnswers): Map<string, string> {
  const items = answers.form.hooks.attachments?.(answers.answers, translator('sv')) ?? [];
  return new Map(
    items.filter((item) => item.id !== undefined).map((item) => [item.id ?? '', item.label]),
  );
}

/** The checklist items the applicant said they send with the application ("Det här skickar jag med"). */
export function promisedItems(answers: CaseAnswers): string[] {
  const items = answers.form.hooks.attachments?.(answers.answers, translator('sv')) ?? [];
  return items
    .filter((item) => item.enclosed && item.id !== undefined)
    .map((item) => item.id ?? '');
}

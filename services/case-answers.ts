import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
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

export interface CaseAnswers {
  form: FormDefinition;
  snapshot: Snapshot;
  /** The answers now: the last completion's, or the snapshot's if none was answered. */
  answers: DraftValues;
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
  const latest = await db
    .selectFrom('completion_request')
    .select('answers_after')
    .where('application_id', '=', applicationId)
    .where('answers_after', 'is not', null)
    .orderBy('answered_at', 'desc')
    .executeTakeFirst();
  const answers = latest?.answers_after
    ? (JSON.parse(latest.answers_after) as DraftValues)
    : snapshot.answers;
  return { form, snapshot, answers };
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

/** Every answer a caseworker may mark now, by path, with its question ("Medsökande – …"). */
export function markableAnswers(answers: CaseAnswers): Map<string, string> {
  const rows = rowsInSections(summarize(answers.form, answers.answers, translator('sv')));
  const fixed = new Set(answers.form.hooks.fixedAfterSending ?? []);
  return new Map(
    rows.filter((row) => !fixed.has(row.path ?? '')).map((row) => [row.path ?? '', row.label]),
  );
}

/** The attachment checklist's items by id, with their labels in Swedish. */
export function checklistItems(answers: CaseAnswers): Map<string, string> {
  const items = answers.form.hooks.attachments?.(answers.answers, translator('sv')) ?? [];
  return new Map(
    items.filter((item) => item.id !== undefined).map((item) => [item.id ?? '', item.label]),
  );
}

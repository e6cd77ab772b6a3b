import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { DecisionInput } from './decisions';

/** What a caseworker typed on "Fatta beslut" and checked, with when it was kept. */
export interface DecisionDraft {
  input: DecisionInput;
  savedAt: Date;
}

/**
 * Keeps what was typed, for this case's parts only and each reason within `reasonMax` (as an
 * applicant's draft keeps a field within its maximum): one row per case and caseworker.
 */
export async function saveDecisionDraft(
  db: Kysely<Database>,
  key: { applicationId: string; staffId: string },
  input: DecisionInput,
  limits: { partIds: readonly string[]; reasonMax: number },
  now: Date,
): Promise<void> {
  const kept = (values: Readonly<Record<string, string>>, max: number) =>
    Object.fromEntries(
      limits.partIds.flatMap((id) => {
        const value = values[id];
        return value === undefined ? [] : [[id, value.slice(0, max)]];
      }),
    );
  const json = JSON.stringify({
    seenVersion: input.seenVersion,
    granted: kept(input.granted, 100),
    reasons: kept(input.reasons, limits.reasonMax),
  });
  await db
    .insertInto('decision_draft')
    .values({
      application_id: key.applicationId,
      staff_id: key.staffId,
      input: json,
      saved_at: now.getTime(),
    })
    .onConflict((conflict) =>
      conflict
        .columns(['application_id', 'staff_id'])
        .doUpdateSet({ input: json, saved_at: now.getTime() }),
    )
    .execute();
}

/** The caseworker's kept draft for the case, if any (and if it still reads as one). */
export async function decisionDraftOf(
  db: Kysely<Database>,
  key: { applicationId: string; staffId: string },
): Promise<DecisionDraft | undefined> {
  const row = await db
    .selectFrom('decision_draft')
    .select(['input', 'saved_at'])
    .where('application_id', '=', key.applicationId)
    .where('staff_id', '=', key.staffId)
    .executeTakeFirst();
  if (!row) return undefined;
  const input = parsedInput(row.input);
  return input && { input, savedAt: new Date(Number(row.saved_at)) };
}

/** Decided: every caseworker's draft for the case goes with the same transaction. */
export async function deleteDecisionDrafts(
  db: Kysely<Database>,
  applicationId: string,
): Promise<void> {
  await db.deleteFrom('decision_draft').where('application_id', '=', applicationId).execute();
}

function parsedInput(json: string): DecisionInput | undefined {
  try {
    const value = JSON.parse(json) as Partial<Record<keyof DecisionInput, unknown>>;
    const texts = (record: unknown) =>
      typeof record === 'object' && record !== null
        ? Object.fromEntries(
            Object.entries(record).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          )
        : {};
    if (typeof value.seenVersion !== 'number') return undefined;
    return {
      seenVersion: value.seenVersion,
      granted: texts(value.granted),
      reasons: texts(value.reasons),
    };
  } catch {
    return undefined;
  }
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nameWords } from '../../services/case-columns';
import type { Database } from '../../services/db/schema';

export interface CaseFields {
  id?: string;
  municipalityCode?: string;
  status?: string;
  channel?: string;
  receivedAt: number;
  period?: string;
  name?: string;
  personnummer?: string | null;
  coName?: string;
  coPersonnummer?: string | null;
  household?: number;
  assigneeId?: string | null;
  openedAt?: number | null;
}

let counter = 0;

/**
 * A sent application written straight into the tables, with the columns migration 014 adds and
 * its name words, as a submission would leave it: for lists too long to send one by one.
 */
export async function insertCase(db: Kysely<Database>, fields: CaseFields): Promise<string> {
  counter += 1;
  const id = fields.id ?? randomUUID();
  const at = fields.receivedAt;
  const municipality = fields.municipalityCode ?? '9901';
  const name = fields.name ?? `Testperson Nummer${counter}`;
  await db
    .insertInto('application')
    .values({
      id,
      form_id: 'ekonomiskt-bistand',
      form_version: 1,
      municipality_code: municipality,
      owner_id: null,
      channel: fields.channel ?? 'e-tjanst',
      status: fields.status ?? 'inkommen',
      input: '{}',
      answers: '{}',
      row_version: 2,
      created_at: at,
      updated_at: at,
      received_at: at,
      assignee_id: fields.assigneeId ?? null,
      opened_at: fields.openedAt ?? null,
      period: fields.period ?? '2026-12',
      applicant_name: name,
      applicant_personnummer: fields.personnummer ?? null,
      co_personnummer: fields.coPersonnummer ?? null,
      household_size: fields.household ?? 1,
    })
    .execute();
  await db
    .insertInto('submission')
    .values({
      application_id: id,
      receipt_number: `EB-TEST-${counter}`,
      submitted_at: at,
      submitted_by: 'test',
      login_method: 'sms',
      snapshot: JSON.stringify({
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        sections: [],
        answers: {},
      }),
      pdf: null,
      pdf_sha256: null,
    })
    .execute();
  const words = [name, fields.coName ?? ''].flatMap((one, person) =>
    nameWords(one).map((word) => ({
      application_id: id,
      person,
      word,
      municipality_code: municipality,
      received_at: at,
    })),
  );
  if (words.length > 0) await db.insertInto('case_name_word').values(words).execute();
  return id;
}

/** A status event, as a decision or a caseworker's move would write it. */
export async function insertEvent(
  db: Kysely<Database>,
  applicationId: string,
  at: number,
  from: string,
  to: string,
): Promise<void> {
  await db
    .insertInto('application_event')
    .values({
      id: randomUUID(),
      application_id: applicationId,
      at,
      actor_id: null,
      actor_kind: 'staff',
      from_status: from,
      to_status: to,
      reason: null,
    })
    .execute();
}

/** A caseworker's mark on a case; cleared when `clearedAt` is given. */
export async function insertMark(
  db: Kysely<Database>,
  applicationId: string,
  createdBy: string,
  clearedAt: number | null = null,
): Promise<void> {
  await db
    .insertInto('case_mark')
    .values({
      id: randomUUID(),
      application_id: applicationId,
      target: 'answer:om-dig.phone',
      reason: 'Numret saknar en siffra.',
      created_at: 0,
      created_by: createdBy,
      cleared_at: clearedAt,
      cleared_by: clearedAt === null ? null : createdBy,
    })
    .execute();
  // As CaseMarks keeps it: the case's count of open marks (migration 019).
  if (clearedAt === null) {
    await db
      .updateTable('application')
      .set((eb) => ({ open_marks: eb('open_marks', '+', 1) }))
      .where('id', '=', applicationId)
      .execute();
  }
}

/** For service tests of marks and completions: sent applications on a short form of two steps. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { ekonomisktBistandHooks } from '../../forms/ekonomiskt-bistand-hooks';
import { readPaperAnswers } from '../../forms/paper-input';
import { printoutOf } from '../../forms/printout';
import type { FormDefinition, Step } from '../../forms/types';
import { translator } from '../../locales';
import type { Services } from '../../services';
import type { TestApplicant } from './login';

export const sv = translator('sv');

function stepOf(id: string): Step {
  const step = ekonomisktBistand.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`No step ${id}`);
  return step;
}

/** A short form of two of the application's steps, with its attachment checklist. */
export const form: FormDefinition = {
  id: 'komplettering-test',
  version: 1,
  slug: 'komplettering-test',
  messagePrefix: ekonomisktBistand.messagePrefix,
  steps: [stepOf('tillgangar'), stepOf('meddelande')],
  hooks: {
    title: () => 'Test',
    fileName: () => 'test.pdf',
    signers: () => ['Testperson'],
    attachments: (answers, t) => ekonomisktBistandHooks.attachments?.(answers, t) ?? [],
  },
};

/** A sent application of 9901 owned by `owner`, as SubmissionService leaves it (with `status`). */
export async function sentApplication(
  services: Services,
  owner: TestApplicant,
  status: string,
  now: number,
  options: { oldSnapshot?: boolean } = {},
) {
  const { draft } = readPaperAnswers(
    form,
    {
      tillgangar: { bankBalance: 120_000, hasShares: 'nej', hasVehicle: 'nej', hasProperty: 'nej' },
      meddelande: { message: 'Hej' },
    },
    '2026-11-24',
    sv,
  );
  const printout = printoutOf(form, draft, sv);
  assert.ok(printout, 'the test application is complete');
  const sections = options.oldSnapshot
    ? printout.sections.map((section) => ({
        ...section,
        rows: section.rows.map(({ label, value }) => ({ label, value })),
      }))
    : printout.sections;
  const id = randomUUID();
  const db = services.database.db;
  await db
    .insertInto('application')
    .values({
      id,
      form_id: form.id,
      form_version: form.version,
      municipality_code: '9901',
      owner_id: owner.account.id,
      channel: 'e-tjanst',
      status,
      input: JSON.stringify(draft.input),
      answers: JSON.stringify(draft.values),
      row_version: 2,
      created_at: now,
      updated_at: now,
      received_at: now,
    })
    .execute();
  await db
    .insertInto('submission')
    .values({
      application_id: id,
      receipt_number: `EB-${id.slice(0, 8)}`,
      submitted_at: now,
      submitted_by: owner.account.id,
      login_method: 'sms',
      snapshot: JSON.stringify({
        formId: form.id,
        formVersion: form.version,
        sections,
        answers: printout.answers,
        attachments: [],
      }),
      pdf: null,
      pdf_sha256: null,
    })
    .execute();
  return id;
}

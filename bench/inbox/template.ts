import { readStepInput } from '../../forms/read-input';
import type { Services } from '../../services';
import type { CaseColumns } from '../../services/case-columns';
import { familyAnswersOf, type StepAnswers } from '../../test/helpers/application';

/** One real sent application's stored texts: the seed copies them into every generated row. */
export interface SentTemplate {
  formId: string;
  formVersion: number;
  input: string;
  answers: string;
  snapshot: string;
  /** The inbox's columns as the submission wrote them (services/case-columns.ts). */
  columns: CaseColumns;
  /** Its case_name_word rows: each person's folded name words. */
  words: { person: number; word: string }[];
}

/** What the family's texts name: the seed puts each generated person and period in their place. */
export const TEMPLATE_NAMES = {
  firstName: 'Łukasz',
  lastName: 'Øvergård',
  personnummer: '198503142385',
  partnerFirstName: 'Nguyễn Thị',
  partnerLastName: 'Minh',
  partnerPersonnummer: '198703124563',
  period: '2026-12',
  periodText: 'december 2026',
};

/** The same household without a partner: a single parent with the two children. */
const single: Record<string, StepAnswers | null> = {
  'om-dig': { civilStatus: 'ensamstaende' },
  medsokande: null,
  sysselsattning: { applicant: ['arbetssokande', 'sfi'] },
  inkomster: { 'incomes.0.person': 'sokande' },
};

/**
 * The family application (two adults, two children, wages, rent, a medsökande) sent through the
 * services as a logged-in applicant does: the seed's rows are then as large and as shaped as
 * real ones, and the inbox reads them with the real form's hooks.
 */
export async function sendTemplate(
  services: Services,
  municipalityCode: string,
  household: 'family' | 'single',
): Promise<SentTemplate> {
  const personnummer = TEMPLATE_NAMES.personnummer;
  const account =
    (await services.accounts.findApplicant(personnummer)) ??
    (await services.accounts.createApplicant({
      personnummer,
      name: 'Łukasz Øvergård',
      mobile: '+46700000000',
      municipalityCode,
    }));
  const actor = { kind: 'applicant' as const, userId: account.id };
  const form = services.forms.defaultForm;
  let record = await services.applications.start(actor, form, municipalityCode);
  for (const [stepId, answers] of familyAnswersOf(personnummer)) {
    const step = form.steps.find((one) => one.id === stepId);
    const change = household === 'single' ? single[stepId] : undefined;
    if (!step || change === null) continue;
    const body = { ...answers, ...change };
    const { input } = readStepInput(step, body, record.draft.values);
    const saved = await services.applications.saveStep(
      record,
      step,
      input,
      record.rowVersion,
      'sv',
    );
    if (saved.outcome !== 'saved' || saved.errors.length > 0) {
      throw new Error(`Step ${stepId} not saved: ${JSON.stringify(saved)}`);
    }
    record = saved.record;
  }
  const sent = await services.submissions.submit(
    actor,
    record,
    record.rowVersion,
    'sms',
    personnummer,
  );
  if (sent.outcome !== 'submitted') throw new Error(`Template not sent: ${sent.outcome}`);
  const db = services.database.db;
  const row = await db
    .selectFrom('application as a')
    .innerJoin('submission as s', 's.application_id', 'a.id')
    .select([
      'a.form_id',
      'a.form_version',
      'a.input',
      'a.answers',
      's.snapshot',
      'a.period',
      'a.applicant_name',
      'a.applicant_personnummer',
      'a.co_personnummer',
      'a.household_size',
    ])
    .where('a.id', '=', record.id)
    .executeTakeFirstOrThrow();
  const words = await db
    .selectFrom('case_name_word')
    .select(['person', 'word'])
    .where('application_id', '=', record.id)
    .orderBy('person')
    .orderBy('word')
    .execute();
  return {
    formId: row.form_id,
    formVersion: row.form_version,
    input: row.input,
    answers: row.answers,
    snapshot: row.snapshot,
    columns: {
      period: row.period,
      applicant_name: row.applicant_name ?? '',
      applicant_personnummer: row.applicant_personnummer,
      co_personnummer: row.co_personnummer,
      household_size: row.household_size,
    },
    words: words.map((one) => ({ person: one.person, word: one.word })),
  };
}

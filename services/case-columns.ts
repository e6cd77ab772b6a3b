import type { Transaction } from 'kysely';
import { answerText } from '../forms/values';
import type { DraftValues, FormDefinition } from '../forms/types';
import type { Database } from './db/schema';

/**
 * What the inbox filters, sorts, searches and flags duplicates by, copied out of a sent
 * application's answers into columns of its own (migration 014), so that none of it needs the
 * JSON snapshot: the period, the applicant's name and personnummer, the medsökande's
 * personnummer and the household's size, plus the name's words for the name search.
 */
export interface CaseColumns {
  period: string;
  applicant_name: string;
  applicant_personnummer: string | null;
  co_personnummer: string | null;
  household_size: number | null;
}

const twelveDigits = (text: string) => (/^\d{12}$/.test(text) ? text : null);

export function caseColumnsOf(form: FormDefinition, answers: DraftValues): CaseColumns {
  const identity = form.hooks.applicantIdentity;
  const applicant = identity
    ? answerText(answers, identity.stepId, identity.personnummerField).replace(/\D/g, '')
    : '';
  const co = form.hooks.coApplicant?.(answers);
  return {
    period: form.hooks.period?.(answers) ?? '',
    applicant_name: (form.hooks.signers(answers)[0] ?? '').slice(0, 200),
    applicant_personnummer: twelveDigits(applicant),
    co_personnummer: co ? twelveDigits(co.personnummer.replace(/\D/g, '')) : null,
    household_size: form.hooks.householdSize?.(answers) ?? null,
  };
}

/** Letters no decomposition takes apart, as a Swedish keyboard would type them. */
const SPECIAL: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  þ: 'th',
};

/**
 * The words of a name as the search compares them: lower case, accents dropped (Øvergård and
 * overgard are the same word), split at anything but a letter or a digit.
 */
export function nameWords(name: string): string[] {
  const folded = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łøæœßđþ]/g, (letter) => SPECIAL[letter] ?? letter);
  const words = folded.split(/[^a-z0-9]+/).filter((word) => word !== '');
  return [...new Set(words.map((word) => word.slice(0, 50)))];
}

/**
 * Writes the columns and the name words of a sent application, in the sending transaction.
 * Every way an application arrives (the e-service, a registered paper one) calls this.
 */
export async function recordCaseColumns(
  trx: Transaction<Database>,
  application: { id: string; municipalityCode: string; receivedAt: number },
  form: FormDefinition,
  answers: DraftValues,
): Promise<void> {
  const columns = caseColumnsOf(form, answers);
  await trx.updateTable('application').set(columns).where('id', '=', application.id).execute();
  const people = form.hooks.signers(answers);
  const rows = people.flatMap((name, person) =>
    nameWords(name).map((word) => ({
      application_id: application.id,
      person,
      word,
      municipality_code: application.municipalityCode,
      received_at: application.receivedAt,
    })),
  );
  if (rows.length > 0) await trx.insertInto('case_name_word').values(rows).execute();
}

/** A sent application's columns and name words written again from its changed answers. */
export async function rewriteCaseColumns(
  trx: Transaction<Database>,
  applicationId: string,
  form: FormDefinition,
  answers: DraftValues,
): Promise<void> {
  const listed = await trx
    .selectFrom('application')
    .select(['municipality_code', 'received_at'])
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('case_name_word').where('application_id', '=', applicationId).execute();
  await recordCaseColumns(
    trx,
    {
      id: applicationId,
      municipalityCode: listed.municipality_code,
      receivedAt: Number(listed.received_at),
    },
    form,
    answers,
  );
}

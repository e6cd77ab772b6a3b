import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import type { DraftValues } from '../forms/types';
import { summaryRowText } from '../forms/summary';
import { answerText } from '../forms/values';
import { caseAnswers, currentSections } from './case-answers';
import type { Database } from './db/schema';
import { sentApplications } from './sent-applications';
import { mayRead, type StaffMember } from './staff-access';

/** The same applicant's application for an earlier month, answer by answer, to compare with. */
export interface PreviousAnswers {
  id: string;
  /** YYYY-MM */
  period: string;
  /** Each answer's text by its path (as the summary shows it; several choices joined). */
  values: Map<string, string>;
}

/** Not a month the person really applied for: withdrawn, or annulled (a duplicate). */
const NOT_COMPARED = ['aterkallad', 'makulerad', 'avbojd-av-medsokande'];

export interface EarlierApplication {
  id: string;
  period: string | undefined;
  receivedAt: Date;
  status: string;
}

/** Enough for a person's history on one page: about four years of monthly applications. */
const EARLIER_MAX = 50;

const TWELVE_DIGITS = /^\d{12}$/;

/**
 * The person's other sent applications, as applicant or medsökande, for the case view: only in
 * the staff member's municipalities (another municipality's applications are not there at all,
 * SEC-15). The persons are the case's applicant (their account, or the personnummer the form
 * names) and its medsökande. Shown as part of the case view, whose 'view' row logs the look.
 */
export class EarlierApplications {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
  ) {}

  async of(staff: StaffMember, applicationId: string): Promise<EarlierApplication[]> {
    const current = await sentApplications(this.db)
      .leftJoin('co_applicant as co', 'co.application_id', 'a.id')
      .select('co.personnummer as co_personnummer')
      .where('a.id', '=', applicationId)
      .executeTakeFirst();
    if (!current || !mayRead(staff, current.municipality_code)) return [];
    const persons = new Set<string>();
    for (const personnummer of [
      current.personnummer,
      current.co_personnummer,
      this.namedApplicant(current.snapshot),
    ]) {
      if (personnummer && TWELVE_DIGITS.test(personnummer)) persons.add(personnummer);
    }
    if (persons.size === 0) return [];
    const list = [...persons];
    const codes = staff.grants.map((grant) => grant.municipalityCode);
    const rows = await sentApplications(this.db)
      .where('a.id', '!=', applicationId)
      .where('a.municipality_code', 'in', codes)
      .where((eb) =>
        eb.or([
          eb('owner.personnummer', 'in', list),
          eb(
            'a.id',
            'in',
            eb
              .selectFrom('co_applicant')
              .select('application_id')
              .where('personnummer', 'in', list),
          ),
        ]),
      )
      .orderBy('a.received_at', 'desc')
      .orderBy('a.id')
      .limit(EARLIER_MAX)
      .execute();
    return rows.map((row) => {
      const snapshot = JSON.parse(row.snapshot) as {
        formId: string;
        formVersion: number;
        answers: DraftValues;
      };
      const form = this.forms.find(snapshot.formId, snapshot.formVersion);
      return {
        id: row.id,
        period: form?.hooks.period?.(snapshot.answers),
        receivedAt: new Date(Number(row.received_at ?? row.submitted_at)),
        status: row.status,
      };
    });
  }

  /**
   * The same applicant's latest application for an earlier month in the case's municipality,
   * with its answers as they stand (after any completion): the case view says under each
   * answer what it was then, when it differs. Undefined when there is none, or the
   * case is not the staff member's to read.
   */
  async previousAnswers(
    staff: StaffMember,
    applicationId: string,
  ): Promise<PreviousAnswers | undefined> {
    const current = await this.db
      .selectFrom('application')
      .select(['municipality_code', 'applicant_personnummer', 'period'])
      .where('id', '=', applicationId)
      .where('received_at', 'is not', null)
      .executeTakeFirst();
    if (!current?.applicant_personnummer || !current.period) return undefined;
    if (!mayRead(staff, current.municipality_code)) return undefined;
    const previous = await this.db
      .selectFrom('application')
      .select(['id', 'period'])
      .where('applicant_personnummer', '=', current.applicant_personnummer)
      .where('period', '<', current.period)
      .where('period', '!=', '')
      .where('received_at', 'is not', null)
      .where('status', 'not in', NOT_COMPARED)
      // The case's own municipality only: its view's audit row names that one.
      .where('municipality_code', '=', current.municipality_code)
      .orderBy('period', 'desc')
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!previous) return undefined;
    const answers = await caseAnswers(this.db, this.forms, previous.id);
    if (!answers) return undefined;
    const values = new Map<string, string>();
    for (const section of currentSections(answers)) {
      for (const row of section.rows) {
        // The month applied for differs every month: saying so under it tells nothing.
        if (row.path && !isPeriodAnswer(answers.answers, row.path, previous.period)) {
          values.set(row.path, summaryRowText(row));
        }
      }
    }
    return { id: previous.id, period: previous.period, values };
  }

  /** The applicant's personnummer as the answers give it (a paper application has no account). */
  private namedApplicant(snapshotText: string): string | undefined {
    const snapshot = JSON.parse(snapshotText) as {
      formId: string;
      formVersion: number;
      answers: DraftValues;
    };
    const identity = this.forms.find(snapshot.formId, snapshot.formVersion)?.hooks
      .applicantIdentity;
    if (!identity) return undefined;
    return answerText(snapshot.answers, identity.stepId, identity.personnummerField).replace(
      /\D/g,
      '',
    );
  }
}

/** Whether the answer at `path` ("<step>.<field>") is the month applied for itself. */
function isPeriodAnswer(answers: DraftValues, path: string, period: string): boolean {
  const [stepId = '', fieldId = '', ...rest] = path.split('.');
  return rest.length === 0 && answers[stepId]?.[fieldId] === period;
}

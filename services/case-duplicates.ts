import type { Kysely, Transaction } from 'kysely';
import type { ApplicationRecord } from './application-records';
import { caseColumnsOf } from './case-columns';
import { CLOSED } from './case-statuses';
import type { Database } from './db/schema';
import type { StaffMember } from './staff-access';

/** A case as the duplicate check sees it. */
export interface DuplicateCandidate {
  id: string;
  status: string;
  period: string;
  /** The applicant's and the medsökande's personnummer (12 digits) where known. */
  people: (string | null)[];
}

/** Another live application of the same person for the same period. */
export interface Duplicate {
  id: string;
  applicantName: string;
  receivedAt: Date;
  status: string;
}

/** Not live: a draft, and every closed case (CLOSED). */
const NOT_LIVE = ['draft', ...CLOSED];

const isLive = (status: string) => !NOT_LIVE.includes(status);

/**
 * Duplicates (issue E, item 7): the same personnummer, as applicant or medsökande, on two live
 * applications for the same period. Only cases in municipalities the staff member may read are
 * looked at or named: another municipality's case is neither shown nor hinted at (SEC-15).
 */
export class CaseDuplicates {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * For each given case, the other live cases it duplicates (none for a closed one); read in
   * `trx` when the caller must act on the answer before anyone else can change it.
   */
  async of(
    codes: readonly string[],
    cases: readonly DuplicateCandidate[],
    trx: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<Map<string, Duplicate[]>> {
    const found = new Map<string, Duplicate[]>();
    const live = cases.filter((one) => isLive(one.status) && one.period !== '');
    const people = [...new Set(live.flatMap((one) => one.people).filter(isPersonnummer))];
    const periods = [...new Set(live.map((one) => one.period))];
    if (people.length === 0 || codes.length === 0) return found;
    // Both personnummer columns have an index led by it: a person has a handful of rows. The
    // municipality is checked on those rows here, not in SQL: SQLite (no statistics) took
    // `municipality_code in (…)` for the narrower index and read the whole municipality. Only
    // what the comparison needs is read; names only for the few rows that are duplicates.
    const rows = await trx
      .selectFrom('application as a')
      .select([
        'a.id',
        'a.municipality_code',
        'a.period',
        'a.applicant_personnummer',
        'a.co_personnummer',
      ])
      .where((eb) =>
        eb.or([
          eb('a.applicant_personnummer', 'in', people),
          eb('a.co_personnummer', 'in', people),
        ]),
      )
      .where('a.period', 'in', periods)
      .where('a.status', 'not in', NOT_LIVE)
      .execute();
    const matches = rows.filter((row) => codes.includes(row.municipality_code));
    const othersOf = new Map<string, string[]>();
    for (const one of live) {
      const mine = new Set(one.people.filter(isPersonnummer));
      const others = matches.filter(
        (match) =>
          match.id !== one.id &&
          match.period === one.period &&
          [match.applicant_personnummer, match.co_personnummer].some(
            (person) => person !== null && mine.has(person),
          ),
      );
      if (others.length > 0)
        othersOf.set(
          one.id,
          others.map((match) => match.id),
        );
    }
    const named = await this.named(codes, [...new Set([...othersOf.values()].flat())], trx);
    for (const [id, others] of othersOf) {
      found.set(
        id,
        named.filter((duplicate) => others.includes(duplicate.id)),
      );
    }
    return found;
  }

  /**
   * The cases by id as a duplicate warning names them, oldest first; only in `codes`, should a
   * case have moved since it was matched (checked here: with `municipality_code in (…)` SQLite
   * read the municipality's index instead of the ids).
   */
  private async named(
    codes: readonly string[],
    ids: string[],
    trx: Kysely<Database> | Transaction<Database>,
  ): Promise<Duplicate[]> {
    if (ids.length === 0) return [];
    const found = await trx
      .selectFrom('application as a')
      .leftJoin('account as owner', 'owner.id', 'a.owner_id')
      .select([
        'a.id',
        'a.municipality_code',
        'a.status',
        'a.received_at',
        'a.applicant_name',
        'owner.name as owner_name',
      ])
      .where('a.id', 'in', ids)
      .orderBy('a.received_at')
      .orderBy('a.id')
      .execute();
    const rows = found.filter((row) => codes.includes(row.municipality_code));
    return rows.map((row) => ({
      id: row.id,
      applicantName: row.applicant_name ?? row.owner_name ?? '',
      receivedAt: new Date(Number(row.received_at)),
      status: row.status,
    }));
  }

  /**
   * The duplicates of one case the staff member may read; an empty list for a case they may
   * not read (the case view has already refused and logged it).
   */
  async ofCase(staff: StaffMember, applicationId: string): Promise<Duplicate[]> {
    const codes = staff.grants.map((grant) => grant.municipalityCode);
    if (codes.length === 0) return [];
    const row = await this.db
      .selectFrom('application as a')
      .leftJoin('account as owner', 'owner.id', 'a.owner_id')
      .select([
        'a.id',
        'a.status',
        'a.period',
        'a.applicant_personnummer',
        'a.co_personnummer',
        'owner.personnummer as owner_personnummer',
      ])
      .where('a.id', '=', applicationId)
      .where('a.municipality_code', 'in', codes)
      .executeTakeFirst();
    if (!row) return [];
    const found = await this.of(codes, [
      {
        id: row.id,
        status: row.status,
        period: row.period,
        people: [row.applicant_personnummer ?? row.owner_personnummer, row.co_personnummer],
      },
    ]);
    return found.get(row.id) ?? [];
  }

  /**
   * The live applications a paper application being registered would duplicate, by the answers
   * read or typed so far: the same paper scanned twice is seen before it is registered twice.
   */
  async ofPaperDraft(
    staff: StaffMember,
    record: ApplicationRecord,
    trx: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<Duplicate[]> {
    const codes = staff.grants.map((grant) => grant.municipalityCode);
    const columns = caseColumnsOf(record.form, record.draft.values);
    const found = await this.of(
      codes,
      [
        {
          id: record.id,
          // As it will be once registered.
          status: 'inkommen',
          period: columns.period,
          people: [columns.applicant_personnummer, columns.co_personnummer],
        },
      ],
      trx,
    );
    return found.get(record.id) ?? [];
  }
}

function isPersonnummer(value: string | null): value is string {
  return value !== null && /^\d{12}$/.test(value);
}

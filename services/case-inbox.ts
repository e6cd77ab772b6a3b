import type { Kysely } from 'kysely';
import type { AuditAction, AuditLog } from './audit-log';
import type { CaseDuplicates, Duplicate } from './case-duplicates';
import { nameWords } from './case-columns';
import { CLOSED, isCaseStatus } from './case-statuses';
import type { StaffRequest } from './cases';
import type { Database } from './db/schema';
import { sql } from './db/kysely';
import {
  keysetPage,
  listedApplications,
  nameMatchesQuery,
  narrowed,
  sentApplications,
  statusesOf,
  withListedColumns,
  type InboxCursor,
  type InboxFilter,
  type InboxList,
  type ListedRow,
} from './inbox-query';
import { roleOver, type StaffMember } from './staff-access';

export {
  INBOX_CHANNELS,
  INBOX_LISTS,
  INBOX_SORTS,
  statusesShownIn,
  type InboxChannel,
  type InboxCursor,
  type InboxFilter,
  type InboxList,
  type InboxSort,
} from './inbox-query';

export const PAGE_SIZE = 25;
/** The lists short enough to count on every inbox page, to show on their tabs. */
export const COUNTED_LISTS = ['nya', 'mina', 'komplettering', 'fel'] as const;
export type CountedList = (typeof COUNTED_LISTS)[number];
/** Counted up to this; more is shown as "999+". */
export const COUNT_CAP = 999;
/** "Senast öppnade" is the latest few, not a list to page through. */
const RECENT_SIZE = 25;
const SEARCH_MAX = 100;
/** "Nya meddelanden" above the lists: a reminder, not a list of its own. */
const MESSAGES_WAITING_MAX = 10;
/** An export is a list to work through in a spreadsheet, not a copy of the register. */
export const EXPORT_MAX = 10_000;
const EXPORT_BATCH = 500;

export interface InboxRow {
  id: string;
  receivedAt: Date;
  period: string | undefined;
  applicantName: string;
  /** 12 digits, or null when unknown; masked by the view. */
  personnummer: string | null;
  householdSize: number | undefined;
  status: string;
  channel: string;
  assigneeName: string | undefined;
  /** Open, nobody's, and no caseworker of its municipality has opened it yet ("Ny"). */
  unread: boolean;
  /** A message from the applicant that no caseworker has read yet. */
  newMessage: boolean;
  /** Other live applications of the same person for the same period (item 7). */
  duplicates: Duplicate[];
  /** An open case still waiting for its medsökande's signature (paper, or not confirmed). */
  signatureOutstanding: boolean;
  /** "Komplettering begärd": the last day (YYYY-MM-DD) the applicant was asked to answer by. */
  completionDue: string | undefined;
  /** Answers or attachments marked wrong and not yet cleared: no decision until they are. */
  openMarks: number;
}

/** A row of the CSV export: the list's row and the receipt number the applicant quotes. */
export interface ExportRow extends InboxRow {
  receiptNumber: string;
}

export interface InboxPage {
  rows: InboxRow[];
  next: InboxCursor | undefined;
  /** Where the page before this one ends: its rows are those before this cursor. */
  previous: InboxCursor | undefined;
}

/** A list page as the inbox shows it. */
export interface InboxListPage extends InboxPage {
  /**
   * Cases of the staff member's or nobody's, open or closed, with a message from the applicant
   * that no caseworker has read (newest question first, at most a few): a question after a
   * decision must not wait unseen in a list of closed cases.
   */
  messagesWaiting: InboxRow[];
}

/** Where a page starts: after a row, before a row (the page before), or at the start. */
export type InboxPosition =
  | { direction: 'after'; cursor: InboxCursor }
  | { direction: 'before'; cursor: InboxCursor }
  | undefined;

/**
 * By personnummer (12 digits), the start of names, or a receipt number ("EB-XXXX-XXXX"). A
 * personnummer search may name two people: "121212-1212" is 2012's child by the rules, but the
 * caseworker may have meant the 100-year-old (121212+1212), so both are asked for.
 */
export type InboxSearch =
  | { personnummer: readonly string[] }
  /** A date of birth, YYYYMMDD: every personnummer of that day (a range of the same indexes). */
  | { born: string }
  | { name: string }
  | { receipt: string };

/**
 * The caseworker's lists and search, only ever over the municipalities the staff member has a
 * grant in; each page, search and export is one audit row.
 */
export class CaseInbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly duplicates: CaseDuplicates,
  ) {}

  async list(
    who: StaffRequest,
    list: InboxList,
    filter: InboxFilter,
    position: InboxPosition,
  ): Promise<InboxListPage> {
    // Read first, so the audit row names every case on the page; should writing it fail, the
    // page fails with it and nothing is shown unlogged.
    const [page, messagesWaiting] = await Promise.all([
      this.page(who.staff, list, filter, position, PAGE_SIZE),
      this.messagesWaiting(who.staff),
    ]);
    const shown = new Set([...idsOf(page.rows), ...idsOf(messagesWaiting)]);
    await this.record(who, 'list', null, 'ok', [...shown]);
    return { ...page, messagesWaiting };
  }

  private async messagesWaiting(staff: StaffMember): Promise<InboxRow[]> {
    const codes = municipalitiesOf(staff);
    if (codes.length === 0) return [];
    // From migration 035's partial index (its condition written as literals, so SQLite can
    // prove the index applies; CROSS JOIN keeps SQLite to that order) to each case by id: few
    // rows, whatever the municipalities' size.
    const waiting = await this.db
      .selectFrom('message as m')
      .crossJoin('application as a')
      .select((eb) => ['a.id', eb.fn.max('m.created_at').as('latest')])
      .whereRef('a.id', '=', 'm.application_id')
      .where('m.author_kind', '=', sql.lit('applicant'))
      .where('m.read_at', 'is', null)
      .where('a.municipality_code', 'in', codes)
      .where('a.received_at', 'is not', null)
      .where((eb) =>
        eb.or([eb('a.assignee_id', '=', staff.account.id), eb('a.assignee_id', 'is', null)]),
      )
      .groupBy('a.id')
      // The newest question first: an old case's must not drop out behind newer cases.
      .orderBy('latest', 'desc')
      .orderBy('a.id')
      .limit(MESSAGES_WAITING_MAX)
      .execute();
    if (waiting.length === 0) return [];
    const order = waiting.map((one) => one.id);
    const rows = await listedApplications(this.db).where('a.id', 'in', order).execute();
    rows.sort((one, other) => order.indexOf(one.id) - order.indexOf(other.id));
    return this.toRows(codes, rows);
  }

  /**
   * Every row of a list (filters and sort as on screen), up to EXPORT_MAX, for the CSV export:
   * one audit row, 'export'.
   */
  async export(
    who: StaffRequest,
    list: InboxList,
    filter: InboxFilter,
  ): Promise<{ rows: ExportRow[]; truncated: boolean }> {
    const rows: ExportRow[] = [];
    let after: InboxCursor | undefined;
    let truncated = false;
    for (;;) {
      const position = after && { direction: 'after' as const, cursor: after };
      const page = await this.page(who.staff, list, filter, position, EXPORT_BATCH);
      const receipts = await this.receiptNumbers(page.rows.map((row) => row.id));
      rows.push(...page.rows.map((row) => ({ ...row, receiptNumber: receipts.get(row.id) ?? '' })));
      if (rows.length >= EXPORT_MAX) {
        truncated = rows.length > EXPORT_MAX || page.next !== undefined;
        rows.length = Math.min(rows.length, EXPORT_MAX);
        break;
      }
      if (!page.next || list === 'senast') break;
      after = page.next;
    }
    await this.record(who, 'export', null, 'ok', idsOf(rows));
    return { rows, truncated };
  }

  /**
   * A page of a list, without an audit row: the caller writes the one row for what it shows.
   * `only` narrows to some of the staff member's municipalities (a report's one).
   */
  async page(
    staff: StaffMember,
    list: InboxList,
    filter: InboxFilter,
    position: InboxPosition,
    size: number,
    only?: readonly string[],
  ): Promise<InboxPage> {
    const codes = municipalitiesOf(staff).filter((code) => !only || only.includes(code));
    const me = staff.account.id;
    if (list === 'senast') {
      const rows = await withListedColumns(narrowed(this.inMunicipalities(codes), list, filter, me))
        .innerJoin('case_view as v', 'v.application_id', 'a.id')
        .where('v.account_id', '=', me)
        .$if(filter.status !== undefined, (query) =>
          query.where('a.status', '=', filter.status ?? ''),
        )
        .orderBy('v.viewed_at', 'desc')
        .orderBy('a.id')
        .limit(RECENT_SIZE)
        .execute();
      return { rows: await this.toRows(codes, rows), next: undefined, previous: undefined };
    }
    // "Nya" holds every application nobody has opened, whatever its month: one for last month
    // (which an applicant may apply for) is often the most urgent, and must not wait unseen.
    const read = (from: InboxPosition) =>
      keysetPage(this.db, codes, list, filter, me, from?.cursor, size + 1, from?.direction);
    if (position?.direction === 'before') {
      const rows = await read(position);
      // A full page before it, and more before that: a page in the middle. Otherwise the page
      // before is the first page (read from the start, so it is whole).
      if (rows.length > size) {
        const shown = rows.slice(1);
        return {
          rows: await this.toRows(codes, shown),
          next: cursorOf(shown[shown.length - 1]),
          previous: cursorOf(shown[0]),
        };
      }
      return this.firstOrNext(codes, await read(undefined), size, undefined);
    }
    return this.firstOrNext(codes, await read(position), size, position?.cursor);
  }

  /** A page read forwards (`size` + 1 rows): the next page's cursor when there is more. */
  private async firstOrNext(
    codes: readonly string[],
    read: ListedRow[],
    size: number,
    after: InboxCursor | undefined,
  ): Promise<InboxPage> {
    const rows = read.slice(0, size);
    return {
      rows: await this.toRows(codes, rows),
      next: read.length > size ? cursorOf(rows[rows.length - 1]) : undefined,
      // Not the first page: the page before ends where this one starts.
      previous: after ? cursorOf(rows[0]) : undefined,
    };
  }

  /**
   * Sent applications where this person (12 digits) is the applicant or the medsökande, or
   * whose applicant or medsökande has a name with these words (each word the start of one of
   * the same person's names), in the staff member's municipalities. Someone only known
   * elsewhere gives the same empty answer as nobody (SEC-15), and is logged as refused.
   */
  async search(who: StaffRequest, search: InboxSearch): Promise<InboxRow[]> {
    const codes = municipalitiesOf(who.staff);
    let mine: ListedRow[];
    let elsewhere = false;
    if ('personnummer' in search || 'born' in search) {
      // A date of birth is the range of that day's personnummer, on the same two indexes.
      const people: { from: string; to: string } | { numbers: readonly string[] } =
        'born' in search
          ? { from: `${search.born}0000`, to: `${search.born}9999` }
          : { numbers: search.personnummer };
      const found = await listedApplications(this.db)
        .where((eb) =>
          eb.or(
            (['a.applicant_personnummer', 'a.co_personnummer'] as const).map((column) =>
              'numbers' in people
                ? eb(column, 'in', people.numbers)
                : eb.between(column, people.from, people.to),
            ),
          ),
        )
        .orderBy('a.received_at', 'desc')
        .orderBy('a.id')
        .execute();
      mine = found.filter((row) => codes.includes(row.municipality_code)).slice(0, SEARCH_MAX);
      elsewhere = mine.length === 0 && found.length > 0;
    } else if ('receipt' in search) {
      // The number the applicant quotes from the receipt and the decision letter ("Ärende").
      const found = await listedApplications(this.db)
        .where(
          'a.id',
          'in',
          this.db
            .selectFrom('submission')
            .select('submission.application_id')
            .where('submission.receipt_number', '=', search.receipt),
        )
        .execute();
      mine = found.filter((row) => codes.includes(row.municipality_code));
      elsewhere = mine.length === 0 && found.length > 0;
    } else {
      const words = nameWords(search.name);
      mine = codes.length > 0 ? await this.byName(codes, words, SEARCH_MAX) : [];
      if (mine.length === 0) {
        const all = await this.db.selectFrom('municipality').select('code').execute();
        const others = all.map((one) => one.code).filter((code) => !codes.includes(code));
        elsewhere = others.length > 0 && (await this.byName(others, words, 1)).length > 0;
      }
    }
    // Found only outside the staff member's municipalities: refused, though it reads as none.
    await this.record(who, 'search', null, elsewhere ? 'denied' : 'ok', idsOf(mine));
    return this.toRows(codes, mine);
  }

  /**
   * Applications in `codes` with a person whose names start with each of `words`, newest
   * first. The longest word (likely the rarest) is a range on case_name_word's (municipality,
   * word, received, …) index, sorted there; each other word is a primary-key look-up for the
   * same application and person; only the newest `limit` applications are then read.
   */
  private async byName(codes: readonly string[], words: string[], limit: number) {
    const [first, ...rest] = [...words].sort((a, b) => b.length - a.length);
    if (first === undefined) return [];
    // Both people of one application may match: room for each twice.
    const matches = await nameMatchesQuery(this.db, codes, first, rest, limit * 2).execute();
    const ids = [...new Set(matches.map((match) => match.application_id))].slice(0, limit);
    if (ids.length === 0) return [];
    // By primary key, the municipality checked here: with `municipality_code in (…)` and the
    // order in SQL, SQLite read the whole municipality in order instead of 100 rows by id.
    const rows = await listedApplications(this.db).where('a.id', 'in', ids).execute();
    return rows
      .filter((row) => codes.includes(row.municipality_code))
      .sort(
        (one, other) =>
          Number(other.received_at) - Number(one.received_at) ||
          (one.id < other.id ? -1 : one.id > other.id ? 1 : 0),
      );
  }

  /** Staff who may take cases in the staff member's municipalities, for the assignee filter. */
  async colleagues(staff: StaffMember): Promise<{ id: string; name: string }[]> {
    const codes = municipalitiesOf(staff);
    if (codes.length === 0) return [];
    return this.db
      .selectFrom('account')
      .innerJoin('staff_grant as g', 'g.account_id', 'account.id')
      .select(['account.id', 'account.name'])
      .distinct()
      .where('g.municipality_code', 'in', codes)
      .where('g.role', 'in', ['caseworker', 'admin'])
      .where('account.disabled_at', 'is', null)
      .where('account.id', '!=', staff.account.id)
      .orderBy('account.name')
      .orderBy('account.id')
      .execute();
  }

  /**
   * How many cases each counted list holds (with the month and channel chosen, as its tab
   * keeps them), up to COUNT_CAP + 1, in one statement: numbers only, so no audit row.
   */
  async counts(
    staff: StaffMember,
    filter: Pick<InboxFilter, 'period' | 'channel'>,
  ): Promise<Record<CountedList, number>> {
    const codes = municipalitiesOf(staff);
    const me = staff.account.id;
    // At most COUNT_CAP + 1 index entries each: a long list costs no more than a short one.
    const counted = (list: CountedList) => {
      const statuses = statusesOf(list, filter);
      const capped = narrowed(this.inMunicipalities(codes), list, filter, me)
        .$if(statuses !== undefined, (query) =>
          query.where('a.status', 'in', [...(statuses ?? [])]),
        )
        .select('a.id')
        .limit(COUNT_CAP + 1);
      return this.db
        .selectFrom(capped.as('c'))
        .select((eb) => eb.fn.countAll().as('n'))
        .as(list);
    };
    const row = await this.db
      .selectNoFrom(COUNTED_LISTS.map((list) => counted(list)))
      .executeTakeFirstOrThrow();
    // PostgreSQL's count is a bigint, which comes as text.
    return {
      nya: Number(row.nya),
      mina: Number(row.mina),
      komplettering: Number(row.komplettering),
      fel: Number(row.fel),
    };
  }

  private inMunicipalities(codes: readonly string[]) {
    return sentApplications(this.db).where(
      'a.municipality_code',
      'in',
      codes.length > 0 ? [...codes] : [''],
    );
  }

  private async toRows(codes: readonly string[], rows: ListedRow[]): Promise<InboxRow[]> {
    const duplicates = await this.duplicates.of(
      codes,
      rows.map((row) => ({
        id: row.id,
        status: row.status,
        period: row.period,
        people: [row.applicant_personnummer ?? row.owner_personnummer, row.co_personnummer],
      })),
    );
    const due = await this.completionDue(
      rows.filter((row) => row.status === 'komplettering-begard').map((row) => row.id),
    );
    const messaged = await this.unreadMessages(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      receivedAt: new Date(Number(row.received_at)),
      period: row.period || undefined,
      applicantName: row.applicant_name ?? row.owner_name ?? '',
      personnummer: row.applicant_personnummer ?? row.owner_personnummer,
      householdSize: row.household_size ?? undefined,
      status: row.status,
      channel: row.channel,
      assigneeName: row.assignee_name ?? undefined,
      // Taken by someone, or closed, it is no longer waiting to be opened, whoever looked.
      unread:
        row.opened_at === null &&
        row.assignee_name === null &&
        !(isCaseStatus(row.status) && CLOSED.includes(row.status)),
      newMessage: messaged.has(row.id),
      duplicates: duplicates.get(row.id) ?? [],
      signatureOutstanding:
        Boolean(row.signature_outstanding) &&
        !(isCaseStatus(row.status) && CLOSED.includes(row.status)),
      completionDue: due.get(row.id),
      openMarks: Number(row.open_marks),
    }));
  }

  /** Which of the applications have a message from the applicant that no caseworker has read. */
  private async unreadMessages(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    // The (application, author kind, read) index answers it.
    const found = await this.db
      .selectFrom('message')
      .select('application_id')
      .distinct()
      .where('application_id', 'in', ids)
      .where('author_kind', '=', 'applicant')
      .where('read_at', 'is', null)
      .execute();
    return new Set(found.map((row) => row.application_id));
  }

  /** Each application's receipt number, by id (one look-up by primary key per id). */
  private async receiptNumbers(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const found = await this.db
      .selectFrom('submission')
      .select(['application_id', 'receipt_number'])
      .where('application_id', 'in', ids)
      .execute();
    return new Map(found.map((one) => [one.application_id, one.receipt_number]));
  }

  /** The due date of each case's unanswered completion request (the latest, if several). */
  private async completionDue(ids: string[]): Promise<Map<string, string>> {
    const due = new Map<string, string>();
    if (ids.length === 0) return due;
    const open = await this.db
      .selectFrom('completion_request')
      .select(['application_id', 'due_date'])
      .where('application_id', 'in', ids)
      .where('answered_at', 'is', null)
      .execute();
    for (const request of open) {
      const earlier = due.get(request.application_id);
      if (earlier === undefined || request.due_date > earlier) {
        due.set(request.application_id, request.due_date);
      }
    }
    return due;
  }

  private record(
    who: StaffRequest,
    action: AuditAction,
    subject: string | null,
    outcome: 'ok' | 'denied',
    shown: readonly string[],
  ) {
    const codes = municipalitiesOf(who.staff);
    return this.audit.record({
      actorId: who.staff.account.id,
      role: roleOver(who.staff, codes),
      municipality: codes.join(',') || null,
      subject,
      action,
      outcome,
      requestId: who.requestId,
      shown,
    });
  }
}

function idsOf(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id);
}

/** A row's place in its list, for the address of the page after or before it. */
function cursorOf(row: ListedRow | undefined): InboxCursor | undefined {
  return row && { period: row.period, receivedAt: Number(row.received_at), id: row.id };
}

/** Every municipality the staff member may read. */
export function municipalitiesOf(staff: StaffMember): string[] {
  return staff.grants.map((grant) => grant.municipalityCode);
}

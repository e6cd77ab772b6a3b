import type { Kysely, SqlBool } from 'kysely';
import { sql } from './db/kysely';
import { CASE_STATUSES, type CaseStatus } from './case-statuses';
import { SIGNATURE_OUTSTANDING } from './co-applicant-states';
import type { Database } from './db/schema';

export const INBOX_LISTS = [
  'nya',
  'mina',
  'komplettering',
  'fel',
  'ej-beslutade',
  'alla',
  'senast',
] as const;
export type InboxList = (typeof INBOX_LISTS)[number];

export const INBOX_CHANNELS = ['e-tjanst', 'post'] as const;
export type InboxChannel = (typeof INBOX_CHANNELS)[number];

/** Oldest first (a queue), newest first, or by period (newest period first). */
export const INBOX_SORTS = ['aldst', 'nyast', 'period'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/** Statuses still waiting for a decision (or for the medsökande). */
export const UNDECIDED: readonly CaseStatus[] = [
  'vantar-medsokande',
  'inkommen',
  'under-handlaggning',
  'komplettering-begard',
  'kompletterad',
];

export interface InboxFilter {
  status?: CaseStatus;
  channel?: InboxChannel;
  /** YYYY-MM. */
  period?: string;
  /** Mine, nobody's, or a colleague's account id. */
  assignee?: { kind: 'me' } | { kind: 'none' } | { kind: 'colleague'; id: string };
  sort?: InboxSort;
  /** "Mina ärenden" with decided, withdrawn and annulled cases too (by default only open ones). */
  closed?: boolean;
}

/** Where a page starts: after this (period,) received time and id in the list's order. */
export interface InboxCursor {
  period: string;
  receivedAt: number;
  id: string;
}

/** Which way a page is read from its cursor: the rows after it, or the rows before it. */
export type PageDirection = 'after' | 'before';

/** What each row of a list needs: no snapshot, only columns. */
export interface ListedRow {
  id: string;
  municipality_code: string;
  status: string;
  channel: string;
  received_at: number | string | null;
  period: string;
  applicant_name: string | null;
  applicant_personnummer: string | null;
  co_personnummer: string | null;
  household_size: number | null;
  owner_personnummer: string | null;
  owner_name: string | null;
  assignee_name: string | null;
  /** Null until a caseworker of the municipality opened it ("Ny"). */
  opened_at: number | string | null;
  /** Marks not yet cleared (a bigint may come as text from PostgreSQL). */
  open_marks: number | string;
  /** The medsökande has not yet confirmed or signed (1/0 on SQLite). */
  signature_outstanding: SqlBool;
}

/** The statuses a list holds; undefined for any status. */
export function statusesOf(
  list: InboxList,
  filter: InboxFilter,
): readonly CaseStatus[] | undefined {
  if (list === 'nya') return ['inkommen'];
  // Open cases only, unless asked for the closed ones too (or for a status by name).
  if (list === 'mina') return filter.closed || filter.status ? undefined : UNDECIDED;
  if (list === 'komplettering') return ['komplettering-begard'];
  if (list === 'ej-beslutade') return UNDECIDED;
  // Every case, decided ones too: one index range per status, each already in the list's order.
  if (list === 'alla') return CASE_STATUSES;
  return undefined;
}

/** The statuses a list can show at all: its status filter offers no others. */
export function statusesShownIn(list: InboxList): readonly CaseStatus[] {
  return statusesOf(list, { closed: true }) ?? CASE_STATUSES;
}

/** Sent applications, no columns yet: the lists' conditions go on this. */
export function sentApplications(db: Kysely<Database>) {
  return db.selectFrom('application as a').where('a.received_at', 'is not', null);
}

type Sent = ReturnType<typeof sentApplications>;

/**
 * The columns a row shows, joined onto a query over sent applications (joins may follow the
 * conditions: the SQL comes out in the usual order).
 */
export function withListedColumns(query: Sent) {
  return query
    .leftJoin('account as owner', 'owner.id', 'a.owner_id')
    .leftJoin('account as assignee', 'assignee.id', 'a.assignee_id')
    .select([
      'a.id',
      'a.municipality_code',
      'a.status',
      'a.channel',
      'a.received_at',
      'a.period',
      'a.applicant_name',
      'a.applicant_personnummer',
      'a.co_personnummer',
      'a.household_size',
      'owner.personnummer as owner_personnummer',
      'owner.name as owner_name',
      'assignee.name as assignee_name',
      'a.opened_at',
      'a.open_marks',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('co_applicant as c')
              .select('c.application_id')
              .whereRef('c.application_id', '=', 'a.id')
              .where('c.state', 'in', SIGNATURE_OUTSTANDING),
          )
          .as('signature_outstanding'),
    ]);
}

/** Sent applications with the columns a row shows. */
export function listedApplications(db: Kysely<Database>) {
  return withListedColumns(sentApplications(db));
}

/** The list's own condition and the filters, on a query over `application as a`. */
export function narrowed(query: Sent, list: InboxList, filter: InboxFilter, me: string): Sent {
  let q = query;
  if (list === 'nya') q = q.where('a.opened_at', 'is', null);
  if (list === 'mina') q = q.where('a.assignee_id', '=', me);
  // A literal, not a bound value: only then do the databases use the partial indexes (019).
  if (list === 'fel') q = q.where(sql<boolean>`a.open_marks > 0`);
  if (filter.channel) q = q.where('a.channel', '=', filter.channel);
  if (filter.period) q = q.where('a.period', '=', filter.period);
  const assignee = filter.assignee;
  if (assignee?.kind === 'me') q = q.where('a.assignee_id', '=', me);
  if (assignee?.kind === 'none') q = q.where('a.assignee_id', 'is', null);
  if (assignee?.kind === 'colleague') q = q.where('a.assignee_id', '=', assignee.id);
  return q;
}

/**
 * One keyset page of a list over several municipalities (and statuses): one index range per
 * municipality and status, each an equality prefix of an index followed by the sort order, so
 * each reads `limit` entries; their keys are merged and cut to `limit` in SQL, and only those
 * rows are read in full. A single query with `in (…)` would have to read and sort every
 * matching row.
 */
export async function keysetPage(
  db: Kysely<Database>,
  codes: readonly string[],
  list: InboxList,
  filter: InboxFilter,
  me: string,
  after: InboxCursor | undefined,
  limit: number,
  direction: PageDirection = 'after',
): Promise<ListedRow[]> {
  const query = keysetQuery(db, codes, list, filter, me, after, limit, direction);
  const rows = query ? await query.execute() : [];
  // The `limit` rows nearest the cursor (after or before it), in the list's order.
  return rows.sort((one, other) => compareRows(one, other, filter.sort ?? 'aldst'));
}

/**
 * A keyset page as one statement (one round trip). Inside, `union all` of each municipality's
 * and status's `limit` keys (id, received time, period), each read from its own index range in
 * order (backwards from the cursor for the page before it), cut to the `limit` nearest; outside,
 * the row's columns for just those ids. Reading all the columns of every part's rows cost five
 * times as much on a five-status list as the page needs. Undefined when the filters leave
 * nothing to ask.
 */
export function keysetQuery(
  db: Kysely<Database>,
  codes: readonly string[],
  list: InboxList,
  filter: InboxFilter,
  me: string,
  after: InboxCursor | undefined,
  limit: number,
  direction: PageDirection = 'after',
) {
  const parts = codes.flatMap((code) =>
    partitionStatuses(list, filter).map((status) => ({ code, status })),
  );
  const { byPeriod, order } = orderOf(filter, direction);
  const inPart = (part: { code: string; status: CaseStatus | undefined }) =>
    partitionQuery(db, { ...part, list, filter, me, after, direction }).limit(limit);
  const [only, ...more] = parts;
  if (!only) return undefined;
  // One index range: its rows are the page.
  if (more.length === 0) return withListedColumns(inPart(only));
  // The keys come from the index alone (the period only where the list is ordered by it).
  const keys = parts.map((part, index) =>
    db
      .selectFrom(
        inPart(part)
          .select(['a.id', 'a.received_at'])
          .$if(byPeriod, (query) => query.select('a.period'))
          .as(`p${part.code}_${index}`),
      )
      .selectAll(),
  );
  const nearest = db
    .selectFrom(keys.reduce((all, part) => all.unionAll(part)).as('k'))
    .select('k.id')
    .$if(byPeriod, (query) => query.orderBy('k.period', order))
    .orderBy('k.received_at', order)
    .orderBy('k.id', order)
    .limit(limit);
  return listedApplications(db).where('a.id', 'in', nearest);
}

/** How a list is read from its cursor: by period first or not, and which way. */
function orderOf(filter: InboxFilter, direction: PageDirection | undefined) {
  const sort = filter.sort ?? 'aldst';
  // The list's own order is ascending only when oldest first; the page before reads it reversed.
  const ascending = (sort === 'aldst') !== (direction === 'before');
  return { byPeriod: sort === 'period', order: ascending ? ('asc' as const) : ('desc' as const) };
}

/** The statuses to ask one at a time: the list's, narrowed by the status filter. */
function partitionStatuses(
  list: InboxList,
  filter: InboxFilter,
): readonly (CaseStatus | undefined)[] {
  const listStatuses = statusesOf(list, filter);
  if (!filter.status) return listStatuses ?? [undefined];
  return !listStatuses || listStatuses.includes(filter.status) ? [filter.status] : [];
}

/**
 * One municipality's (and status's) part of a list, in the list's order from `after`; with
 * direction 'before', the rows before the cursor in the opposite order (the same index read
 * backwards: nearest first).
 */
export function partitionQuery(
  db: Kysely<Database>,
  part: {
    code: string;
    status: CaseStatus | undefined;
    list: InboxList;
    filter: InboxFilter;
    me: string;
    after: InboxCursor | undefined;
    direction?: PageDirection;
  },
) {
  const { after, filter } = part;
  // From a cursor, the row value itself leaves out what was never sent (a null received time
  // compares as unknown); with `is not null` beside it SQLite saw the page before as a range
  // bounded on both sides and chose a shorter index for it.
  const sent: Sent = after ? db.selectFrom('application as a') : sentApplications(db);
  let query = narrowed(
    sent.where('a.municipality_code', '=', part.code),
    part.list,
    filter,
    part.me,
  );
  if (part.status) query = query.where('a.status', '=', part.status);
  const { byPeriod, order } = orderOf(filter, part.direction);
  const beyond = order === 'asc' ? '>' : '<';
  if (after) {
    // A row-value comparison: both databases read it as where to start in the index.
    query = byPeriod
      ? query.where(
          (eb) => eb.refTuple('a.period', 'a.received_at', 'a.id'),
          beyond,
          (eb) => eb.tuple(after.period, after.receivedAt, after.id),
        )
      : query.where(
          (eb) => eb.refTuple('a.received_at', 'a.id'),
          beyond,
          (eb) => eb.tuple(after.receivedAt, after.id),
        );
  }
  return (byPeriod ? query.orderBy('a.period', order) : query)
    .orderBy('a.received_at', order)
    .orderBy('a.id', order);
}

/**
 * The newest name words in `codes` starting with `first`, of people whose other names start
 * with each of `rest`: (application, received) pairs, newest first.
 */
export function nameMatchesQuery(
  db: Kysely<Database>,
  codes: readonly string[],
  first: string,
  rest: readonly string[],
  limit: number,
) {
  // Words are [a-z0-9]: every word with the prefix sorts before prefix + '{'.
  const upTo = (word: string) => `${word}{`;
  return db
    .selectFrom('case_name_word as w')
    .select(['w.application_id', 'w.received_at'])
    .where('w.municipality_code', 'in', [...codes])
    .where('w.word', '>=', first)
    .where('w.word', '<', upTo(first))
    .where((eb) =>
      eb.and(
        rest.map((word) =>
          eb.exists(
            eb
              .selectFrom('case_name_word as other')
              .select('other.word')
              .whereRef('other.application_id', '=', 'w.application_id')
              .whereRef('other.person', '=', 'w.person')
              // Lets PostgreSQL read this word's range from the same index, too.
              .whereRef('other.municipality_code', '=', 'w.municipality_code')
              .where('other.word', '>=', word)
              .where('other.word', '<', upTo(word)),
          ),
        ),
      ),
    )
    .orderBy('w.received_at', 'desc')
    .orderBy('w.application_id')
    .limit(limit);
}

/** The list's order, as the database sorts it (ids and periods compare as plain text). */
export function compareRows(one: ListedRow, other: ListedRow, sort: InboxSort): number {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ascending = Number(one.received_at) - Number(other.received_at) || byText(one.id, other.id);
  if (sort === 'aldst') return ascending;
  if (sort === 'nyast') return -ascending;
  return byText(other.period, one.period) || -ascending;
}

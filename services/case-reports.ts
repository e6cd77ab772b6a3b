import type { Kysely } from 'kysely';
import type { AuditLog } from './audit-log';
import type { CaseInbox, InboxRow } from './case-inbox';
import { DECIDED } from './case-statuses';
import type { StaffRequest } from './cases';
import type { Database } from './db/schema';
import { UNDECIDED } from './inbox-query';
import { mayRead, roleIn, type StaffMember } from './staff-access';

/** The undecided list of a report shows this many, the oldest first. */
const UNDECIDED_SHOWN = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CaseReport {
  municipalityCode: string;
  period: string;
  total: number;
  byStatus: { status: string; count: number }[];
  byChannel: { channel: string; count: number }[];
  /** How many were decided, and the median days from received to the first decision. */
  decided: number;
  medianDays: number | undefined;
  undecided: InboxRow[];
  undecidedCount: number;
}

/**
 * Reports per municipality and period (issue E, item 8). Reading only, so any grant in the
 * municipality may see them; another municipality's report is refused as a missing one would
 * be (SEC-15). Each report is one audit row.
 */
export class CaseReports {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly inbox: CaseInbox,
  ) {}

  /**
   * The month a report opens on: the latest one the municipality has received applications for,
   * up to `latest` (next month: most people apply ahead), else `fallback`. Only for a
   * municipality the staff member may read; a month names no one, so it is not logged.
   */
  async defaultPeriod(
    staff: StaffMember,
    municipalityCode: string,
    latest: string,
    fallback: string,
  ): Promise<string> {
    if (!mayRead(staff, municipalityCode)) return fallback;
    const row = await this.db
      .selectFrom('application')
      .select('period')
      .where('municipality_code', '=', municipalityCode)
      .where('received_at', 'is not', null)
      .where('period', '<=', latest)
      .where('period', '!=', '')
      .orderBy('period', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.period ?? fallback;
  }

  async report(
    who: StaffRequest,
    municipalityCode: string,
    period: string,
  ): Promise<CaseReport | undefined> {
    const event = {
      actorId: who.staff.account.id,
      role: roleIn(who.staff, municipalityCode) ?? null,
      municipality: /^\d{4}$/.test(municipalityCode) ? municipalityCode : null,
      subject: null,
      action: 'report',
    } as const;
    if (!mayRead(who.staff, municipalityCode)) {
      await this.audit.record({ ...event, outcome: 'denied', requestId: who.requestId });
      return undefined;
    }
    // Both counts read the (municipality, period, …) index and nothing else.
    const sent = () =>
      this.db
        .selectFrom('application')
        .where('municipality_code', '=', municipalityCode)
        .where('period', '=', period)
        .where('received_at', 'is not', null);
    const byStatus = await sent()
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    const byChannel = await sent()
      .select(['channel', (eb) => eb.fn.countAll<number | string>().as('count')])
      .groupBy('channel')
      .orderBy('channel')
      .execute();
    // A case's decision is its first event into a decided status.
    const decisions = await this.db
      .selectFrom('application as a')
      .innerJoin('application_event as e', 'e.application_id', 'a.id')
      .select(['a.id', 'a.received_at', (eb) => eb.fn.min('e.at').as('decided_at')])
      .where('a.municipality_code', '=', municipalityCode)
      .where('a.period', '=', period)
      .where('a.received_at', 'is not', null)
      .where('e.to_status', 'in', [...DECIDED])
      .groupBy(['a.id', 'a.received_at'])
      .execute();
    const days = decisions.map(
      (row) => (Number(row.decided_at) - Number(row.received_at)) / DAY_MS,
    );
    const undecided = await this.inbox.page(
      who.staff,
      'ej-beslutade',
      { period },
      undefined,
      UNDECIDED_SHOWN,
      [municipalityCode],
    );
    // Written once the undecided list is read, so the row names the cases it shows.
    await this.audit.record({
      ...event,
      outcome: 'ok',
      requestId: who.requestId,
      shown: undecided.rows.map((row) => row.id),
    });
    const count = (rows: { count: number | string }[]) =>
      rows.reduce((sum, row) => sum + Number(row.count), 0);
    const undecidedCount = await sent()
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', 'in', [...UNDECIDED])
      .executeTakeFirst();
    return {
      municipalityCode,
      period,
      total: count(byStatus),
      byStatus: byStatus.map((row) => ({ status: row.status, count: Number(row.count) })),
      byChannel: byChannel.map((row) => ({ channel: row.channel, count: Number(row.count) })),
      decided: days.length,
      medianDays: median(days),
      undecided: undecided.rows,
      undecidedCount: Number(undecidedCount?.count ?? 0),
    };
  }
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

import type { Kysely } from 'kysely';
import type { AuditAction, AuditDetail, AuditLog, AuditOutcome } from './audit-log';
import type { AuditShownIndex } from './audit-shown-index';
import type { CaseService, StaffRequest } from './cases';
import type { Database, StaffRole } from './db/schema';
import { roleIn } from './staff-access';

/** Rows per page: older ones are a link away. */
export const ACCESS_LOG_ROWS = 100;

/** One look at or change of the case, as the audit log has it. */
export interface CaseAccess {
  at: Date;
  /** The staff member's name, or undefined for an account since removed. */
  name: string | undefined;
  username: string | undefined;
  role: StaffRole | undefined;
  action: AuditAction;
  /** What the look or change was, where the action alone does not say (from migration 037). */
  detail: AuditDetail | undefined;
  outcome: AuditOutcome;
  /** The case was one of many on the screen (a list, search results, an export, a report). */
  listed: boolean;
}

export type CaseAccessResult =
  | {
      outcome: 'found';
      rows: CaseAccess[];
      total: number;
      /** Where the next (older) page starts, when there is one. */
      olderThan: number | undefined;
    }
  | { outcome: 'notFound' }
  | { outcome: 'forbidden' };

/**
 * "Vem har öppnat ärendet": the audit log's rows about one case, newest first, for an
 * administrator of its municipality, who follows up who looked at whose data (logguppföljning):
 * the case opened, its files and PDFs fetched, its changes, and every list, search result,
 * export and report it was shown in. Reading it is itself a look: one 'view' row, written after
 * the rows are read, so it is not among them. Paged by the events' places in the chain.
 */
export class CaseAccessLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly cases: CaseService,
    private readonly shownIndex: AuditShownIndex,
  ) {}

  async forAdmin(
    who: StaffRequest,
    applicationId: string,
    olderThan?: number,
  ): Promise<CaseAccessResult> {
    // The lists and searches written since the last sweep, indexed before they are looked for.
    await this.shownIndex.catchUp();
    return this.db.transaction().execute(async (trx): Promise<CaseAccessResult> => {
      const row = await this.cases.readable(trx, who, applicationId, 'view');
      if (!row) return { outcome: 'notFound' };
      if (roleIn(who.staff, row.municipality_code) !== 'admin') {
        await this.audit.onCase(who, row, 'view', 'denied', trx, { detail: 'log' });
        return { outcome: 'forbidden' };
      }
      const places = (before?: number) =>
        trx
          .selectFrom('audit_event')
          .select('seq')
          .where('subject', '=', applicationId)
          .$if(before !== undefined, (query) => query.where('seq', '<', before ?? 0))
          .union(
            trx
              .selectFrom('audit_shown')
              .select('seq')
              .where('application_id', '=', applicationId)
              .$if(before !== undefined, (query) => query.where('seq', '<', before ?? 0)),
          );
      const page = await places(olderThan)
        .orderBy('seq', 'desc')
        .limit(ACCESS_LOG_ROWS + 1)
        .execute();
      const seqs = page.slice(0, ACCESS_LOG_ROWS).map((place) => Number(place.seq));
      const events =
        seqs.length === 0
          ? []
          : await trx
              .selectFrom('audit_event as e')
              .leftJoin('account as a', 'a.id', 'e.actor_id')
              .select([
                'e.at',
                'e.role',
                'e.action',
                'e.detail',
                'e.outcome',
                'e.subject',
                'a.name',
                'a.username',
              ])
              .where('e.seq', 'in', seqs)
              .orderBy('e.seq', 'desc')
              .execute();
      const counted = await trx
        .selectFrom(places().as('places'))
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirst();
      await this.audit.onCase(who, row, 'view', 'ok', trx, { detail: 'log' });
      return {
        outcome: 'found',
        total: Number(counted?.count ?? 0),
        olderThan: page.length > ACCESS_LOG_ROWS ? seqs.at(-1) : undefined,
        rows: events.map((event) => ({
          at: new Date(Number(event.at)),
          name: event.name ?? undefined,
          username: event.username ?? undefined,
          role: (event.role as StaffRole | null) ?? undefined,
          action: event.action as AuditAction,
          detail: (event.detail as AuditDetail | null) ?? undefined,
          outcome: event.outcome as AuditOutcome,
          listed: event.subject !== applicationId,
        })),
      };
    });
  }
}

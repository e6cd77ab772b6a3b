import type { Kysely } from 'kysely';
import type { AuditAction, AuditLog, AuditOutcome } from './audit-log';
import type { CaseService, StaffRequest } from './cases';
import type { Database, StaffRole } from './db/schema';
import { roleIn } from './staff-access';

/** Rows shown at most: a case's log is read to follow up a look, not to be scrolled through. */
export const ACCESS_LOG_ROWS = 500;

/** One look at or change of the case, as the audit log has it. */
export interface CaseAccess {
  at: Date;
  /** The staff member's name, or undefined for an account since removed. */
  name: string | undefined;
  username: string | undefined;
  role: StaffRole | undefined;
  action: AuditAction;
  outcome: AuditOutcome;
}

export type CaseAccessResult =
  | { outcome: 'found'; rows: CaseAccess[]; total: number }
  | { outcome: 'notFound' }
  | { outcome: 'forbidden' };

/**
 * "Vem har öppnat ärendet": the audit log's rows about one case, newest first, for an
 * administrator of its municipality, who follows up who looked at whose data (logguppföljning).
 * Reading it is itself a look: one 'view' row, written after the rows are read, so it is not
 * among them.
 */
export class CaseAccessLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly cases: CaseService,
  ) {}

  async forAdmin(who: StaffRequest, applicationId: string): Promise<CaseAccessResult> {
    return this.db.transaction().execute(async (trx): Promise<CaseAccessResult> => {
      const row = await this.cases.readable(trx, who, applicationId, 'view');
      if (!row) return { outcome: 'notFound' };
      if (roleIn(who.staff, row.municipality_code) !== 'admin') {
        await this.audit.onCase(who, row, 'view', 'denied', trx);
        return { outcome: 'forbidden' };
      }
      const events = await trx
        .selectFrom('audit_event as e')
        .leftJoin('account as a', 'a.id', 'e.actor_id')
        .select(['e.at', 'e.role', 'e.action', 'e.outcome', 'a.name', 'a.username'])
        .where('e.subject', '=', applicationId)
        .orderBy('e.at', 'desc')
        .orderBy('e.seq', 'desc')
        .limit(ACCESS_LOG_ROWS)
        .execute();
      const counted = await trx
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('subject', '=', applicationId)
        .executeTakeFirst();
      await this.audit.onCase(who, row, 'view', 'ok', trx);
      return {
        outcome: 'found',
        total: Number(counted?.count ?? 0),
        rows: events.map((event) => ({
          at: new Date(Number(event.at)),
          name: event.name ?? undefined,
          username: event.username ?? undefined,
          role: (event.role as StaffRole | null) ?? undefined,
          action: event.action as AuditAction,
          outcome: event.outcome as AuditOutcome,
        })),
      };
    });
  }
}

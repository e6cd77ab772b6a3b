import type { Kysely, Transaction } from 'kysely';
import { recordEvent } from './application-events';
import { CLOSED, isCaseStatus } from './case-statuses';
import type { CaseService, StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { mayRead, mayWrite, type StaffMember } from './staff-access';

export interface Colleague {
  id: string;
  name: string;
}

export type AssignToResult =
  'assigned' | 'started' | 'notFound' | 'forbidden' | 'closed' | 'notColleague';

export type ReleaseResult = 'released' | 'notFound' | 'forbidden' | 'closed';

type CaseRow = NonNullable<Awaited<ReturnType<CaseService['readable']>>>;

/** A case that may be assigned now, or why not (the refusal already audited). */
type Assignable =
  | { kind: 'refused'; refused: 'notFound' | 'forbidden' | 'closed' }
  | {
      kind: 'assignable';
      row: CaseRow;
      /** Writes the refusal's audit row for a reason found later, and gives it back. */
      refuse: <T extends string>(result: T) => Promise<T>;
    };

/** The history event of a case given back to nobody: its status stays, no one has it. */
export const RELEASED_EVENT = 'released';

/** Roles that work cases, and so may be given one. */
const WORKING_ROLES = ['caseworker', 'admin'] as const;

/**
 * Giving a case to a colleague: anyone with a caseworker or admin grant in the case's
 * municipality, whose account is not disabled. Each attempt is one 'assign' audit row in the
 * same transaction as the change.
 */
export class CaseAssignment {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cases: CaseService,
    private readonly clock: Clock,
  ) {}

  /** Who may be given the case, by name; none for staff without a grant where it is. */
  async colleagues(staff: StaffMember, applicationId: string): Promise<Colleague[]> {
    const found = await this.db
      .selectFrom('application')
      .select('municipality_code')
      .where('id', '=', applicationId)
      .executeTakeFirst();
    if (!found || !mayRead(staff, found.municipality_code)) return [];
    return this.db
      .selectFrom('account')
      .innerJoin('staff_grant as g', 'g.account_id', 'account.id')
      .select(['account.id', 'account.name'])
      .where('account.kind', '=', 'staff')
      .where('account.disabled_at', 'is', null)
      .where('g.municipality_code', '=', found.municipality_code)
      .where('g.role', 'in', [...WORKING_ROLES])
      .orderBy('account.name')
      .orderBy('account.id')
      .execute();
  }

  async assignTo(
    who: StaffRequest,
    applicationId: string,
    assigneeId: string,
  ): Promise<AssignToResult> {
    return this.db.transaction().execute(async (trx) => {
      const found = await this.assignable(trx, who, applicationId);
      if (found.kind === 'refused') return found.refused;
      const { row, refuse } = found;
      const colleague = await trx
        .selectFrom('account')
        .innerJoin('staff_grant as g', 'g.account_id', 'account.id')
        .select('account.id')
        .where('account.id', '=', assigneeId)
        .where('account.kind', '=', 'staff')
        .where('account.disabled_at', 'is', null)
        .where('g.municipality_code', '=', row.municipality_code)
        .where('g.role', 'in', [...WORKING_ROLES])
        .executeTakeFirst();
      if (!colleague) return refuse('notColleague');
      return this.cases.assignIn(trx, who, row, assigneeId);
    });
  }

  /**
   * "Ingen handläggare": the case goes back to the ones nobody has (a caseworker away, a case
   * taken by mistake). Its status stays. A case nobody has is left as it is, with no event.
   */
  async release(who: StaffRequest, applicationId: string): Promise<ReleaseResult> {
    return this.db.transaction().execute(async (trx) => {
      const found = await this.assignable(trx, who, applicationId);
      if (found.kind === 'refused') return found.refused;
      const { row } = found;
      const now = this.clock.now().getTime();
      const released = await trx
        .updateTable('application')
        .set({ assignee_id: null, updated_at: now })
        .where('id', '=', row.id)
        .where('assignee_id', 'is not', null)
        .executeTakeFirst();
      if (Number(released.numUpdatedRows) === 1) {
        await recordEvent(trx, {
          applicationId: row.id,
          at: now,
          actorId: who.staff.account.id,
          actorKind: 'staff',
          from: row.status,
          to: row.status,
          kind: RELEASED_EVENT,
        });
      }
      await this.cases.record(trx, who, row, 'assign', 'ok');
      return 'released';
    });
  }

  /**
   * The case, if this staff member may give it to someone (or to nobody) now; else why not,
   * with the refusal's audit row written. `refuse` writes it for a later reason.
   */
  private async assignable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
  ): Promise<Assignable> {
    const row = await this.cases.readable(trx, who, applicationId, 'assign');
    if (!row) return { kind: 'refused', refused: 'notFound' };
    const refuse = async <T extends string>(result: T): Promise<T> => {
      await this.cases.record(trx, who, row, 'assign', 'denied');
      return result;
    };
    if (!mayWrite(who.staff, row.municipality_code)) {
      return { kind: 'refused', refused: await refuse('forbidden') };
    }
    if (isCaseStatus(row.status) && CLOSED.includes(row.status)) {
      return { kind: 'refused', refused: await refuse('closed') };
    }
    return { kind: 'assignable', row, refuse };
  }
}

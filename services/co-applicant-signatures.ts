import { moveCase, recordEvent } from './application-events';
import type { Kysely, Transaction } from 'kysely';
import { swedishDay } from '../forms/dates';
import { CLOSED, isCaseStatus } from './case-statuses';
import { SIGNATURE_OUTSTANDING } from './co-applicant-states';
import type { CaseService, StaffRequest } from './cases';
import type { Clock } from './clock';
import { isIsoDate } from './completion-requests';
import type { Database } from './db/schema';
import { mayRead, mayWrite, type StaffMember } from './staff-access';

/** A parallel request (the medsökande confirming, a colleague) changed the case first. */
class RegistrationLost extends Error {
  constructor(
    readonly row: { id: string; municipality_code: string; status: string; row_version: number },
  ) {
    super('co-applicant signature: lost to a parallel change');
  }
}

/** The event's kind in the case history (application_event.kind, migration 026). */
export const SIGNATURE_EVENT = 'co-applicant-signature';

/**
 * The name of the medsökande whose signature a case still waits for, or undefined when there
 * is none to wait for (no medsökande, confirmed, signed on paper, or declined).
 */
export async function outstandingSignature(
  db: Kysely<Database>,
  applicationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('co_applicant')
    .select('name')
    .where('application_id', '=', applicationId)
    .where('state', 'in', SIGNATURE_OUTSTANDING)
    .executeTakeFirst();
  return row?.name;
}

/** What the page "Underskrift från medsökande har kommit in" shows. */
export interface SignaturePage {
  coApplicantName: string | undefined;
  /** A signature can be registered now: one is outstanding and the case is still open. */
  canRegister: boolean;
  /** The day the application was sent: a signature for it cannot have come before. */
  sentOn: string;
}

export type SignatureResult =
  | { outcome: 'registered' }
  /** Missing, or another municipality's: the same to the caller (SEC-15). */
  | { outcome: 'notFound' }
  /** A read-only grant (SEC-16). */
  | { outcome: 'forbidden' }
  /** No signature is outstanding (none needed, already there, declined) or the case is closed. */
  | { outcome: 'notOutstanding' }
  | { outcome: 'invalidDate' }
  | { outcome: 'futureDate' }
  | { outcome: 'beforeSent'; sentOn: string };

/**
 * A medsökande without an account signs on paper; a caseworker registers the day the signed
 * paper came in. That lifts the stop on a decision and is an event in the case's history; a case
 * that waited for the medsökande to confirm online goes on to "Inkommen". Each staff call writes
 * one audit row in its transaction, also when refused.
 */
export class CoApplicantSignatures {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cases: CaseService,
    private readonly clock: Clock,
  ) {}

  /** The page, for a caseworker or admin of the case's municipality; logged as a view. */
  async open(
    who: StaffRequest,
    applicationId: string,
  ): Promise<SignaturePage | 'notFound' | 'forbidden'> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.cases.readable(trx, who, applicationId, 'view');
      if (!row) return 'notFound';
      if (!mayWrite(who.staff, row.municipality_code)) {
        await this.cases.record(trx, who, row, 'view', 'denied', 'signature');
        return 'forbidden';
      }
      const page = await this.pageOf(trx, row);
      await this.cases.record(trx, who, row, 'view', 'ok', 'signature');
      return page;
    });
  }

  /** The page shown again after a refused post, which was logged already: no row of its own. */
  async forCase(
    staff: StaffMember,
    applicationId: string,
  ): Promise<SignaturePage | 'notFound' | 'forbidden'> {
    const row = await this.caseRow(this.db, applicationId);
    if (!row || !mayRead(staff, row.municipality_code)) return 'notFound';
    if (!mayWrite(staff, row.municipality_code)) return 'forbidden';
    return this.pageOf(this.db, row);
  }

  /** "Underskrift från medsökande har kommit in": `receivedOn` is the day, YYYY-MM-DD. */
  async register(
    who: StaffRequest,
    applicationId: string,
    receivedOn: string,
  ): Promise<SignatureResult> {
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx): Promise<SignatureResult> => {
        const row = await this.cases.readable(trx, who, applicationId, 'change');
        if (!row) return { outcome: 'notFound' };
        const refuse = async (result: SignatureResult): Promise<SignatureResult> => {
          const outcome = result.outcome === 'forbidden' ? 'denied' : 'invalid';
          await this.cases.record(trx, who, row, 'change', outcome, 'signature');
          return result;
        };
        if (!mayWrite(who.staff, row.municipality_code)) return refuse({ outcome: 'forbidden' });
        const page = await this.pageOf(trx, row);
        if (!page.canRegister) return refuse({ outcome: 'notOutstanding' });
        if (!isIsoDate(receivedOn)) return refuse({ outcome: 'invalidDate' });
        if (receivedOn > swedishDay(now)) return refuse({ outcome: 'futureDate' });
        if (receivedOn < page.sentOn) {
          return refuse({ outcome: 'beforeSent', sentOn: page.sentOn });
        }
        // Waiting for an online confirmation: the paper is as good, the case comes in.
        const to = row.status === 'vantar-medsokande' ? 'inkommen' : row.status;
        // A medsökande confirming online at the same moment takes the row first, or finds it
        // taken (the same order of rows as the online confirmation, so neither waits on the other).
        const signed = await trx
          .updateTable('co_applicant')
          .set({ state: 'signed', decided_at: now.getTime(), signature_received_on: receivedOn })
          .where('application_id', '=', applicationId)
          .where('state', 'in', SIGNATURE_OUTSTANDING)
          .executeTakeFirst();
        if (Number(signed.numUpdatedRows) !== 1) throw new RegistrationLost(row);
        const event = { at: now.getTime(), actorId: who.staff.account.id, kind: SIGNATURE_EVENT };
        if (to !== row.status) {
          if (!(await moveCase(trx, { row, to, ...event }))) throw new RegistrationLost(row);
        } else {
          await recordEvent(trx, { ...event, applicationId, actorKind: 'staff', from: to, to });
        }
        await this.cases.record(trx, who, row, 'change', 'ok', 'signature');
        return { outcome: 'registered' };
      });
    } catch (error) {
      if (!(error instanceof RegistrationLost)) throw error;
      // Everything of the lost attempt was rolled back; its refusal is the one row it leaves.
      const { row } = error;
      await this.db
        .transaction()
        .execute((trx) => this.cases.record(trx, who, row, 'change', 'invalid', 'signature'));
      return { outcome: 'notOutstanding' };
    }
  }

  private async pageOf(
    db: Kysely<Database> | Transaction<Database>,
    row: { id: string; status: string },
  ): Promise<SignaturePage> {
    const found = await db
      .selectFrom('submission')
      .leftJoin('co_applicant', 'co_applicant.application_id', 'submission.application_id')
      .select(['submission.submitted_at', 'co_applicant.name', 'co_applicant.state'])
      .where('submission.application_id', '=', row.id)
      .executeTakeFirstOrThrow();
    const open = !(isCaseStatus(row.status) && CLOSED.includes(row.status));
    return {
      coApplicantName: found.name ?? undefined,
      canRegister: open && found.state !== null && SIGNATURE_OUTSTANDING.includes(found.state),
      sentOn: swedishDay(new Date(Number(found.submitted_at))),
    };
  }

  private caseRow(db: Kysely<Database>, applicationId: string) {
    return db
      .selectFrom('application')
      .select(['id', 'municipality_code', 'status'])
      .where('id', '=', applicationId)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
  }
}

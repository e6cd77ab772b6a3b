import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from './db/kysely';
import { chainHash, GENESIS_HASH } from './audit-chain';
import type { Clock } from './clock';
import type { Database, StaffRole } from './db/schema';
import { roleIn, type StaffMember } from './staff-access';

/** A staff member and the request they act in. */
interface Acting {
  staff: StaffMember;
  requestId: string;
}

/** What staff did. `list` is a page of the inbox; `assign` takes a case; `report` a report. */
export type AuditAction =
  | 'list'
  | 'view'
  | 'search'
  | 'download'
  | 'pdf'
  | 'export'
  | 'report'
  | 'change'
  | 'assign'
  | 'login';

/**
 * Done; refused for want of a right (a read-only user's write, someone else's municipality); or
 * not done because what was sent was wrong or the case had changed (migration 037 on: before it,
 * both refusals were 'denied').
 */
export type AuditOutcome = 'ok' | 'denied' | 'invalid';

/** What a look or change on a case was, where its action alone does not say (migration 037). */
export type AuditDetail =
  | 'log'
  | 'note'
  | 'message'
  | 'status'
  | 'decision'
  | 'mark'
  | 'markCleared'
  | 'completionRequest'
  | 'postAnswer'
  | 'signature'
  | 'paper'
  // A staff member's own account: a new password, mobile number or authenticator app.
  | 'password'
  | 'mobile'
  | 'app'
  | InstallationChange;

/** What the installation's administrator did from the command line (`npm run admin`). */
export type InstallationChange =
  | 'municipality'
  | 'staffAdded'
  | 'grant'
  | 'revoke'
  | 'temporaryPassword'
  | 'enable'
  | 'mobile'
  | 'disable';

/**
 * One audit event (SECURITY.md line 29). Only ids, a role, codes and words of ours: never a
 * password, a one-time code, a session id or anything typed.
 */
export interface AuditEvent {
  actorId: string | null;
  role: StaffRole | null;
  /** The municipality concerned; a list over several names them all. */
  municipality: string | null;
  /** The application or account the event concerns. */
  subject: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  requestId: string | null;
  /** The applications a list, search, export or report put on the screen, by id. */
  shown?: readonly string[];
  detail?: AuditDetail;
}

/** Rows read at a time while verifying the chain. */
const VERIFY_BATCH = 1000;

/**
 * What `verify` found: the whole chain intact, or the place of the first row that breaks it
 * (`eventId` null when rows are missing from the end, or the head row itself was changed).
 */
export type AuditChainReport =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: number; eventId: string | null };

/** A stored event, as the tests and issue F's views read it back. */
export interface StoredAuditEvent extends AuditEvent {
  id: string;
  at: Date;
}

/**
 * The audit log: one row per view, search, download and change by staff. A change writes its
 * row in the change's own transaction, so there is never a change without its row nor a row
 * for a change that was rolled back. The rows form a hash chain (SECURITY.md line 30).
 */
export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the event as the next link of the hash chain (SECURITY.md line 30), in the caller's
   * transaction or in one of its own. The chain's head row is updated first: on PostgreSQL its row
   * lock orders concurrent writers until they commit, and a rollback gives the place back.
   */
  async record(event: AuditEvent, trx?: Transaction<Database>): Promise<void> {
    if (trx) {
      await this.chainInto(trx, event);
      return;
    }
    await this.db.transaction().execute((own) => this.chainInto(own, event));
  }

  private async chainInto(trx: Transaction<Database>, event: AuditEvent): Promise<void> {
    const head = await trx
      .updateTable('audit_chain')
      .set({ seq: sql<number>`seq + 1` })
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const row = {
      id: randomUUID(),
      seq: Number(head.seq),
      at: this.clock.now().getTime(),
      actor_id: event.actorId,
      role: event.role,
      municipality: event.municipality,
      subject: event.subject,
      action: event.action,
      outcome: event.outcome,
      request_id: event.requestId,
      shown: event.shown ? JSON.stringify(event.shown) : null,
      detail: event.detail ?? null,
    };
    const hash = chainHash(row, head.hash);
    await trx
      .insertInto('audit_event')
      .values({ ...row, hash })
      .execute();
    await trx.updateTable('audit_chain').set({ hash }).where('id', '=', 1).execute();
  }

  /**
   * Walks the chain from the first event and recomputes every hash (SECURITY.md line 30): an
   * edited, deleted, inserted or reordered row breaks it at that row; rows cut from the end are
   * found against the chain's head.
   */
  async verify(): Promise<AuditChainReport> {
    let previous = GENESIS_HASH;
    let expected = 1;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) => eb.or([eb('seq', '>=', expected), eb('seq', 'is', null)]))
        .orderBy('seq')
        .limit(VERIFY_BATCH)
        .execute();
      for (const row of rows) {
        // A row without a place (inserted behind the chain's back) breaks it where it is met.
        const { seq } = row;
        if (seq === null || Number(seq) !== expected) {
          return { ok: false, checked: expected - 1, brokenAt: expected, eventId: row.id };
        }
        const hash = chainHash({ ...row, seq }, previous);
        if (row.hash !== hash) {
          return { ok: false, checked: expected - 1, brokenAt: expected, eventId: row.id };
        }
        previous = hash;
        expected += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    const head = await this.db
      .selectFrom('audit_chain')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirst();
    if (!head || Number(head.seq) !== expected - 1 || head.hash !== previous) {
      return { ok: false, checked: expected - 1, brokenAt: expected, eventId: null };
    }
    return { ok: true, checked: expected - 1 };
  }

  /** Staff acting on a case they may read: its municipality, and their role there. */
  onCase(
    who: Acting,
    row: { id: string; municipality_code: string },
    action: AuditAction,
    outcome: AuditOutcome,
    trx?: Transaction<Database>,
    more: {
      /** Other applications whose data the page shows beside the case's own. */
      shown?: readonly string[];
      detail?: AuditDetail | undefined;
    } = {},
  ): Promise<void> {
    const { shown, detail } = more;
    return this.record(
      {
        actorId: who.staff.account.id,
        role: roleIn(who.staff, row.municipality_code) ?? null,
        municipality: row.municipality_code,
        subject: row.id,
        action,
        outcome,
        requestId: who.requestId,
        ...(shown && shown.length > 0 ? { shown } : {}),
        ...(detail ? { detail } : {}),
      },
      trx,
    );
  }

  /** A case that is missing or not theirs to read: refused, with no role (SEC-15). */
  refusedCase(
    who: Acting,
    applicationId: string,
    municipality: string | null,
    action: AuditAction,
    trx?: Transaction<Database>,
  ): Promise<void> {
    return this.record(
      {
        actorId: who.staff.account.id,
        role: null,
        municipality,
        subject: applicationId,
        action,
        outcome: 'denied',
        requestId: who.requestId,
      },
      trx,
    );
  }

  /** The events of one request, in the order written. */
  async ofRequest(requestId: string): Promise<StoredAuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_event')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      at: new Date(Number(row.at)),
      actorId: row.actor_id,
      role: row.role as StaffRole | null,
      municipality: row.municipality,
      subject: row.subject,
      action: row.action as AuditAction,
      outcome: row.outcome as AuditOutcome,
      requestId: row.request_id,
      ...(row.shown !== null && { shown: JSON.parse(row.shown) as string[] }),
      ...(row.detail !== null && { detail: row.detail as AuditDetail }),
    }));
  }
}

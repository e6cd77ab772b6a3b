import { sql, type Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import type { DraftValues } from '../forms/types';
import type { AuditLog } from './audit-log';
import { isCaseStatus } from './case-statuses';
import type { StaffRequest } from './cases';
import { sentApplications } from './sent-applications';
import type { Database } from './db/schema';
import { roleIn, type StaffMember } from './staff-access';

/** The inbox's predefined lists. */
export const INBOX_LISTS = ['nya', 'mina', 'komplettering', 'ej-beslutade', 'senast'] as const;
export type InboxList = (typeof INBOX_LISTS)[number];

export const INBOX_CHANNELS = ['e-tjanst', 'post'] as const;
export type InboxChannel = (typeof INBOX_CHANNELS)[number];

export const PAGE_SIZE = 25;
/** "Senast öppnade" is the latest few, not a list to page through. */
const RECENT_SIZE = 25;
const SEARCH_MAX = 100;

export interface InboxFilter {
  status?: string;
  channel?: InboxChannel;
}

/** Where a page starts: after this received time and id. */
export interface InboxCursor {
  receivedAt: number;
  id: string;
}

export interface InboxRow {
  id: string;
  receivedAt: Date;
  period: string | undefined;
  applicantName: string;
  /** 12 digits, or null for an application without an account; masked by the view. */
  personnummer: string | null;
  householdSize: number | undefined;
  status: string;
  channel: string;
  assigneeName: string | undefined;
}

export interface InboxPage {
  rows: InboxRow[];
  next: InboxCursor | undefined;
}

/** Statuses still waiting for a decision (or for the medsökande); as in migration 017. */
const UNDECIDED = [
  'vantar-medsokande',
  'inkommen',
  'under-handlaggning',
  'komplettering-begard',
  'kompletterad',
] as const;

/**
 * The caseworker's lists and search, only ever over the municipalities the staff member has a
 * grant in; each page and each search is one audit row.
 */
export class CaseInbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly forms: FormRegistry,
  ) {}

  async list(
    who: StaffRequest,
    list: InboxList,
    filter: InboxFilter,
    after: InboxCursor | undefined,
  ): Promise<InboxPage> {
    const codes = municipalitiesOf(who.staff);
    const me = who.staff.account.id;
    let query = this.base(codes);
    // Literals, not parameters, in "Nya" and "Ej beslutade": only then does SQLite use the
    // partial indexes of migration 017 (which name the same statuses, in the same order).
    if (list === 'nya')
      query = query.where('a.status', '=', sql.lit('inkommen')).where('a.opened_at', 'is', null);
    if (list === 'mina') query = query.where('a.assignee_id', '=', me);
    if (list === 'komplettering') query = query.where('a.status', '=', 'komplettering-begard');
    if (list === 'ej-beslutade')
      query = query.where(
        'a.status',
        'in',
        UNDECIDED.map((status) => sql.lit(status)),
      );
    if (filter.status !== undefined && isCaseStatus(filter.status)) {
      query = query.where('a.status', '=', filter.status);
    }
    if (filter.channel) query = query.where('a.channel', '=', filter.channel);

    let rows;
    let next: InboxCursor | undefined;
    if (list === 'senast') {
      rows = await query
        .innerJoin('case_view as v', 'v.application_id', 'a.id')
        .where('v.account_id', '=', me)
        .orderBy('v.viewed_at', 'desc')
        .orderBy('a.id')
        .limit(RECENT_SIZE)
        .execute();
    } else {
      if (after) {
        // A row comparison, which both databases seek to in the index; the same condition
        // written with OR made them read the list from its start up to the page.
        query = query.where((eb) =>
          eb(eb.refTuple('a.received_at', 'a.id'), '>', eb.tuple(after.receivedAt, after.id)),
        );
      }
      // The longest waiting first: the order a queue is worked in.
      rows = await query
        .orderBy('a.received_at')
        .orderBy('a.id')
        .limit(PAGE_SIZE + 1)
        .execute();
      if (rows.length > PAGE_SIZE) {
        rows = rows.slice(0, PAGE_SIZE);
        const last = rows[rows.length - 1];
        if (last) next = { receivedAt: Number(last.received_at), id: last.id };
      }
    }
    await this.audit.record({
      actorId: me,
      role: roleOver(who.staff, codes),
      municipality: codes.join(',') || null,
      subject: null,
      action: 'list',
      outcome: 'ok',
      requestId: who.requestId,
    });
    return { rows: rows.map((row) => this.toRow(row)), next };
  }

  /**
   * Sent applications where this person (12 digits) is the applicant or the medsökande, in the
   * staff member's municipalities. Someone only known elsewhere gives the same empty answer as
   * nobody (SEC-15), and is logged as refused.
   */
  async search(who: StaffRequest, personnummer: string): Promise<InboxRow[]> {
    const codes = municipalitiesOf(who.staff);
    const owners = await this.db
      .selectFrom('account')
      .select('id')
      .where('personnummer', '=', personnummer)
      .where('kind', '=', 'applicant')
      .execute();
    const ownerIds = owners.map((owner) => owner.id);
    // Looked up first, as the owners are: with the lookup as a subquery inside the OR,
    // PostgreSQL read every application to test it; with ids, both read two indexes.
    const partners = await this.db
      .selectFrom('co_applicant')
      .select('application_id')
      .where('personnummer', '=', personnummer)
      .execute();
    const partnerOf = partners.map((partner) => partner.application_id);
    const found =
      ownerIds.length + partnerOf.length === 0
        ? []
        : await this.base()
            .where((eb) =>
              eb.or([
                ...(ownerIds.length > 0 ? [eb('a.owner_id', 'in', ownerIds)] : []),
                ...(partnerOf.length > 0 ? [eb('a.id', 'in', partnerOf)] : []),
              ]),
            )
            .orderBy('a.received_at', 'desc')
            .orderBy('a.id')
            .limit(SEARCH_MAX)
            .execute();
    const mine = found.filter((row) => codes.includes(row.municipality_code));
    await this.audit.record({
      actorId: who.staff.account.id,
      role: roleOver(who.staff, codes),
      municipality: codes.join(',') || null,
      subject: ownerIds[0] ?? null,
      action: 'search',
      // Found only outside the staff member's municipalities: refused, though it reads as none.
      outcome: mine.length === 0 && found.length > 0 ? 'denied' : 'ok',
      requestId: who.requestId,
    });
    return mine.map((row) => this.toRow(row));
  }

  /** Sent applications (in `codes`, when given), with what a row shows. */
  private base(codes?: string[]) {
    let query = sentApplications(this.db).where('a.received_at', 'is not', null);
    if (codes) query = query.where('a.municipality_code', 'in', codes.length > 0 ? codes : ['']);
    return query;
  }

  private toRow(row: {
    id: string;
    status: string;
    channel: string;
    received_at: number | string | null;
    snapshot: string;
    personnummer: string | null;
    owner_name: string | null;
    assignee_name: string | null;
  }): InboxRow {
    const snapshot = JSON.parse(row.snapshot) as {
      formId: string;
      formVersion: number;
      answers: DraftValues;
    };
    const form = this.forms.find(snapshot.formId, snapshot.formVersion);
    return {
      id: row.id,
      receivedAt: new Date(Number(row.received_at)),
      period: form?.hooks.period?.(snapshot.answers),
      applicantName: form?.hooks.signers(snapshot.answers)[0] ?? row.owner_name ?? '',
      personnummer: row.personnummer,
      householdSize: form?.hooks.householdSize?.(snapshot.answers),
      status: row.status,
      channel: row.channel,
      assigneeName: row.assignee_name ?? undefined,
    };
  }
}

/** Every municipality the staff member may read. */
function municipalitiesOf(staff: StaffMember): string[] {
  return staff.grants.map((grant) => grant.municipalityCode);
}

/** The role over a list: the one role when there is one municipality or one role in all. */
function roleOver(staff: StaffMember, codes: string[]) {
  const roles = new Set(codes.map((code) => roleIn(staff, code)));
  const [role] = [...roles];
  return roles.size === 1 && role !== undefined ? role : null;
}

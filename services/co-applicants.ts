import { recordEvent } from './application-events';
import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import type { SummarySection } from '../forms/summary';
import type { CoApplicant, DraftValues } from '../forms/types';
import { translator, type Language } from '../locales';
import type { AccountService } from './accounts';
import type { ApplicationStatus } from './application-records';
import type { Clock } from './clock';
import type { CoApplicantState, Database } from './db/schema';
import type { Logger } from './logger';
import type { MunicipalityService } from './municipalities';
import type { PdfRenderer } from './pdf-renderer';
import type { RateLimits } from './rate-limits';
import type { ApplicantSmsNotices } from './applicant-sms-notices';

export type { CoApplicantState };

/** Who the medsökande is and where they stand: for the applicant, and for the caseworker. */
export interface CoApplicantStatus {
  state: CoApplicantState;
  name: string;
  /** When they confirmed or declined; undefined while waiting or on paper. */
  decidedAt: Date | undefined;
  /** Why they did not confirm. */
  message: string | undefined;
  /** The day (YYYY-MM-DD) their signature on paper came in ('signed'). */
  signatureReceivedOn: string | undefined;
}

/** What SubmissionService writes for a medsökande, worked out before its transaction. */
export interface CoApplicantOnSubmit {
  /** The status the sent application gets. */
  status: Extract<ApplicationStatus, 'inkommen' | 'vantar-medsokande'>;
  row: { coApplicant: CoApplicant; accountId: string | null; mobile: string | null } | undefined;
}

/** A sent application that names this account as its medsökande, as Mina sidor lists it. */
export interface ApplicationToConfirmSummary {
  applicationId: string;
  title: string;
  applicantName: string;
  receiptNumber: string;
  submittedAt: Date;
  municipalityCode: string;
}

/** A sent application as its medsökande reads it before confirming. */
export interface ApplicationToConfirm extends ApplicationToConfirmSummary {
  /** The answers as sent (the submission's snapshot, in Swedish). */
  sections: SummarySection[];
  declaration: { title: string; text: string } | undefined;
  status: CoApplicantStatus;
}

export type DecisionResult = 'decided' | 'alreadyDecided' | 'notFound';

interface Snapshot {
  formId: string;
  formVersion: number;
  sections: SummarySection[];
  answers: DraftValues;
}

const WAITING = 'vantar-medsokande' satisfies ApplicationStatus;

/** A conditional update lost to a parallel request: the transaction is rolled back. */
class DecisionLost extends Error {}

/**
 * The medsökande confirms: both spouses or partners sign a paper application, so an application
 * sent electronically that names a medsökande with an account waits until they confirm it with
 * their own login. Without an account the medsökande signs a paper form instead.
 */
export class CoApplicantService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
    private readonly accounts: AccountService,
    private readonly municipalities: MunicipalityService,
    private readonly notices: ApplicantSmsNotices,
    private readonly pdfRenderer: PdfRenderer,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * Read before the submission's transaction (on SQLite a read outside it would wait for it):
   * a medsökande with an account that can log in confirms online, anyone else signs on paper.
   */
  async onSubmit(coApplicant: CoApplicant | undefined): Promise<CoApplicantOnSubmit> {
    if (!coApplicant) return { status: 'inkommen', row: undefined };
    const account = await this.accounts.findApplicant(coApplicant.personnummer);
    const canLogIn = account && !account.disabled && account.passwordHash !== null;
    return canLogIn
      ? {
          status: WAITING,
          row: { coApplicant, accountId: account.id, mobile: account.mobile },
        }
      : { status: 'inkommen', row: { coApplicant, accountId: null, mobile: null } };
  }

  /** Inside the submission's transaction: the medsökande's row, 'waiting' or 'paper'. */
  async record(
    trx: Transaction<Database>,
    applicationId: string,
    plan: CoApplicantOnSubmit,
  ): Promise<void> {
    if (!plan.row) return;
    await trx
      .insertInto('co_applicant')
      .values({
        application_id: applicationId,
        personnummer: plan.row.coApplicant.personnummer,
        name: plan.row.coApplicant.name,
        account_id: plan.row.accountId,
        state: plan.row.accountId ? 'waiting' : 'paper',
        decided_at: null,
        message: null,
      })
      .execute();
  }

  /**
   * After the submission is stored: an SMS to the medsökande, with no personal data in it. Anyone
   * may name anyone, so a few a day per medsökande at most; Mina sidor lists every application
   * waiting for them all the same.
   */
  async notifyWaiting(plan: CoApplicantOnSubmit, municipalityCode: string): Promise<void> {
    if (!plan.row?.accountId || !plan.row.mobile) return;
    // After the submission's commit: a counter that cannot be read must not fail the sending.
    const counted = await this.rateLimits
      .consume([{ limit: 'noticesPerAccount', key: plan.row.accountId }])
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'co-applicant notice: limit not counted, not sent');
        return undefined;
      });
    if (!counted) return;
    if (!counted.allowed) {
      this.logger.warn(
        { notice: 'coApplicant.sms.toConfirm' },
        'co-applicant notice: over the daily limit, not sent',
      );
      return;
    }
    await this.notices.toMobile(plan.row.mobile, municipalityCode, 'coApplicant.sms.toConfirm');
  }

  /**
   * Where the medsökande of an application stands, for the applicant's pages and the
   * caseworker's view. No access check: the caller has made sure the reader may see it.
   */
  async coApplicantOf(applicationId: string): Promise<CoApplicantStatus | undefined> {
    const row = await this.db
      .selectFrom('co_applicant')
      .select(['state', 'name', 'decided_at', 'message', 'signature_received_on'])
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row && toStatus(row);
  }

  /** The sent applications that wait for this account to confirm them, the oldest first. */
  async waitingFor(accountId: string, language: Language): Promise<ApplicationToConfirmSummary[]> {
    const rows = await this.selectToConfirm(accountId)
      .where('co_applicant.state', '=', 'waiting')
      .orderBy('submission.submitted_at')
      .execute();
    return rows.map((row) => {
      const { applicationId, title, applicantName, receiptNumber, submittedAt, municipalityCode } =
        this.toConfirmView(row, language);
      return { applicationId, title, applicantName, receiptNumber, submittedAt, municipalityCode };
    });
  }

  /** One application this account is the medsökande of; undefined for anyone else (a 404). */
  async toConfirm(
    accountId: string,
    applicationId: string,
    language: Language,
  ): Promise<ApplicationToConfirm | undefined> {
    const row = await this.selectToConfirm(accountId)
      .where('co_applicant.application_id', '=', applicationId)
      .executeTakeFirst();
    return row && this.toConfirmView(row, language);
  }

  /** "Jag bekräftar": the application goes on to the caseworker (vantar-medsokande -> inkommen). */
  confirm(accountId: string, applicationId: string): Promise<DecisionResult> {
    return this.decide(accountId, applicationId, {
      state: 'confirmed',
      status: 'inkommen',
      message: null,
    });
  }

  /**
   * "Jag bekräftar inte": the application stops (-> avbojd-av-medsokande), the applicant reads
   * the message on their pages and gets an SMS that something happened.
   */
  async decline(accountId: string, applicationId: string, message: string) {
    const result = await this.decide(accountId, applicationId, {
      state: 'declined',
      status: 'avbojd-av-medsokande',
      message,
    });
    if (result === 'decided') await this.notices.toOwner(applicationId, 'coApplicant.sms.declined');
    return result;
  }

  private async decide(
    accountId: string,
    applicationId: string,
    decision: {
      state: Extract<CoApplicantState, 'confirmed' | 'declined'>;
      status: ApplicationStatus;
      message: string | null;
    },
  ): Promise<DecisionResult> {
    const now = this.clock.now().getTime();
    try {
      await this.db.transaction().execute(async (trx) => {
        // The first of two parallel posts takes the row; the second finds it decided.
        const claimed = await trx
          .updateTable('co_applicant')
          .set({ state: decision.state, decided_at: now, message: decision.message })
          .where('application_id', '=', applicationId)
          .where('account_id', '=', accountId)
          .where('state', '=', 'waiting')
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) throw new DecisionLost();
        const application = await trx
          .selectFrom('application')
          .select('row_version')
          .where('id', '=', applicationId)
          .where('status', '=', WAITING)
          .executeTakeFirst();
        if (!application) throw new DecisionLost();
        const moved = await trx
          .updateTable('application')
          .set({
            status: decision.status,
            row_version: application.row_version + 1,
            updated_at: now,
          })
          .where('id', '=', applicationId)
          .where('status', '=', WAITING)
          .where('row_version', '=', application.row_version)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new DecisionLost();
        await recordEvent(trx, {
          applicationId,
          at: now,
          actorId: accountId,
          actorKind: 'co-applicant',
          from: WAITING,
          to: decision.status,
          reason: decision.message,
        });
      });
      return 'decided';
    } catch (error) {
      if (!(error instanceof DecisionLost)) throw error;
      const mine = await this.db
        .selectFrom('co_applicant')
        .select('state')
        .where('application_id', '=', applicationId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return mine ? 'alreadyDecided' : 'notFound';
    }
  }

  /**
   * The paper form for the medsökande's signature (a PDF), for the application's owner only,
   * and only while the medsökande has neither confirmed nor declined; undefined otherwise (a
   * 404). Offered whether or not the medsökande has an account, so the applicant never learns
   * which.
   */
  async signatureForm(ownerId: string, applicationId: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('co_applicant')
      .innerJoin('submission', 'submission.application_id', 'co_applicant.application_id')
      .innerJoin('application', 'application.id', 'co_applicant.application_id')
      .innerJoin('account', 'account.id', 'application.owner_id')
      .select([
        'co_applicant.name',
        'co_applicant.personnummer',
        'submission.receipt_number',
        'submission.submitted_at',
        'submission.snapshot',
        'application.municipality_code',
        'account.name as applicant_name',
        'account.personnummer as applicant_personnummer',
      ])
      .where('co_applicant.application_id', '=', applicationId)
      .where('co_applicant.state', 'in', ['paper', 'waiting'])
      .where('application.owner_id', '=', ownerId)
      .executeTakeFirst();
    if (!row) return undefined;
    const municipality = await this.municipalities.find(row.municipality_code);
    const snapshot = JSON.parse(row.snapshot) as Snapshot;
    const form = this.forms.find(snapshot.formId, snapshot.formVersion);
    if (!municipality || !form) throw new Error('A sent application lost its form or municipality');
    // The paper goes to the municipality: in Swedish, like the application itself.
    const t = translator('sv');
    return this.pdfRenderer.renderCoApplicantSignature({
      municipality,
      title: form.hooks.title(snapshot.answers, t),
      receiptNumber: row.receipt_number,
      submittedAt: new Date(Number(row.submitted_at)),
      applicant: { name: row.applicant_name, personnummer: row.applicant_personnummer ?? '' },
      coApplicant: { name: row.name, personnummer: row.personnummer },
      declaration: form.hooks.declaration?.(t),
    });
  }

  private selectToConfirm(accountId: string) {
    return this.db
      .selectFrom('co_applicant')
      .innerJoin('submission', 'submission.application_id', 'co_applicant.application_id')
      .innerJoin('application', 'application.id', 'co_applicant.application_id')
      .innerJoin('account', 'account.id', 'application.owner_id')
      .select([
        'co_applicant.application_id',
        'co_applicant.state',
        'co_applicant.name',
        'co_applicant.decided_at',
        'co_applicant.message',
        'co_applicant.signature_received_on',
        'submission.receipt_number',
        'submission.submitted_at',
        'submission.snapshot',
        'application.municipality_code',
        'account.name as applicant_name',
      ])
      .where('co_applicant.account_id', '=', accountId);
  }

  private toConfirmView(
    row: Awaited<ReturnType<ReturnType<CoApplicantService['selectToConfirm']>['execute']>>[number],
    language: Language,
  ): ApplicationToConfirm {
    const snapshot = JSON.parse(row.snapshot) as Snapshot;
    const form = this.forms.find(snapshot.formId, snapshot.formVersion);
    if (!form) throw new Error('A sent application lost its form');
    const t = translator(language);
    return {
      applicationId: row.application_id,
      title: form.hooks.title(snapshot.answers, t),
      applicantName: row.applicant_name,
      receiptNumber: row.receipt_number,
      submittedAt: new Date(Number(row.submitted_at)),
      municipalityCode: row.municipality_code,
      sections: snapshot.sections,
      declaration: form.hooks.declaration?.(t),
      status: toStatus(row),
    };
  }
}

function toStatus(row: {
  state: CoApplicantState;
  name: string;
  decided_at: number | string | null;
  message: string | null;
  signature_received_on?: string | null;
}): CoApplicantStatus {
  return {
    state: row.state,
    name: row.name,
    decidedAt: row.decided_at === null ? undefined : new Date(Number(row.decided_at)),
    message: row.message ?? undefined,
    signatureReceivedOn: row.signature_received_on ?? undefined,
  };
}

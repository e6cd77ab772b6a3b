import { createHash } from 'node:crypto';
import { moveCase } from './application-events';
import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import { answeredPersonnummer } from '../forms/applicant-identity';
import { formatPersonnummer } from '../forms/format';
import { parseAmount } from '../forms/parsers';
import { withoutRefusedCharacters } from '../forms/read-input';
import type { AppliedPart, CountedHousehold, DraftValues, FormDefinition } from '../forms/types';
import { translator, type Language } from '../locales';
import { caseAnswers } from './case-answers';
import type { AuditAction, AuditLog, AuditOutcome } from './audit-log';
import { transition } from './case-statuses';
import { outstandingSignature } from './co-applicant-signatures';
import type { StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { decisionDraftOf, saveDecisionDraft, type DecisionDraft } from './decision-drafts';
import type { DecisionLetterPdfContent } from './decision-letter-pdf';
import type { MunicipalityService } from './municipalities';
import type { PdfRenderer } from './pdf-renderer';
import { mayRead, mayWrite, type StaffMember } from './staff-access';
import type { ApplicantSmsNotices, NoticeOutcome } from './applicant-sms-notices';

export type DecisionOutcome = 'beviljad' | 'delvis-beviljad' | 'avslag';

/** A part as decided: what was applied for, what is granted, and why less (plain Swedish). */
export interface DecidedPart extends AppliedPart {
  grantedOre: number;
  reason: string | null;
}

export interface Decision {
  applicationId: string;
  decidedAt: Date;
  decidedByName: string;
  outcome: DecisionOutcome;
  parts: DecidedPart[];
  totalAppliedOre: number;
  totalGrantedOre: number;
  incomeOre: number;
  payableOre: number;
}

/** What the "Fatta beslut" page shows. */
export interface DecisionBasisView {
  applicationId: string;
  status: string;
  rowVersion: number;
  applicantName: string;
  period: string | undefined;
  parts: AppliedPart[];
  /** Who the norm is for, as it counts them (forms with a norm). */
  household: CountedHousehold | undefined;
  incomeOre: number;
  totalAppliedOre: number;
  notes: string[];
  /** The status allows a decision now (under handläggning or kompletterad). */
  decidable: boolean;
  openMarks: number;
  /** The medsökande whose signature is still outstanding (no decision until it is in). */
  signatureOutstanding: string | undefined;
  decision: Decision | undefined;
  /** The applicant has an account (reads the letter on Mina sidor); else it goes by post. */
  hasAccount: boolean;
}

/** The decision part of the case view: no audit row of its own (the view writes one). */
export interface CaseDecision {
  decision: Decision | undefined;
  status: string;
  decidable: boolean;
  openMarks: number;
  /** The medsökande whose signature is still outstanding (no decision until it is in). */
  signatureOutstanding: string | undefined;
  /** The staff member may decide here (a caseworker or admin of the municipality). */
  mayDecide: boolean;
  /** The applicant has an account (reads the letter on Mina sidor); else it goes by post. */
  hasAccount: boolean;
}

/** What the caseworker typed, per part id: the amount granted and the reason, as text. */
export interface DecisionInput {
  seenVersion: number;
  granted: Readonly<Record<string, string>>;
  reasons: Readonly<Record<string, string>>;
}

export type PartProblemCode =
  | 'required'
  | 'notNumber'
  | 'negative'
  | 'moreThanApplied'
  | 'moreThanNormLimit'
  | 'reasonRequired'
  | 'reasonTooLong'
  | 'reasonCharacters';

export interface PartProblem {
  partId: string;
  field: 'granted' | 'reason';
  code: PartProblemCode;
}

export type DecideResult =
  /** `sms`: the notice to the applicant's phone; `letter` when they have no account. */
  | { outcome: 'decided'; decision: DecisionOutcome; sms: NoticeOutcome | 'letter' }
  /** Missing, or another municipality's: the same to the caller (SEC-15). */
  | { outcome: 'notFound' }
  /** A read-only grant (SEC-16). */
  | { outcome: 'forbidden' }
  /** Refused, with the page to show again (nothing was written but the audit row). */
  | (DecideRefusal & { view: DecisionBasisView });

export type DecideRefusal =
  /**
   * Its status allows no decision (not yet handled, already decided, withdrawn …). `sameDecision`
   * when decided already with the very amounts posted (the same press twice).
   */
  | { outcome: 'notDecidable'; status: string; sameDecision?: boolean }
  /** The medsökande has neither confirmed nor signed on paper. */
  | { outcome: 'signatureMissing'; name: string }
  /** A caseworker's mark is still open: it must be cleared first. */
  | { outcome: 'openMarks'; count: number }
  | { outcome: 'invalid'; problems: PartProblem[] }
  /** Someone changed the case since the page was shown: nothing was written. */
  | { outcome: 'stale' };

/** "Kontrollera beslutet": the decision that would be made, or why not (as DecideResult). */
export type PreviewResult =
  | {
      outcome: 'preview';
      view: DecisionBasisView;
      decision: DecisionOutcome;
      parts: DecidedPart[];
      totalAppliedOre: number;
      totalGrantedOre: number;
      incomeOre: number;
      payableOre: number;
    }
  | Exclude<DecideResult, { outcome: 'decided' }>;

export const REASON_MAX = 1000;
/** Control characters and bidi overrides have no place in a letter; line breaks and tabs do. */
const hasUnprintable = (text: string) =>
  withoutRefusedCharacters(text.replace(/\r/g, ''), true) !== text.replace(/\r/g, '');

const formatPersonnummerOrNone = (digits: string | null) =>
  digits === null ? undefined : formatPersonnummer(digits);

interface CaseRow {
  id: string;
  municipality_code: string;
  status: string;
  row_version: number;
  owner_id: string | null;
  /** YYYY-MM, or '' for an application that names none. */
  period: string;
}

interface Snapshot {
  formId: string;
  formVersion: number;
  answers: DraftValues;
}

/**
 * The outcome the parts add up to: all granted, some, or nothing. Nothing to pay is an avslag
 * whatever was granted: the month's incomes cover the need, and the letter says so.
 */
export function outcomeOf(parts: readonly DecidedPart[], incomeOre: number): DecisionOutcome {
  const granted = parts.reduce((sum, part) => sum + part.grantedOre, 0);
  if (granted === 0 || granted <= incomeOre) return 'avslag';
  return parts.every((part) => part.grantedOre >= part.appliedOre) ? 'beviljad' : 'delvis-beviljad';
}

/**
 * The most a part may be granted. A cost: what was applied for. The norm: the portal's estimate
 * is made from a table that may be derived from last year's (forms/riksnorm) and from the
 * household as the applicant described it, so the caseworker may set the real amount above
 * it, up to twice the estimate, which still stops a slipped digit.
 */
export function grantLimitOre(part: AppliedPart): number {
  return part.kind === 'norm' ? 2 * part.appliedOre : part.appliedOre;
}

/** The typed amounts and reasons checked against what was applied for. */
export function readDecisionInput(
  parts: readonly AppliedPart[],
  input: DecisionInput,
): { parts: DecidedPart[]; problems: PartProblem[] } {
  const problems: PartProblem[] = [];
  const decided: DecidedPart[] = [];
  for (const part of parts) {
    const typed = (input.granted[part.id] ?? '').trim();
    const reason = (input.reasons[part.id] ?? '').replace(/\r\n?/g, '\n').trim();
    const problem = (field: PartProblem['field'], code: PartProblemCode) =>
      problems.push({ partId: part.id, field, code });
    let grantedOre: number | undefined;
    if (typed === '') problem('granted', 'required');
    else {
      const parsed = parseAmount(typed);
      if (!parsed.ok)
        problem('granted', parsed.error === 'amountNegative' ? 'negative' : 'notNumber');
      else if (parsed.value > grantLimitOre(part)) {
        problem('granted', part.kind === 'norm' ? 'moreThanNormLimit' : 'moreThanApplied');
      } else grantedOre = parsed.value;
    }
    if (reason.length > REASON_MAX) problem('reason', 'reasonTooLong');
    else if (hasUnprintable(reason)) problem('reason', 'reasonCharacters');
    else if (grantedOre !== undefined && grantedOre < part.appliedOre && reason === '') {
      problem('reason', 'reasonRequired');
    }
    decided.push({ ...part, grantedOre: grantedOre ?? 0, reason: reason === '' ? null : reason });
  }
  return { parts: decided, problems };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * A caseworker's decision on a sent application and the letter that says it. Each staff call
 * writes exactly one audit row, in the same transaction as what it changes, also when refused.
 */
export class DecisionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    private readonly forms: FormRegistry,
    private readonly municipalities: MunicipalityService,
    private readonly pdfRenderer: PdfRenderer,
    private readonly notices: ApplicantSmsNotices,
    private readonly clock: Clock,
  ) {}

  /**
   * For the case view, which has already checked and logged the visit: the decision, if made,
   * and whether one can be made now. Undefined for a case the staff member may not read.
   */
  async ofCase(staff: StaffMember, applicationId: string): Promise<CaseDecision | undefined> {
    const row = await this.caseRow(this.db, applicationId);
    if (!row || !mayRead(staff, row.municipality_code)) return undefined;
    return {
      decision: await this.stored(applicationId),
      status: row.status,
      decidable: isDecidable(row.status),
      openMarks: await this.openMarks(this.db, applicationId),
      signatureOutstanding: await outstandingSignature(this.db, applicationId),
      mayDecide: mayWrite(staff, row.municipality_code),
      hasAccount: row.owner_id !== null,
    };
  }

  /** The "Fatta beslut" page: what was applied for. Caseworkers and admins only; logged. */
  async basis(
    who: StaffRequest,
    applicationId: string,
  ): Promise<
    | { outcome: 'ok'; view: DecisionBasisView; draft: DecisionDraft | undefined }
    | { outcome: 'notFound' }
    | { outcome: 'forbidden' }
  > {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.readable(trx, who, applicationId, 'view');
      if (!row) return { outcome: 'notFound' as const };
      if (!mayWrite(who.staff, row.municipality_code)) {
        await this.record(trx, who, row, 'view', 'denied');
        return { outcome: 'forbidden' as const };
      }
      const view = await this.viewOf(trx, row);
      // Decided already: the page is not shown (the case is), so nothing was looked at here.
      await this.record(trx, who, row, 'view', view.decision ? 'invalid' : 'ok');
      const draft = await decisionDraftOf(trx, this.draftKey(who, applicationId));
      return { outcome: 'ok' as const, view, draft };
    });
  }

  private draftKey(who: StaffRequest, applicationId: string) {
    return { applicationId, staffId: who.staff.account.id };
  }

  /**
   * "Kontrollera beslutet": the decision as it would be made from what was typed, checked as
   * "Fatta beslut" checks it; nothing of the case changes. What was typed is kept as the
   * caseworker's draft (also when it cannot go as it is), for the check's own page and for
   * "Fatta beslut" shown again. A preview is logged as a view; a refusal as the refused change
   * it would have been.
   */
  async preview(
    who: StaffRequest,
    applicationId: string,
    input: DecisionInput,
  ): Promise<PreviewResult> {
    return this.db.transaction().execute(async (trx): Promise<PreviewResult> => {
      const result = await this.previewIn(trx, who, applicationId, input);
      if ('view' in result && result.outcome !== 'notDecidable') {
        const partIds = result.view.parts.map((part) => part.id);
        // Refused as stale, the page shown again is the case as it is now: kept as typed on it.
        const seenVersion = result.outcome === 'stale' ? result.view.rowVersion : input.seenVersion;
        await saveDecisionDraft(
          trx,
          this.draftKey(who, applicationId),
          { ...input, seenVersion },
          // A reason too long is kept whole enough to be shortened, not cut where it passes.
          { partIds, reasonMax: 2 * REASON_MAX },
          this.clock.now(),
        );
      }
      return result;
    });
  }

  /**
   * The check's own page, from the caseworker's kept draft: as `preview`, or `noDraft` (nothing
   * shown, nothing logged) when a caseworker who may decide has none to show.
   */
  async previewOfDraft(
    who: StaffRequest,
    applicationId: string,
  ): Promise<
    | (PreviewResult & { input: DecisionInput })
    | { outcome: 'noDraft' }
    | { outcome: 'notFound' }
    | { outcome: 'forbidden' }
  > {
    return this.db.transaction().execute(async (trx) => {
      const draft = await decisionDraftOf(trx, this.draftKey(who, applicationId));
      if (!draft) {
        // Refused as the form itself would be; with the right to decide, nothing to show here.
        const row = await this.readable(trx, who, applicationId, 'view');
        if (!row) return { outcome: 'notFound' as const };
        if (mayWrite(who.staff, row.municipality_code)) return { outcome: 'noDraft' as const };
        await this.record(trx, who, row, 'view', 'denied');
        return { outcome: 'forbidden' as const };
      }
      const result = await this.previewIn(trx, who, applicationId, draft.input, 'view');
      return { ...result, input: draft.input };
    });
  }

  private async previewIn(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    input: DecisionInput,
    refusedAs: 'view' | 'change' = 'change',
  ): Promise<PreviewResult> {
    const checked = await this.checked(trx, who, applicationId, input, 'view', refusedAs);
    if (!checked.ok) return checked.result;
    const { row, basis, parts } = checked;
    await this.record(trx, who, row, 'view', 'ok');
    const totalGrantedOre = sum(parts.map((part) => part.grantedOre));
    return {
      outcome: 'preview',
      view: await this.viewOf(trx, row),
      decision: outcomeOf(parts, basis.incomeOre),
      parts,
      totalAppliedOre: sum(parts.map((part) => part.appliedOre)),
      totalGrantedOre,
      incomeOre: basis.incomeOre,
      payableOre: Math.max(0, totalGrantedOre - basis.incomeOre),
    };
  }

  /**
   * The case and the typed parts if a decision may be made from them; else the refusal, logged.
   * A post by someone who may not decide is a write refused (SEC-16); amounts that cannot go are
   * logged as `action`: a check of them ("Kontrollera beslutet") is a look, not a decision.
   */
  private async checked(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    input: DecisionInput,
    action: 'view' | 'change',
    /** A post is a write refused; the check's own page (a GET) a look refused. */
    refusedAs: 'view' | 'change' = 'change',
  ) {
    const row = await this.readable(trx, who, applicationId, refusedAs);
    if (!row) return { ok: false as const, result: { outcome: 'notFound' as const } };
    if (!mayWrite(who.staff, row.municipality_code)) {
      await this.record(trx, who, row, refusedAs, 'denied');
      return { ok: false as const, result: { outcome: 'forbidden' as const } };
    }
    const refuse = async (refusal: DecideRefusal) => {
      await this.record(trx, who, row, action, 'invalid');
      return { ok: false as const, result: { ...refusal, view: await this.viewOf(trx, row) } };
    };
    if (!isDecidable(row.status)) {
      const sameDecision = await this.decidedAs(trx, applicationId, input);
      return refuse({ outcome: 'notDecidable', status: row.status, sameDecision });
    }
    const unsigned = await outstandingSignature(trx, applicationId);
    if (unsigned !== undefined) return refuse({ outcome: 'signatureMissing', name: unsigned });
    if (row.row_version !== input.seenVersion) return refuse({ outcome: 'stale' });
    const marks = await this.openMarks(trx, applicationId);
    if (marks > 0) return refuse({ outcome: 'openMarks', count: marks });
    const { form, snapshot, applicantName } = await this.snapshotOf(trx, applicationId);
    const basis = this.basisOf(form, snapshot);
    const { parts, problems } = readDecisionInput(basis.parts, input);
    if (problems.length > 0) return refuse({ outcome: 'invalid', problems });
    return { ok: true as const, row, form, snapshot, applicantName, basis, parts };
  }

  /**
   * Decides: the outcome follows from the parts, the letter is drawn (outside the transaction,
   * in a PDF worker), then one transaction moves the status with `where row_version = ?`, stores
   * the decision with its letter and writes the event and the audit row.
   */
  async decide(
    who: StaffRequest,
    applicationId: string,
    input: DecisionInput,
  ): Promise<DecideResult> {
    const checked = await this.db
      .transaction()
      .execute((trx) => this.checked(trx, who, applicationId, input, 'change'));
    if (!checked.ok) return checked.result;
    const { row, form, snapshot, applicantName, basis, parts } = checked;

    const now = this.clock.now();
    const outcome = outcomeOf(parts, basis.incomeOre);
    const totalGrantedOre = sum(parts.map((part) => part.grantedOre));
    const payableOre = Math.max(0, totalGrantedOre - basis.incomeOre);
    const letter = await this.pdfRenderer.renderDecisionLetter(
      await this.letterContent({
        row,
        form,
        snapshot,
        applicantName,
        notes: basis.letterNotes,
        incomes: basis.incomes,
        decision: {
          applicationId,
          decidedAt: now,
          decidedByName: who.staff.account.name,
          outcome,
          parts,
          totalAppliedOre: sum(parts.map((part) => part.appliedOre)),
          totalGrantedOre,
          incomeOre: basis.incomeOre,
          payableOre,
        },
      }),
    );

    const result = await this.db.transaction().execute(async (trx): Promise<DecideResult> => {
      const refuse = async (refusal: DecideRefusal): Promise<DecideResult> => {
        await this.record(trx, who, row, 'change', 'invalid');
        const current = await this.caseRow(trx, applicationId);
        return { ...refusal, view: await this.viewOf(trx, current ?? row) };
      };
      // A mark made while the letter was drawn still stops the decision.
      const marks = await this.openMarks(trx, applicationId);
      if (marks > 0) return refuse({ outcome: 'openMarks', count: marks });
      const moved = await moveCase(trx, {
        row,
        to: outcome,
        at: now.getTime(),
        actorId: who.staff.account.id,
      });
      if (!moved) return refuse({ outcome: 'stale' });
      await trx
        .insertInto('decision')
        .values({
          application_id: applicationId,
          decided_at: now.getTime(),
          decided_by: who.staff.account.id,
          outcome,
          parts: JSON.stringify(parts),
          total_granted_ore: totalGrantedOre,
          income_ore: basis.incomeOre,
          payable_ore: payableOre,
          letter,
          letter_sha256: createHash('sha256').update(letter).digest('hex'),
        })
        .execute();
      await this.record(trx, who, row, 'change', 'ok');
      return { outcome: 'decided', decision: outcome, sms: 'letter' };
    });
    // Once it is stored: told on the phone that a decision waits on Mina sidor.
    if (result.outcome !== 'decided' || row.owner_id === null) return result;
    return { ...result, sms: await this.notices.toOwner(applicationId, 'decision.sms') };
  }

  /**
   * The decision letter for staff of the case's municipality (any role), logged as 'pdf'; with
   * the month it decides (YYYY-MM, or '' when none) to name its file by.
   */
  async letterForStaff(
    who: StaffRequest,
    applicationId: string,
  ): Promise<{ pdf: Buffer; period: string } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.readable(trx, who, applicationId, 'pdf');
      if (!row) return undefined;
      const letter = await this.letterOf(trx, applicationId);
      await this.record(trx, who, row, 'pdf', letter ? 'ok' : 'invalid');
      return letter && { pdf: letter, period: row.period };
    });
  }

  /** The decision on the applicant's own application, or undefined (none yet, or not theirs). */
  async ofApplicant(applicantId: string, applicationId: string): Promise<Decision | undefined> {
    const row = await this.caseRow(this.db, applicationId);
    if (row?.owner_id !== applicantId) return undefined;
    return this.stored(applicationId);
  }

  /**
   * The letter, for the applicant who owns the application. Each download is an audit row with
   * the applicant as actor (no role): when the applicant first had the letter matters for the
   * three weeks of an appeal. Anyone else's asking is a refusal row and undefined.
   */
  async letterForApplicant(
    applicantId: string,
    applicationId: string,
    requestId: string,
  ): Promise<Buffer | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.caseRow(trx, applicationId);
      const own = row?.owner_id === applicantId ? row : undefined;
      const letter = own && (await this.letterOf(trx, applicationId));
      await this.audit.record(
        {
          actorId: applicantId,
          role: null,
          municipality: own?.municipality_code ?? null,
          subject: applicationId,
          action: 'pdf',
          // Their own case without a letter yet is no refusal of a right.
          outcome: letter ? 'ok' : own ? 'invalid' : 'denied',
          requestId,
        },
        trx,
      );
      return letter;
    });
  }

  /** The page's content for a case the caller may decide on; writes nothing. */
  private async viewOf(trx: Transaction<Database>, row: CaseRow): Promise<DecisionBasisView> {
    const { form, snapshot, applicantName } = await this.snapshotOf(trx, row.id);
    const basis = this.basisOf(form, snapshot);
    return {
      applicationId: row.id,
      status: row.status,
      rowVersion: row.row_version,
      applicantName,
      period: form.hooks.period?.(snapshot.answers),
      parts: basis.parts,
      household: basis.household,
      incomeOre: basis.incomeOre,
      totalAppliedOre: sum(basis.parts.map((part) => part.appliedOre)),
      notes: basis.notes,
      decidable: isDecidable(row.status),
      openMarks: await this.openMarks(trx, row.id),
      signatureOutstanding: await outstandingSignature(trx, row.id),
      decision: await this.stored(row.id, trx),
      hasAccount: row.owner_id !== null,
    };
  }

  private basisOf(form: FormDefinition, snapshot: Snapshot) {
    const { hooks } = form;
    if (!hooks.decisionBasis) throw new Error(`The form ${form.id} has no decision basis`);
    return hooks.decisionBasis(snapshot.answers, translator('sv'));
  }

  private async letterContent(options: {
    row: CaseRow;
    form: FormDefinition;
    snapshot: Snapshot;
    applicantName: string;
    notes: string[];
    incomes: DecisionLetterPdfContent['incomes'];
    decision: Decision;
  }): Promise<DecisionLetterPdfContent> {
    const { row, form, snapshot, decision } = options;
    const municipality = await this.municipalities.find(row.municipality_code);
    if (!municipality) throw new Error('A case lost its municipality');
    const receipt = await this.db
      .selectFrom('submission')
      .select('receipt_number')
      .where('application_id', '=', row.id)
      .executeTakeFirstOrThrow();
    const language: Language = 'sv';
    const t = translator(language);
    return {
      language,
      municipality,
      date: decision.decidedAt,
      recipient: {
        name: options.applicantName,
        address: form.hooks.postalAddress?.(snapshot.answers) ?? [],
      },
      coApplicantName: form.hooks.signers(snapshot.answers)[1],
      receiptNumber: receipt.receipt_number,
      personnummer: formatPersonnummerOrNone(answeredPersonnummer(form, snapshot.answers)),
      period: form.hooks.period?.(snapshot.answers),
      outcome: decision.outcome,
      parts: decision.parts.map(({ label, kind, appliedOre, grantedOre, reason }) => ({
        label,
        kind,
        appliedOre,
        grantedOre,
        reason,
      })),
      totalAppliedOre: decision.totalAppliedOre,
      totalGrantedOre: decision.totalGrantedOre,
      incomeOre: decision.incomeOre,
      incomes: options.incomes,
      payableOre: decision.payableOre,
      normNotes: options.notes,
      // The municipality's own wording where its administrator set one; else the defaults.
      legalBasis: municipality.decisionLegalBasis ?? t('decision.pdf.legalBasisDefault'),
      paymentInfo: municipality.paymentInfo ?? t('decision.pdf.paymentDefault'),
      caseworkerName: decision.decidedByName,
    };
  }

  private async snapshotOf(trx: Transaction<Database>, applicationId: string) {
    const row = await trx
      .selectFrom('submission')
      .leftJoin('application', 'application.id', 'submission.application_id')
      .leftJoin('account', 'account.id', 'application.owner_id')
      .select(['submission.snapshot', 'account.name'])
      .where('submission.application_id', '=', applicationId)
      .executeTakeFirstOrThrow();
    const sent = JSON.parse(row.snapshot) as Snapshot;
    // A decision is on the answers as they stand after any completion, not only as first sent.
    const current = await caseAnswers(trx, this.forms, applicationId);
    const snapshot: Snapshot = { ...sent, answers: current?.answers ?? sent.answers };
    const form = this.forms.find(snapshot.formId, snapshot.formVersion);
    if (!form) throw new Error(`A sent application's form is gone: ${snapshot.formId}`);
    const applicantName = form.hooks.signers(snapshot.answers)[0] ?? row.name ?? '';
    return { form, snapshot, applicantName };
  }

  private async stored(
    applicationId: string,
    db: Kysely<Database> = this.db,
  ): Promise<Decision | undefined> {
    const row = await db
      .selectFrom('decision as d')
      .leftJoin('account as staff', 'staff.id', 'd.decided_by')
      .select([
        'd.decided_at',
        'd.outcome',
        'd.parts',
        'd.total_granted_ore',
        'd.income_ore',
        'd.payable_ore',
        'staff.name',
      ])
      .where('d.application_id', '=', applicationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const parts = JSON.parse(row.parts) as DecidedPart[];
    return {
      applicationId,
      decidedAt: new Date(Number(row.decided_at)),
      decidedByName: row.name ?? '',
      outcome: row.outcome as DecisionOutcome,
      parts,
      totalAppliedOre: sum(parts.map((part) => part.appliedOre)),
      totalGrantedOre: Number(row.total_granted_ore),
      incomeOre: Number(row.income_ore),
      payableOre: Number(row.payable_ore),
    };
  }

  private async letterOf(db: Kysely<Database>, applicationId: string) {
    const row = await db
      .selectFrom('decision')
      .select('letter')
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? Buffer.from(row.letter) : undefined;
  }

  private async openMarks(db: Kysely<Database>, applicationId: string): Promise<number> {
    const row = await db
      .selectFrom('case_mark')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('application_id', '=', applicationId)
      .where('cleared_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private caseRow(db: Kysely<Database>, applicationId: string): Promise<CaseRow | undefined> {
    return db
      .selectFrom('application')
      .select(['id', 'municipality_code', 'status', 'row_version', 'owner_id', 'period'])
      .where('id', '=', applicationId)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
  }

  /** As CaseService: another municipality's case reads exactly as a missing one (SEC-15). */
  private async readable(
    trx: Transaction<Database>,
    who: StaffRequest,
    applicationId: string,
    action: AuditAction,
  ): Promise<CaseRow | undefined> {
    const row = await this.caseRow(trx, applicationId);
    if (row && mayRead(who.staff, row.municipality_code)) return row;
    await this.audit.refusedCase(who, applicationId, row?.municipality_code ?? null, action, trx);
    return undefined;
  }

  /** Whether the case's decision is exactly what `input` would make: the same form sent twice. */
  private async decidedAs(
    trx: Transaction<Database>,
    applicationId: string,
    input: DecisionInput,
  ): Promise<boolean> {
    const stored = await this.stored(applicationId, trx);
    if (!stored) return false;
    const { form, snapshot } = await this.snapshotOf(trx, applicationId);
    const { parts, problems } = readDecisionInput(this.basisOf(form, snapshot).parts, input);
    // The amounts and the reasons: other words for a refused part are another decision.
    const granted = (list: readonly DecidedPart[]) =>
      JSON.stringify(list.map((part) => [part.id, part.grantedOre, part.reason ?? '']));
    return problems.length === 0 && granted(parts) === granted(stored.parts);
  }

  private record(
    trx: Transaction<Database>,
    who: StaffRequest,
    row: CaseRow,
    action: AuditAction,
    outcome: AuditOutcome,
  ): Promise<void> {
    // Every look and change here is about the decision: its page, its preview, its letter.
    return this.audit.onCase(who, row, action, outcome, trx, { detail: 'decision' });
  }
}

/** A decision can be made from these statuses (the table's 'decision' moves). */
function isDecidable(status: string): boolean {
  return transition(status, 'beviljad') === 'decision';
}

import type { AuditAction, AuditLog, AuditOutcome } from './audit-log';
import { hasRefusedCharacters } from './case-text';
import type { StaffRequest } from './cases';
import type { DecisionLetterTexts, MunicipalityService } from './municipalities';
import { mayRead, roleIn, roleOver, type StaffMember } from './staff-access';

/** A name of the law with its chapter and paragraph fits easily; a paragraph of text does not. */
export const LEGAL_BASIS_MAX = 200;
export const PAYMENT_INFO_MAX = 500;

/** The audit row's subject: the municipality's letter texts, not a case or an account. */
const SUBJECT = 'decision-letter-texts';

export type LetterTextField = 'legalBasis' | 'paymentInfo';
export type LetterTextProblem = { field: LetterTextField; code: 'tooLong' | 'controlCharacter' };

/** One municipality's texts as its administrator sees them (null: the default is used). */
export interface MunicipalityLetterTexts extends DecisionLetterTexts {
  code: string;
  name: string;
}

export type SaveResult =
  | { outcome: 'saved' }
  /** No grant there at all: the same as a municipality that does not exist (SEC-15). */
  | { outcome: 'notFound' }
  /** A grant there, but not as administrator (SEC-16). */
  | { outcome: 'forbidden' }
  | { outcome: 'invalid'; problems: LetterTextProblem[] };

/**
 * The decision letter's texts each municipality words for itself: the law its decisions rest on
 * and how granted money is paid. Only a municipality's administrators change them; each read of
 * the page and each save (or refusal) is one audit row.
 */
export class DecisionLetterSettings {
  constructor(
    private readonly municipalities: MunicipalityService,
    private readonly audit: AuditLog,
  ) {}

  /** The municipalities where the staff member is administrator, with their texts. */
  async forAdmin(who: StaffRequest): Promise<MunicipalityLetterTexts[]> {
    const codes = adminMunicipalities(who.staff);
    const all = await this.municipalities.list();
    const mine = all.filter((municipality) => codes.includes(municipality.code));
    // One look is one row (SEC-29) naming every municipality shown; admin of none is a refusal.
    const shown = mine.map((municipality) => municipality.code);
    await this.record(who, shown, 'view', shown.length > 0 ? 'ok' : 'denied');
    return mine.map((municipality) => ({
      code: municipality.code,
      name: municipality.name,
      legalBasis: municipality.decisionLegalBasis ?? null,
      paymentInfo: municipality.paymentInfo ?? null,
    }));
  }

  /** Saves both texts; an empty one means the default. */
  async save(
    who: StaffRequest,
    code: string,
    /** A text not posted at all (no form of ours does that) stays as it is. */
    posted: { legalBasis?: string; paymentInfo?: string },
  ): Promise<SaveResult> {
    const municipality = await this.municipalities.find(code);
    if (!municipality || !mayRead(who.staff, code)) {
      await this.record(who, [], 'change', 'denied');
      return { outcome: 'notFound' };
    }
    if (roleIn(who.staff, code) !== 'admin') {
      await this.record(who, [code], 'change', 'denied');
      return { outcome: 'forbidden' };
    }
    const typed = {
      legalBasis: posted.legalBasis ?? municipality.decisionLegalBasis ?? '',
      paymentInfo: posted.paymentInfo ?? municipality.paymentInfo ?? '',
    };
    const problems = letterTextProblems(typed);
    if (problems.length > 0) {
      // A mistake in the text, not a missing right.
      await this.record(who, [code], 'change', 'invalid');
      return { outcome: 'invalid', problems };
    }
    const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
    await this.municipalities.setDecisionLetterTexts(code, {
      legalBasis: orNull(typed.legalBasis),
      paymentInfo: orNull(typed.paymentInfo),
    });
    await this.record(who, [code], 'change', 'ok');
    return { outcome: 'saved' };
  }

  private record(
    who: StaffRequest,
    codes: readonly string[],
    action: AuditAction,
    outcome: AuditOutcome,
  ): Promise<void> {
    return this.audit.record({
      actorId: who.staff.account.id,
      role: roleOver(who.staff, codes),
      municipality: codes.join(',') || null,
      subject: SUBJECT,
      action,
      outcome,
      requestId: who.requestId,
    });
  }
}

/** The municipalities the staff member administers. */
export function adminMunicipalities(staff: StaffMember): string[] {
  return staff.grants
    .filter((grant) => grant.role === 'admin')
    .map((grant) => grant.municipalityCode);
}

/** What is wrong with the typed texts: too long, or an invisible control or bidi character. */
export function letterTextProblems(typed: {
  legalBasis: string;
  paymentInfo: string;
}): LetterTextProblem[] {
  const problems: LetterTextProblem[] = [];
  const check = (field: LetterTextField, text: string, max: number) => {
    if (text.trim().length > max) problems.push({ field, code: 'tooLong' });
    else if (hasRefusedCharacters(text)) problems.push({ field, code: 'controlCharacter' });
  };
  check('legalBasis', typed.legalBasis, LEGAL_BASIS_MAX);
  check('paymentInfo', typed.paymentInfo, PAYMENT_INFO_MAX);
  return problems;
}

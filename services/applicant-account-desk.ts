import { translator } from '../locales';
import type { AccountNotices } from './account-notices';
import { AccountExistsError, type Account, type AccountService } from './accounts';
import type { ActivationCodes } from './activation-codes';
import type { ApplicantAddresses } from './applicant-addresses';
import type { CodeLists } from './code-lists';
import type { Municipality, MunicipalityService } from './municipalities';
import type { PdfRenderer } from './pdf-renderer';
import type {
  LetterContent,
  LetterOwner,
  PendingLetter,
  PendingLetters,
  SmsNotice,
} from './pending-letters';
import { SmsSendError, type SmsSender } from './sms/sms-sender';
import { mayRead, mayWrite, type StaffMember } from './staff-access';

export interface NewApplicant {
  /** Twelve digits, checked. */
  personnummer: string;
  name: string;
  /** E.164, or null for an applicant who logs in with the code list only. */
  mobile: string | null;
  municipalityCode: string;
}

/**
 * Missing, or another municipality's: the staff member sees the same either way (SECURITY.md
 * line 15); `outside` is for the log only.
 */
export type NotFound = { outcome: 'notFound'; outside: boolean };
/** The staff member may look but not change (read-only role) in this municipality. */
export type Forbidden = { outcome: 'forbidden'; municipalityCode: string | null };

export type HandOutResult =
  | { outcome: 'created'; account: Account }
  /** `account` only when the staff member may see it: otherwise only that it exists. */
  /**
   * `account` when the staff member may see it; otherwise `loggedAs` names the account in
   * another municipality for the log only, so an administrator can follow up a probe.
   */
  | { outcome: 'exists'; account?: Account; loggedAs?: string }
  | Forbidden;

export type LetterResult =
  { outcome: 'issued'; account: Account; sms: SmsNotice } | NotFound | Forbidden;

export type MobileResult =
  { outcome: 'changed'; sms: SmsNotice } | { outcome: 'unchanged' } | NotFound | Forbidden;

export type Found = { outcome: 'found'; account: Account };

/** An applicant's account as staff see it. */
export interface ApplicantOverview {
  outcome: 'found';
  account: Account;
  municipality: Municipality;
  codesLeft: number;
  /** A password has been chosen. */
  activated: boolean;
  /** When the unused activation code in the latest letter stops (or stopped) working. */
  activationUntil: Date | undefined;
  /** The staff member may hand out codes and change the number. */
  mayChange: boolean;
}

/**
 * What staff do with applicants' accounts: hand one out, look one up, send a new code list or
 * activation letter, change the mobile number. Every method takes the staff member and keeps to
 * their municipalities and roles; the codes of a new letter are kept only in PendingLetters, for
 * the staff member to print.
 */
export interface ApplicantAccountDeskDeps {
  accounts: AccountService;
  activation: ActivationCodes;
  codeLists: CodeLists;
  municipalities: MunicipalityService;
  letters: PendingLetters;
  pdfRenderer: PdfRenderer;
  sms: SmsSender;
  notices: AccountNotices;
  /** Where the applicant lives, as their newest application says, for the letter's window. */
  addresses: ApplicantAddresses;
  /** The e-service's address, printed in the activation letter. */
  baseUrl: string;
}

export class ApplicantAccountDesk {
  constructor(private readonly deps: ApplicantAccountDeskDeps) {}

  async handOut(
    staff: StaffMember,
    applicant: NewApplicant,
    owner: LetterOwner,
  ): Promise<HandOutResult> {
    const forbidden = {
      outcome: 'forbidden',
      municipalityCode: applicant.municipalityCode,
    } as const;
    if (!mayWrite(staff, applicant.municipalityCode)) return forbidden;
    const municipality = await this.deps.municipalities.find(applicant.municipalityCode);
    if (!municipality) return forbidden;
    let account: Account;
    try {
      account = await this.deps.accounts.createApplicant(applicant);
    } catch (error) {
      // Also when another request made the account a moment ago (the unique column refused it).
      const existing = await this.deps.accounts.findApplicant(applicant.personnummer);
      if (!(error instanceof AccountExistsError) && !existing) throw error;
      const seen = this.seenBy(staff, existing);
      return seen.outcome === 'found'
        ? { outcome: 'exists', account: seen.account }
        : { outcome: 'exists', ...(existing ? { loggedAs: existing.id } : {}) };
    }
    const content = await this.issueActivationCodes(account, municipality);
    this.deps.letters.keep(owner, account.id, { reason: 'created', sms: 'noPhone', content });
    return { outcome: 'created', account };
  }

  /** The account, if it is an applicant's in one of the staff member's municipalities. */
  async find(staff: StaffMember, accountId: string): Promise<Found | NotFound> {
    return this.seenBy(staff, await this.deps.accounts.find(accountId));
  }

  /** An applicant's account by personnummer, only within the staff member's municipalities. */
  async search(staff: StaffMember, personnummer: string): Promise<Found | NotFound> {
    return this.seenBy(staff, await this.deps.accounts.findApplicant(personnummer));
  }

  async overview(staff: StaffMember, accountId: string): Promise<ApplicantOverview | NotFound> {
    const found = await this.find(staff, accountId);
    if (found.outcome !== 'found') return found;
    const { account } = found;
    const municipality = await this.municipalityOf(account);
    if (!municipality) return { outcome: 'notFound', outside: true };
    const [codesLeft, activationUntil] = await Promise.all([
      this.deps.codeLists.remaining(account.id),
      this.deps.activation.pendingUntil(account.id),
    ]);
    return {
      outcome: 'found',
      account,
      municipality,
      codesLeft,
      activated: account.passwordHash !== null,
      activationUntil,
      mayChange: mayWrite(staff, account.municipalityCode),
    };
  }

  /**
   * A new code list to mail (the old one stops working), in a letter with the address the
   * municipality last had from the applicant, if any; the applicant is told by SMS. A list is
   * replaced because the old one is lost: whoever is logged in to the account is logged out.
   */
  async newCodeList(
    staff: StaffMember,
    accountId: string,
    owner: LetterOwner,
  ): Promise<LetterResult> {
    const found = await this.writable(staff, accountId);
    if ('outcome' in found) return found;
    const { account, municipality } = found;
    const list = await this.deps.codeLists.issue(account.id);
    await this.deps.accounts.endSessions(account.id);
    const sms = await this.notify(account.mobile, municipality, 'sms.newCodeList');
    this.deps.letters.keep(owner, account.id, {
      reason: 'codeList',
      sms,
      content: {
        kind: 'codeList',
        municipality,
        name: account.name,
        address: await this.addressOf(account, municipality),
        issuedAt: list.issuedAt,
        listId: list.listId,
        codes: list.codes,
      },
    });
    return { outcome: 'issued', account, sms };
  }

  /**
   * A new activation letter, e.g. for a forgotten password: a new activation code and, on its
   * second page, a new code list (the old one stops working). The password stays until the
   * applicant activates again. The applicant is told by SMS.
   */
  async newActivationLetter(
    staff: StaffMember,
    accountId: string,
    owner: LetterOwner,
  ): Promise<LetterResult> {
    const found = await this.writable(staff, accountId);
    if ('outcome' in found) return found;
    const { account, municipality } = found;
    const content = await this.issueActivationCodes(account, municipality);
    await this.deps.accounts.endSessions(account.id);
    const sms = await this.notify(account.mobile, municipality, 'sms.newActivationLetter');
    this.deps.letters.keep(owner, account.id, { reason: 'activationLetter', sms, content });
    return { outcome: 'issued', account, sms };
  }

  /**
   * A new mobile number (or none); the old number, if any, is told (SECURITY.md line 7). As with
   * a new code list, whoever is logged in to the account is logged out.
   */
  async changeMobile(
    staff: StaffMember,
    accountId: string,
    mobile: string | null,
  ): Promise<MobileResult> {
    const found = await this.writable(staff, accountId);
    if ('outcome' in found) return found;
    const { account } = found;
    if (account.mobile === mobile) return { outcome: 'unchanged' };
    await this.deps.accounts.setMobile(account.id, mobile);
    await this.deps.accounts.endSessions(account.id);
    // To the old number: a change the owner did not ask for is noticed there at once.
    const sms = await this.deps.notices.send(account, 'mobile', account.mobile);
    return { outcome: 'changed', sms };
  }

  /**
   * The letter this staff member made for the account in this session, not yet expired
   * (`letter` undefined when there is none).
   */
  async letter(
    staff: StaffMember,
    accountId: string,
    owner: LetterOwner,
  ): Promise<(Found & { letter: PendingLetter | undefined }) | NotFound> {
    const found = await this.find(staff, accountId);
    if (found.outcome !== 'found') return found;
    const letter = this.deps.letters.find(owner, found.account.id);
    const valid = letter && (await this.stillValid(found.account.id, letter));
    return { ...found, letter: valid ? letter : undefined };
  }

  /**
   * Whether the letter's codes still work: a letter made at the same moment (a double click,
   * say) may have revoked them, or the applicant may have activated already.
   */
  private async stillValid(accountId: string, { content }: PendingLetter): Promise<boolean> {
    if (!(await this.deps.codeLists.isActive(accountId, content.listId))) return false;
    if (content.kind === 'codeList') return true;
    return (await this.deps.activation.check(accountId, content.activationCode)) === 'valid';
  }

  /** The letter as a PDF, made anew each time from the kept content (nothing cached). */
  async letterPdf(
    staff: StaffMember,
    accountId: string,
    owner: LetterOwner,
  ): Promise<(Found & { pdf: Buffer | undefined; kind?: LetterContent['kind'] }) | NotFound> {
    const found = await this.letter(staff, accountId, owner);
    if (found.outcome !== 'found') return found;
    const content = found.letter?.content;
    if (!content) return { outcome: 'found', account: found.account, pdf: undefined };
    const pdf =
      content.kind === 'activation'
        ? await this.deps.pdfRenderer.renderActivationLetter({
            ...content,
            address: content.address?.lines ?? [],
            loginUrl: this.deps.baseUrl,
          })
        : await this.deps.pdfRenderer.renderCodeList({
            ...content,
            address: content.address?.lines ?? [],
          });
    return { outcome: 'found', account: found.account, pdf, kind: content.kind };
  }

  private seenBy(staff: StaffMember, account: Account | undefined): Found | NotFound {
    if (!account || account.kind !== 'applicant') return { outcome: 'notFound', outside: false };
    if (!mayRead(staff, account.municipalityCode)) return { outcome: 'notFound', outside: true };
    return { outcome: 'found', account };
  }

  private async municipalityOf(account: Account): Promise<Municipality | undefined> {
    return account.municipalityCode === null
      ? undefined
      : this.deps.municipalities.find(account.municipalityCode);
  }

  private async writable(
    staff: StaffMember,
    accountId: string,
  ): Promise<{ account: Account; municipality: Municipality } | NotFound | Forbidden> {
    const found = await this.find(staff, accountId);
    if (found.outcome !== 'found') return found;
    const { account } = found;
    const municipality = await this.municipalityOf(account);
    if (!municipality) return { outcome: 'notFound', outside: true };
    if (!mayWrite(staff, account.municipalityCode)) {
      return { outcome: 'forbidden', municipalityCode: account.municipalityCode };
    }
    return { account, municipality };
  }

  /**
   * A new activation code and a new code list (the old one stops working), in clear, with the
   * address the municipality last had from the applicant, if any.
   */
  private async issueActivationCodes(
    account: Account,
    municipality: Municipality,
  ): Promise<LetterContent> {
    const activation = await this.deps.activation.issue(account.id);
    const list = await this.deps.codeLists.issue(account.id);
    return {
      kind: 'activation',
      municipality,
      name: account.name,
      address: await this.addressOf(account, municipality),
      personnummer: account.personnummer ?? '',
      activationCode: activation.code,
      expiresAt: activation.expiresAt,
      listId: list.listId,
      codes: list.codes,
    };
  }

  /** Where the municipality last heard the applicant lives, for a letter's window. */
  private addressOf(account: Account, municipality: Municipality) {
    return this.deps.addresses.latest(account.personnummer ?? '', municipality.code);
  }

  /** An SMS to the applicant, if they have a phone; a failed send does not undo the change. */
  private async notify(
    mobile: string | null,
    municipality: Municipality,
    key: 'sms.newCodeList' | 'sms.newActivationLetter',
  ): Promise<SmsNotice> {
    if (!mobile) return 'noPhone';
    const text = translator('sv')(key, { sender: municipality.name, phone: municipality.phone });
    try {
      await this.deps.sms.send({ to: mobile, text });
      return 'sent';
    } catch (error) {
      // The sender has logged why, with the number masked; the staff member is told to call.
      if (error instanceof SmsSendError) return 'failed';
      throw error;
    }
  }
}

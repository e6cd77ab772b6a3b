import { translator } from '../locales';
import type { AccountNotices, NoticeResult } from './account-notices';
import type { Account, AccountService } from './accounts';
import type { Locked, LoginService } from './login';
import type { PasswordHasher } from './passwords/password-hasher';
import { passwordProblem } from './passwords/password-policy';
import type { RateLimits } from './rate-limits';
import type { SmsCodes } from './sms-codes';
import type { AppCodes } from './totp';

/** What AccountSettings needs of the session store. */
export interface AccountSessions {
  destroyOthersOf(accountId: string, keepSid: string): Promise<number>;
}

/** Who is making the change, and from where. */
export interface ChangeContext {
  ip: string;
  /** The session making the change: the one session of the account that stays. */
  sessionId: string;
}

type Refused = { outcome: 'wrongPassword' } | Locked;

export type PasswordChange =
  /** `expected`: a temporary password replaced, as its owner was told to: no SMS about it. */
  { outcome: 'changed'; notice: NoticeResult | 'expected' } | { outcome: 'samePassword' } | Refused;

export type MobileChangeStart =
  | { outcome: 'codeSent' }
  | { outcome: 'sameNumber' }
  | { outcome: 'tooManySms'; retryAfterMs: number }
  | { outcome: 'smsFailed' }
  | Refused;

export type MobileChange =
  { outcome: 'changed'; notice: NoticeResult } | { outcome: 'wrongCode' } | Locked;

export type AppEnrolmentStart = { outcome: 'started' } | Refused;

export type AppEnrolment = { outcome: 'enabled'; notice: NoticeResult } | { outcome: 'wrongCode' };

export interface AccountSettingsDeps {
  accounts: AccountService;
  login: LoginService;
  passwords: PasswordHasher;
  sessions: AccountSessions;
  smsCodes: SmsCodes;
  appCodes: AppCodes;
  rateLimits: RateLimits;
  notices: AccountNotices;
}

/** What others may know of a person, which their password must not contain. */
export function personalDataOf(account: Account): string[] {
  return [account.personnummer, account.username, account.name].filter(
    (item): item is string => item !== null && item !== '',
  );
}

/** The label an authenticator app shows for the account. */
export function appLabelOf(account: Account): string {
  return account.username ?? account.name;
}

/**
 * Changes a logged-in user makes to how they log in: password, mobile number, authenticator app.
 * Each asks for the password again first (SEC-7) and tells the owner by SMS; a new password,
 * number or app also ends the account's other sessions (SEC-12).
 */
export class AccountSettings {
  constructor(private readonly deps: AccountSettingsDeps) {}

  async changePassword(
    account: Account,
    current: string,
    next: string,
    context: ChangeContext,
  ): Promise<PasswordChange> {
    // The route shows the reasons field by field; getting here with one is a bug.
    if (passwordProblem(next, personalDataOf(account))) {
      throw new Error('A password the policy refuses reached changePassword');
    }
    const refused = await this.reauthenticate(account, current, context);
    if (refused) return refused;
    if (current.normalize('NFC') === next.normalize('NFC')) return { outcome: 'samePassword' };
    const { accounts, passwords, sessions, notices } = this.deps;
    await accounts.setPasswordHash(account.id, await passwords.hash(next));
    await sessions.destroyOthersOf(account.id, context.sessionId);
    // A first day's "Var det inte du?" about the very change one was asked to make only alarms.
    if (account.passwordTemporarySince !== null) return { outcome: 'changed', notice: 'expected' };
    return { outcome: 'changed', notice: await notices.send(account, 'password') };
  }

  /**
   * Step one of a new mobile number: the password, then a code to the new number, so a typo in
   * it can never lock anybody out. Nothing changes until the code comes back.
   */
  async startMobileChange(
    account: Account,
    password: string,
    mobile: string,
    context: ChangeContext,
  ): Promise<MobileChangeStart> {
    const refused = await this.reauthenticate(account, password, context);
    if (refused) return refused;
    if (mobile === account.mobile) return { outcome: 'sameNumber' };
    const { rateLimits, smsCodes, notices } = this.deps;
    // Also stops a logged-in account from sending SMS to any number it likes.
    const sends = await rateLimits.consume([{ limit: 'smsPerAccount', key: account.id }]);
    if (!sends.allowed) return { outcome: 'tooManySms', retryAfterMs: sends.retryAfterMs };
    const t = translator('sv');
    const sender = await notices.senderOf(account);
    const sent = await smsCodes.send(
      { id: account.id, mobile },
      context.sessionId,
      (code, minutes) => t('account.sms.mobileCode', { code, minutes, sender }),
    );
    return sent.outcome === 'sent' ? { outcome: 'codeSent' } : { outcome: 'smsFailed' };
  }

  /** Step two: the code from the new number. The old number hears of the change. */
  async confirmMobileChange(
    account: Account,
    mobile: string,
    code: string,
    context: ChangeContext,
  ): Promise<MobileChange> {
    const { smsCodes, accounts, sessions, notices, rateLimits } = this.deps;
    // The login's counter (SEC-4): one per account, which a new code does not reset. Counted
    // before the check, so parallel guesses cannot all pass one look at it.
    const failures = [{ limit: 'codeFailuresPerAccount' as const, key: account.id }];
    const counted = await rateLimits.consume(failures);
    if (!counted.allowed) return { outcome: 'locked', retryAfterMs: counted.retryAfterMs };
    if (!(await smsCodes.use(account.id, context.sessionId, code))) return { outcome: 'wrongCode' };
    await rateLimits.refund(failures);
    await accounts.setMobile(account.id, mobile);
    await sessions.destroyOthersOf(account.id, context.sessionId);
    return { outcome: 'changed', notice: await notices.send(account, 'mobile', account.mobile) };
  }

  /** Staff: a new secret for an authenticator app, waiting for its first code. */
  async startAppEnrolment(
    account: Account,
    password: string,
    context: ChangeContext,
  ): Promise<AppEnrolmentStart> {
    if (account.kind !== 'staff') throw new Error('Only staff accounts use an authenticator app');
    const refused = await this.reauthenticate(account, password, context);
    if (refused) return refused;
    await this.deps.appCodes.startEnrolment(account.id, appLabelOf(account));
    return { outcome: 'started' };
  }

  /**
   * The secret waiting for its first code, to show as a QR code and as text; `replacing` when an
   * app is already on (it keeps working until the new one is confirmed).
   */
  pendingAppEnrolment(
    account: Account,
  ): Promise<{ secret: string; uri: string; replacing: boolean } | undefined> {
    return this.deps.appCodes.pendingEnrolment(account.id, appLabelOf(account));
  }

  /** Gives up a new app before its first code: the app already on (if any) stays on. */
  cancelAppEnrolment(account: Account): Promise<void> {
    return this.deps.appCodes.cancelEnrolment(account.id);
  }

  appEnabled(account: Account): Promise<boolean> {
    return this.deps.appCodes.isEnabled(account.id);
  }

  /** The new app's first right code turns it on (in place of any earlier app). */
  async confirmAppEnrolment(
    account: Account,
    code: string,
    context: ChangeContext,
  ): Promise<AppEnrolment> {
    const { appCodes, sessions, notices } = this.deps;
    if (!(await appCodes.confirmEnrolment(account.id, code))) return { outcome: 'wrongCode' };
    await sessions.destroyOthersOf(account.id, context.sessionId);
    return { outcome: 'enabled', notice: await notices.send(account, 'app') };
  }

  private async reauthenticate(
    account: Account,
    password: string,
    context: ChangeContext,
  ): Promise<Refused | undefined> {
    const result = await this.deps.login.reauthenticate(account, password, context.ip);
    if (result.outcome === 'ok') return undefined;
    return result.outcome === 'wrong' ? { outcome: 'wrongPassword' } : result;
  }
}

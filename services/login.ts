import { translator } from '../locales';
import { temporaryPasswordExpired, type Account, type AccountService } from './accounts';
import type { Clock } from './clock';
import type { DeviceTrust } from './device-trust';
import { PasswordHasherBusyError } from './passwords/password-hasher';
import type { RateLimitCheck, RateLimits } from './rate-limits';
import type { SmsCodes } from './sms-codes';

/** What LoginService needs of the password hasher. */
export interface PasswordVerifier {
  verify(hash: string, password: string): Promise<boolean>;
  /** Costs as much as a real check, so the answer time does not tell who has an account. */
  verifyWithoutAccount(password: string): Promise<false>;
}

/** What LoginService needs of the numbered code lists. */
export interface NumberedCodes {
  askNumber(accountId: string): Promise<number | undefined>;
  use(accountId: string, number: number, code: string): Promise<boolean>;
  remaining(accountId: string): Promise<number>;
}

/** What LoginService needs of the authenticator-app codes. */
export interface AppCodes {
  isEnabled(accountId: string): Promise<boolean>;
  use(accountId: string, code: string): Promise<boolean>;
}

export type Locked = { outcome: 'locked'; retryAfterMs: number };

export type PasswordResult =
  | { outcome: 'ok'; account: Account }
  /**
   * For the log only (the person is told the same in every case): no such account, a disabled
   * one (its password is never checked), or a wrong password.
   */
  | { outcome: 'wrong'; why?: 'noAccount' | 'disabled' | 'password' }
  /** The right password, but one the administrator handed out too long ago (ASVS 4 2.3.1). */
  | { outcome: 'temporaryExpired'; account: Account }
  /** `trustedDevice`: the lock is this browser's own (its device cookie), not the account's. */
  | (Locked & { trustedDevice: boolean });

export type ReauthResult = { outcome: 'ok' } | { outcome: 'wrong' } | Locked;

export type SmsResult =
  | { outcome: 'sent' }
  | { outcome: 'failed' }
  | { outcome: 'noPhone' }
  | { outcome: 'tooMany'; retryAfterMs: number }
  | Locked;

export type SecondFactorAttempt =
  | { method: 'sms'; code: string; sessionId: string }
  | { method: 'kodlista'; number: number; code: string }
  | { method: 'app'; code: string };

export type SecondFactorResult = { outcome: 'ok' } | { outcome: 'wrong' } | Locked;

/** The second factors an account can use, as the login page offers them. */
export interface SecondFactors {
  /** The mobile number (E.164) an SMS code goes to. */
  sms: string | null;
  codeList: boolean;
  app: boolean;
}

/**
 * The two login steps. Failures are counted per account (whatever address they come from, so
 * rotating IPs does not help) and per IP address; a locked account says how long it stays so.
 * A browser with a valid device cookie for the account (it has logged in there with both
 * factors) is counted per device instead of per account: someone who knows a personnummer can
 * lock out every other browser, but not the person's own (OWASP device cookies).
 */
export class LoginService {
  constructor(
    private readonly accounts: AccountService,
    private readonly passwords: PasswordVerifier,
    private readonly smsCodes: SmsCodes,
    private readonly codeLists: NumberedCodes,
    private readonly appCodes: AppCodes,
    private readonly rateLimits: RateLimits,
    private readonly devices: DeviceTrust,
    private readonly clock: Clock,
  ) {}

  /** `deviceCookie`: the browser's device cookie, if it sent one (checked here). */
  async checkPassword(
    kind: Account['kind'],
    identifier: string,
    password: string,
    ip: string,
    deviceCookie?: string,
  ): Promise<PasswordResult> {
    const found =
      kind === 'applicant'
        ? await this.accounts.findApplicant(identifier)
        : await this.accounts.findStaff(identifier);
    const device = found && this.devices.deviceOf(found.id, deviceCookie);
    const checks: RateLimitCheck[] = [
      device
        ? { limit: 'passwordFailuresPerDevice', key: device }
        : // Counted by what was typed, so an unknown personnummer is throttled like a real one.
          { limit: 'passwordFailuresPerAccount', key: `${kind}:${identifier}` },
      { limit: 'passwordFailuresPerIp', key: ip },
    ];
    const result = await this.counted(checks, () =>
      found?.passwordHash && !found.disabled
        ? this.passwords.verify(found.passwordHash, password)
        : this.passwords.verifyWithoutAccount(password),
    );
    if (result.outcome === 'locked') return { ...result, trustedDevice: device !== undefined };
    if (result.outcome !== 'ok' || !found) {
      return {
        outcome: 'wrong',
        why: !found ? 'noAccount' : found.disabled ? 'disabled' : 'password',
      };
    }
    // Only said once the password was right: a guesser learns nothing from it.
    if (temporaryPasswordExpired(found, this.clock.now())) {
      return { outcome: 'temporaryExpired', account: found };
    }
    return { outcome: 'ok', account: found };
  }

  /** A new device cookie for a browser that has just logged in to the account with both factors. */
  deviceCookieFor(account: Account): { value: string; maxAgeMs: number } {
    return { value: this.devices.issue(account.id), maxAgeMs: this.devices.lifetimeMs };
  }

  /**
   * The password again, from someone already logged in, before a change to the account
   * (SEC-7). A wrong one counts against the same limits as at login, so a stolen session
   * cannot be used to guess the password.
   */
  async reauthenticate(account: Account, password: string, ip: string): Promise<ReauthResult> {
    // Per account even in a trusted browser: a session that may be stolen gets no device's
    // allowance of its own, and too many wrong ones lock the account everywhere.
    const checks: RateLimitCheck[] = [
      { limit: 'passwordFailuresPerAccount', key: `${account.kind}:${identifierOf(account)}` },
      { limit: 'passwordFailuresPerIp', key: ip },
    ];
    return this.counted(checks, async () => {
      const current = await this.accounts.find(account.id);
      return current?.passwordHash && !current.disabled
        ? this.passwords.verify(current.passwordHash, password)
        : this.passwords.verifyWithoutAccount(password);
    });
  }

  async secondFactorsOf(account: Account): Promise<SecondFactors> {
    const [codesLeft, app] = await Promise.all([
      this.codeLists.remaining(account.id),
      account.kind === 'staff' ? this.appCodes.isEnabled(account.id) : Promise.resolve(false),
    ]);
    return { sms: account.mobile, codeList: codesLeft > 0, app };
  }

  /** The code-list number to ask for; undefined when the account has no unused code. */
  askCodeNumber(account: Account): Promise<number | undefined> {
    return this.codeLists.askNumber(account.id);
  }

  codesLeft(account: Account): Promise<number> {
    return this.codeLists.remaining(account.id);
  }

  /** While no more SMS codes may be sent to the account: how long until one may; else undefined. */
  async smsLimitedFor(account: Account): Promise<number | undefined> {
    const sends = await this.rateLimits.blocked([{ limit: 'smsPerAccount', key: account.id }]);
    return sends.allowed ? undefined : sends.retryAfterMs;
  }

  async sendSmsCode(account: Account, sessionId: string, sender: string): Promise<SmsResult> {
    if (!account.mobile) return { outcome: 'noPhone' };
    const locked = await this.locked(account);
    if (locked) return locked;
    const sends = await this.rateLimits.consume([{ limit: 'smsPerAccount', key: account.id }]);
    if (!sends.allowed) return { outcome: 'tooMany', retryAfterMs: sends.retryAfterMs };
    const t = translator('sv');
    return this.smsCodes.send(
      { id: account.id, mobile: account.mobile },
      sessionId,
      (code, minutes) => t('sms.loginCode', { code, minutes, sender }),
    );
  }

  async checkSecondFactor(
    account: Account,
    attempt: SecondFactorAttempt,
  ): Promise<SecondFactorResult> {
    if (account.disabled) return { outcome: 'wrong' };
    const failures: RateLimitCheck[] = [{ limit: 'codeFailuresPerAccount', key: account.id }];
    const result = await this.counted(failures, () => {
      if (attempt.method === 'sms') {
        return this.smsCodes.use(account.id, attempt.sessionId, attempt.code);
      }
      if (attempt.method === 'kodlista') {
        return this.codeLists.use(account.id, attempt.number, attempt.code.replace(/\s/g, ''));
      }
      return account.kind === 'staff'
        ? this.appCodes.use(account.id, attempt.code)
        : Promise.resolve(false);
    });
    if (result.outcome === 'ok') {
      await this.rateLimits.reset([
        ...failures,
        { limit: 'passwordFailuresPerAccount', key: `${account.kind}:${identifierOf(account)}` },
      ]);
    }
    return result;
  }

  /**
   * Counts an attempt before checking it, so that parallel guesses cannot all slip past one
   * look at the counter (each takes its point atomically, and only those within the limit are
   * checked at all); a right answer gives its point back.
   */
  private async counted(
    checks: RateLimitCheck[],
    check: () => Promise<boolean>,
  ): Promise<{ outcome: 'ok' } | { outcome: 'wrong' } | Locked> {
    const counted = await this.rateLimits.consume(checks);
    if (!counted.allowed) return { outcome: 'locked', retryAfterMs: counted.retryAfterMs };
    let right: boolean;
    try {
      right = await check();
    } catch (error) {
      // Not checked at all (the hashing queue was full): not a failed attempt either.
      if (error instanceof PasswordHasherBusyError) await this.rateLimits.refund(checks);
      throw error;
    }
    if (right) {
      await this.rateLimits.refund(checks);
      return { outcome: 'ok' };
    }
    const after = await this.rateLimits.blocked(checks);
    return after.allowed
      ? { outcome: 'wrong' }
      : { outcome: 'locked', retryAfterMs: after.retryAfterMs };
  }

  /** Locked by too many wrong codes: one counter per account, which a new SMS does not reset. */
  private async locked(account: Account): Promise<Locked | undefined> {
    const blocked = await this.rateLimits.blocked([
      { limit: 'codeFailuresPerAccount', key: account.id },
    ]);
    return blocked.allowed ? undefined : { outcome: 'locked', retryAfterMs: blocked.retryAfterMs };
  }
}

function identifierOf(account: Account): string {
  return (account.kind === 'applicant' ? account.personnummer : account.username) ?? '';
}

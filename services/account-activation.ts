import type { Account, AccountService } from './accounts';
import type { AccountNotices, NoticeResult } from './account-notices';
import type { ActivationCodes } from './activation-codes';
import type { Locked } from './login';
import { PasswordHasherBusyError } from './passwords/password-hasher';
import { passwordProblem, type PasswordProblem } from './passwords/password-policy';
import type { RateLimitCheck, RateLimits } from './rate-limits';

/** What activation needs of the password hasher. */
export interface ActivationHasher {
  hash(password: string): Promise<string>;
  verifyWithoutAccount(secret: string): Promise<false>;
}

export interface ActivationAttempt {
  /** Twelve digits, checked. */
  personnummer: string;
  code: string;
  password: string;
  ip: string;
}

export type ActivationResult =
  | { outcome: 'activated'; account: Account; notice: NoticeResult }
  /** The personnummer or the code is wrong: which one is never said. */
  | { outcome: 'wrong' }
  /** The right code, too late: the applicant calls for a new letter. */
  | { outcome: 'expired'; account: Account }
  /** The right code; the password may not be chosen (it holds the name, say). */
  | { outcome: 'passwordProblem'; problem: PasswordProblem }
  | Locked;

/**
 * An applicant's first password, or a new one after a forgotten one: the personnummer and the
 * activation code from the letter. Wrong tries are counted per account (or, for a personnummer
 * without an account, per personnummer, so both lock alike and the lock tells nothing) and per
 * IP address. Anyone may post a personnummer here, so its count is its own: wrong tries lock
 * activation for a while, never the person's login (their password and codes still work).
 * Twelve characters from 23 cannot be guessed in a few tries.
 */
export class AccountActivation {
  constructor(
    private readonly accounts: AccountService,
    private readonly activation: ActivationCodes,
    private readonly hasher: ActivationHasher,
    private readonly rateLimits: RateLimits,
    private readonly notices: AccountNotices,
  ) {}

  async activate(attempt: ActivationAttempt): Promise<ActivationResult> {
    const found = await this.accounts.findApplicant(attempt.personnummer);
    const account = found && !found.disabled ? found : undefined;
    const checks: RateLimitCheck[] = [
      {
        limit: 'activationFailuresPerAccount',
        key: account ? account.id : `activation:${attempt.personnummer}`,
      },
      { limit: 'passwordFailuresPerIp', key: attempt.ip },
    ];
    // Counted before it is checked, so parallel guesses get no more checks than the limit; a
    // right code gives its point back.
    const counted = await this.rateLimits.consume(checks);
    if (!counted.allowed) return { outcome: 'locked', retryAfterMs: counted.retryAfterMs };

    let check: Awaited<ReturnType<ActivationCodes['check']>>;
    try {
      // Without an account: as long as checking a real code, so the answer time tells nobody
      // who has an account.
      check = account
        ? await this.activation.check(account.id, attempt.code)
        : await this.hasher.verifyWithoutAccount(attempt.code).then(() => 'wrong' as const);
    } catch (error) {
      // Not checked at all (the hashing queue was full): not a failed attempt either.
      if (error instanceof PasswordHasherBusyError) await this.rateLimits.refund(checks);
      throw error;
    }
    if (check === 'wrong' || !account) return this.failed(checks);
    await this.rateLimits.refund(checks);
    if (check === 'expired') return { outcome: 'expired', account };

    // Only now, with the right code, may the answer depend on the name.
    const problem = passwordProblem(attempt.password, [attempt.personnummer, account.name]);
    if (problem) return { outcome: 'passwordProblem', problem };
    const hash = await this.hasher.hash(attempt.password);
    // The same code posted twice at once: only one request redeems it.
    if (!(await this.activation.redeem(account.id, attempt.code))) return { outcome: 'wrong' };
    await this.accounts.setPasswordHash(account.id, hash);
    await this.rateLimits.reset([
      { limit: 'activationFailuresPerAccount', key: account.id },
      { limit: 'codeFailuresPerAccount', key: account.id },
      { limit: 'passwordFailuresPerAccount', key: `applicant:${attempt.personnummer}` },
    ]);
    // The letter alone opens the account: a phone on file hears of it at once, so a letter
    // opened by someone else is noticed.
    return { outcome: 'activated', account, notice: await this.notices.send(account, 'activated') };
  }

  /** A wrong personnummer or code, counted already: locked if that was the last try. */
  private async failed(checks: RateLimitCheck[]): Promise<ActivationResult> {
    const blocked = await this.rateLimits.blocked(checks);
    return blocked.allowed
      ? { outcome: 'wrong' }
      : { outcome: 'locked', retryAfterMs: blocked.retryAfterMs };
  }
}

import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { SecretHasher } from './passwords/password-hasher';

export const ACTIVATION_DAYS = 30;
/**
 * Letters and digits that cannot be taken for one another on paper or over the phone: no 0/O/Q,
 * 1/I/L, 2/Z, 5/S, 8/B or 6/G. Twelve of 23 symbols are about 54 bits.
 */
const ALPHABET = 'ACDEFHJKMNPRTUVWXY34679';
const LENGTH = 12;
const GROUP = 4;

/** What a typed code is worth, without using it up. */
export type ActivationCheck = 'valid' | 'expired' | 'wrong';

export interface IssuedActivationCode {
  /** As printed: three groups of four, e.g. "ACDE-FHJK-MNPR". */
  code: string;
  expiresAt: Date;
}

/** The code as typed, in any case and with or without dashes and spaces, or undefined. */
function typedCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== LENGTH) return undefined;
  return Array.from(code).every((symbol) => ALPHABET.includes(symbol)) ? code : undefined;
}

function printed(code: string): string {
  return code.match(new RegExp(`.{${GROUP}}`, 'g'))?.join('-') ?? code;
}

/**
 * The one-time code in the letter that lets a new account holder choose a password. Valid for
 * 30 days and once; a new code replaces the earlier one. Stored only as a salted hash.
 */
export class ActivationCodes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  async issue(accountId: string): Promise<IssuedActivationCode> {
    const code = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(
      '',
    );
    const codeHash = await this.hasher.hash(code);
    const now = this.clock.now().getTime();
    const expiresAt = new Date(now + ACTIVATION_DAYS * 24 * 3_600_000);
    const row = {
      code_hash: codeHash,
      expires_at: expiresAt.getTime(),
      used_at: null,
      created_at: now,
    };
    await this.db
      .insertInto('activation')
      .values({ account_id: accountId, ...row })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet(row))
      .execute();
    return { code: printed(code), expiresAt };
  }

  /**
   * Whether `typed` is the account's current unused code and still valid, without using it up:
   * the activation page checks the code before the new password, which it judges with the
   * account holder's name (a name that only the right code may reveal). `expired` only for the
   * right code, so nobody guessing learns whether a code is waiting.
   */
  async check(accountId: string, typed: string): Promise<ActivationCheck> {
    const code = typedCode(typed);
    if (code === undefined) return 'wrong';
    const row = await this.db
      .selectFrom('activation')
      .select(['code_hash', 'expires_at'])
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (!row) return 'wrong';
    if (!(await this.hasher.verify(row.code_hash, code))) return 'wrong';
    return Number(row.expires_at) <= this.clock.now().getTime() ? 'expired' : 'valid';
  }

  /** When the account's unused code stops (or stopped) working; undefined when none waits. */
  async pendingUntil(accountId: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('activation')
      .select('expires_at')
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return row ? new Date(Number(row.expires_at)) : undefined;
  }

  /**
   * True once for the account's current code before it expires, also when the same code
   * arrives twice at the same moment: only the request whose conditional update marks the code
   * used gets true.
   */
  async redeem(accountId: string, typed: string): Promise<boolean> {
    const code = typedCode(typed);
    if (code === undefined) return false;
    const now = this.clock.now().getTime();
    const row = await this.db
      .selectFrom('activation')
      .select(['code_hash', 'expires_at'])
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return false;
    if (!(await this.hasher.verify(row.code_hash, code))) return false;
    const result = await this.db
      .updateTable('activation')
      .set({ used_at: now })
      .where('account_id', '=', accountId)
      // The very code checked: one issued meanwhile is a new code that this one does not open.
      .where('code_hash', '=', row.code_hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

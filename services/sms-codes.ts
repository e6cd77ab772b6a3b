import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { SmsSendError, type SmsSender } from './sms/sms-sender';

export interface SmsCodesOptions {
  /** How long a code works, in ms (SEC-4: at most 10 minutes; we use 5). */
  validityMs: number;
}

export type SmsCodeSent = { outcome: 'sent' } | { outcome: 'failed' };

const CODE_DIGITS = 6;

/**
 * One-time SMS codes for the second login step: 6 digits from a CSPRNG, stored as a salted hash,
 * valid a few minutes, used once, and only by the session that asked for it. Sending a new code
 * ends the earlier ones. Counting failures and sends is the caller's (LoginService).
 */
export class SmsCodes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly sms: SmsSender,
    private readonly options: SmsCodesOptions,
  ) {}

  async send(
    account: { id: string; mobile: string },
    sessionId: string,
    text: (code: string, minutes: number) => string,
  ): Promise<SmsCodeSent> {
    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const now = this.clock.now().getTime();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sms_code')
        .set({ expires_at: now })
        .where('account_id', '=', account.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      await trx
        .insertInto('sms_code')
        .values({
          id,
          account_id: account.id,
          session_hash: sha256(sessionId),
          code_hash: saltedHash(code),
          expires_at: now + this.options.validityMs,
          used_at: null,
          created_at: now,
        })
        .execute();
    });
    try {
      await this.sms.send({
        to: account.mobile,
        text: text(code, Math.round(this.options.validityMs / 60_000)),
      });
      return { outcome: 'sent' };
    } catch (error) {
      // A code nobody received must not work later.
      await this.db.deleteFrom('sms_code').where('id', '=', id).execute();
      if (error instanceof SmsSendError) return { outcome: 'failed' };
      throw error;
    }
  }

  /** True exactly once for the latest code sent to this session, while it is valid. */
  async use(accountId: string, sessionId: string, typed: string): Promise<boolean> {
    const code = typed.replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) return false;
    const now = this.clock.now().getTime();
    const latest = await this.db
      .selectFrom('sms_code')
      .select(['id', 'code_hash'])
      .where('account_id', '=', accountId)
      .where('session_hash', '=', sha256(sessionId))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!latest || !matches(latest.code_hash, code)) return false;
    const result = await this.db
      .updateTable('sms_code')
      .set({ used_at: now })
      .where('id', '=', latest.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Deletes codes that can no longer be used. */
  async sweepExpired(): Promise<void> {
    await this.db
      .deleteFrom('sms_code')
      .where('expires_at', '<=', this.clock.now().getTime() - 86_400_000)
      .execute();
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function saltedHash(code: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${sha256(`${salt}:${code}`)}`;
}

function matches(stored: string, code: string): boolean {
  const [salt = '', hash = ''] = stored.split(':');
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(sha256(`${salt}:${code}`), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

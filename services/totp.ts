import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Clock } from './clock';
import type { Database } from './db/schema';

/** One step either side of now: phone clocks drift. */
const TOLERANCE_SECONDS = 30;

/**
 * Authenticator-app codes (TOTP, RFC 6238) for staff. A code and every earlier time step are
 * refused once a code was accepted (SEC-6), also under parallel requests: the last accepted
 * step is moved forward by a conditional update that only one request can win.
 */
export class AppCodes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly issuer: string,
  ) {}

  async isEnabled(accountId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('totp')
      .select('enabled_at')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row?.enabled_at !== undefined && row.enabled_at !== null;
  }

  /** A new secret waiting for its first code; returns the otpauth URI for the QR code. */
  async startEnrolment(accountId: string, label: string): Promise<{ secret: string; uri: string }> {
    const secret = generateSecret();
    await this.db.deleteFrom('totp').where('account_id', '=', accountId).execute();
    await this.db
      .insertInto('totp')
      .values({ account_id: accountId, secret, last_step: null, enabled_at: null })
      .execute();
    return { secret, uri: generateURI({ issuer: this.issuer, label, secret }) };
  }

  /** The secret still waiting for its first code, shown again when the page is reloaded. */
  async pendingEnrolment(
    accountId: string,
    label: string,
  ): Promise<{ secret: string; uri: string } | undefined> {
    const row = await this.db
      .selectFrom('totp')
      .select('secret')
      .where('account_id', '=', accountId)
      .where('enabled_at', 'is', null)
      .executeTakeFirst();
    return (
      row && {
        secret: row.secret,
        uri: generateURI({ issuer: this.issuer, label, secret: row.secret }),
      }
    );
  }

  /** The first right code turns the app on. */
  async confirmEnrolment(accountId: string, code: string): Promise<boolean> {
    if (!(await this.accept(accountId, code, false))) return false;
    await this.db
      .updateTable('totp')
      .set({ enabled_at: this.clock.now().getTime() })
      .where('account_id', '=', accountId)
      .execute();
    return true;
  }

  use(accountId: string, code: string): Promise<boolean> {
    return this.accept(accountId, code, true);
  }

  private async accept(accountId: string, typed: string, enabled: boolean): Promise<boolean> {
    const token = typed.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return false;
    const row = await this.db
      .selectFrom('totp')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row || (row.enabled_at !== null) !== enabled) return false;
    const lastStep = row.last_step === null ? undefined : Number(row.last_step);
    const result = await verify({
      secret: row.secret,
      token,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(lastStep === undefined ? {} : { afterTimeStep: lastStep }),
    });
    // otplib answers for HOTP and TOTP alike; only a TOTP result carries its time step.
    if (!result.valid || !('timeStep' in result)) return false;
    const step = result.timeStep;
    const update = await this.db
      .updateTable('totp')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(update.numUpdatedRows) === 1;
  }
}

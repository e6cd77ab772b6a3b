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

  /**
   * A new secret waiting for its first code; returns the otpauth URI for the QR code. An app
   * that is already on keeps working: the new secret waits beside it (`pending_secret`) and only
   * replaces it in confirmEnrolment, so a change begun and never finished locks nobody out.
   */
  async startEnrolment(accountId: string, label: string): Promise<{ secret: string; uri: string }> {
    const secret = generateSecret();
    await this.db.transaction().execute(async (trx) => {
      const replacing = await trx
        .updateTable('totp')
        .set({ pending_secret: secret })
        .where('account_id', '=', accountId)
        .where('enabled_at', 'is not', null)
        .executeTakeFirst();
      if (Number(replacing.numUpdatedRows) === 1) return;
      await trx.deleteFrom('totp').where('account_id', '=', accountId).execute();
      await trx
        .insertInto('totp')
        .values({
          account_id: accountId,
          secret,
          last_step: null,
          enabled_at: null,
          pending_secret: null,
        })
        .execute();
    });
    return { secret, uri: generateURI({ issuer: this.issuer, label, secret }) };
  }

  /** The secret still waiting for its first code, shown again when the page is reloaded. */
  async pendingEnrolment(
    accountId: string,
    label: string,
  ): Promise<{ secret: string; uri: string; replacing: boolean } | undefined> {
    const row = await this.db
      .selectFrom('totp')
      .select(['secret', 'enabled_at', 'pending_secret'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    const replacing = row.enabled_at !== null;
    const secret = replacing ? row.pending_secret : row.secret;
    return secret === null
      ? undefined
      : { secret, uri: generateURI({ issuer: this.issuer, label, secret }), replacing };
  }

  /** Forgets the secret waiting for its first code; an app that is on stays on. */
  async cancelEnrolment(accountId: string): Promise<void> {
    await this.db
      .updateTable('totp')
      .set({ pending_secret: null })
      .where('account_id', '=', accountId)
      .where('enabled_at', 'is not', null)
      .execute();
    await this.db
      .deleteFrom('totp')
      .where('account_id', '=', accountId)
      .where('enabled_at', 'is', null)
      .execute();
  }

  /**
   * The first right code of the waiting secret turns it on; a replacement takes the old app's
   * place in the same conditional update (which one request only can win), and the code's time
   * step is stored so that it cannot log in again.
   */
  async confirmEnrolment(accountId: string, code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('totp')
      .select(['enabled_at', 'pending_secret'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) return false;
    if (row.enabled_at === null) {
      if (!(await this.accept(accountId, code, false))) return false;
      await this.db
        .updateTable('totp')
        .set({ enabled_at: this.clock.now().getTime() })
        .where('account_id', '=', accountId)
        .execute();
      return true;
    }
    const pending = row.pending_secret;
    if (pending === null) return false;
    const step = await this.verifiedStep(pending, code, undefined);
    if (step === undefined) return false;
    const update = await this.db
      .updateTable('totp')
      .set({
        secret: pending,
        pending_secret: null,
        last_step: step,
        enabled_at: this.clock.now().getTime(),
      })
      .where('account_id', '=', accountId)
      .where('pending_secret', '=', pending)
      .executeTakeFirst();
    return Number(update.numUpdatedRows) === 1;
  }

  use(accountId: string, code: string): Promise<boolean> {
    return this.accept(accountId, code, true);
  }

  private async accept(accountId: string, typed: string, enabled: boolean): Promise<boolean> {
    const row = await this.db
      .selectFrom('totp')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row || (row.enabled_at !== null) !== enabled) return false;
    const lastStep = row.last_step === null ? undefined : Number(row.last_step);
    const step = await this.verifiedStep(row.secret, typed, lastStep);
    if (step === undefined) return false;
    const update = await this.db
      .updateTable('totp')
      .set({ last_step: step })
      .where('account_id', '=', accountId)
      .where('secret', '=', row.secret)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(update.numUpdatedRows) === 1;
  }

  /** The time step of a right code for `secret` after `lastStep`, else undefined. */
  private async verifiedStep(
    secret: string,
    typed: string,
    lastStep: number | undefined,
  ): Promise<number | undefined> {
    const token = typed.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return undefined;
    const result = await verify({
      secret,
      token,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(lastStep === undefined ? {} : { afterTimeStep: lastStep }),
    });
    // otplib answers for HOTP and TOTP alike; only a TOTP result carries its time step.
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }
}

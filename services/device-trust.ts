import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock';

/** A device cookie of the future, or one whose clock ran ahead, is no device cookie. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that has logged in to an account with both factors gets a value only this server can make,
 * bound to that account: `v1.<issued>.<nonce>.<mac>`, the MAC an HMAC-SHA256 over the account
 * id, the issue time and a random nonce, keyed by a key derived from the session secret. It
 * holds no personal data, not even the account id. A login presenting it for the same account
 * is counted per device (the nonce), so someone guessing elsewhere cannot lock that browser out.
 */
export class DeviceTrust {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly clock: Clock,
    readonly lifetimeMs: number,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'portal', 'device cookie v1', 32));
  }

  /** A new device cookie value for an account that has just logged in with both factors. */
  issue(accountId: string): string {
    const issued = this.clock.now().getTime().toString(36);
    const nonce = randomBytes(16).toString('base64url');
    return `v1.${issued}.${nonce}.${this.mac(accountId, issued, nonce)}`;
  }

  /**
   * The device (its nonce) when `value` is a device cookie this server issued for this account
   * and it is within its lifetime; undefined for anything else: forged, altered, another
   * account's, expired, or none.
   */
  deviceOf(accountId: string, value: string | undefined): string | undefined {
    const [version, issued, nonce, mac, ...rest] = (value ?? '').split('.');
    if (version !== 'v1' || !issued || !nonce || !mac || rest.length > 0) return undefined;
    const expected = Buffer.from(this.mac(accountId, issued, nonce));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const issuedAt = parseInt(issued, 36);
    const now = this.clock.now().getTime();
    if (!(issuedAt <= now + CLOCK_SKEW_MS && now - issuedAt < this.lifetimeMs)) return undefined;
    return nonce;
  }

  private mac(accountId: string, issued: string, nonce: string): string {
    return createHmac('sha256', this.key)
      .update(`${accountId}.${issued}.${nonce}`)
      .digest('base64url');
  }
}

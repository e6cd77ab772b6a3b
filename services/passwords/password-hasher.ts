import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** What code lists and activation codes need of a hasher: salted, slow, one-way. */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  verify(hash: string, secret: string): Promise<boolean>;
}

/** Argon2 cost: memory in KiB, passes over it, lanes. */
export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, two passes, one lane. */
export const OWASP_ARGON2_COST: Argon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Argon2id hashes (PHC strings with their own random salt), made on libuv's thread pool, never on
 * the event loop. Argon2id is the package's default; its types name it by a const enum that
 * isolated modules cannot read, so the tests check that every hash says `$argon2id$`. Passwords
 * are normalised to NFC first: the same password typed on another device, which may compose "å"
 * differently, still matches. Tests may pass a cheaper cost.
 */
export class PasswordHasher implements SecretHasher {
  private readonly options: Argon2Cost;
  private dummy: Promise<string> | undefined;

  constructor(cost: Argon2Cost = OWASP_ARGON2_COST) {
    this.options = { ...cost };
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), this.options);
  }

  /** False also for a hash that is no Argon2 PHC string (a damaged row), rather than an error. */
  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  /**
   * As long as a verify, for a name that has no account (or no password yet), so the time of the
   * answer does not tell whether an account exists.
   */
  async verifyWithoutAccount(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(18).toString('base64'));
    await this.verify(await this.dummy, password);
    return false;
  }
}

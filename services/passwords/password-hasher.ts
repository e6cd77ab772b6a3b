import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
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
  /**
   * Hashes run at most this many at a time, so a storm of logins queues for the hashing
   * threads and leaves a core to the event loop: pages stay quick while people log in.
   */
  private readonly slots: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(cost: Argon2Cost = OWASP_ARGON2_COST, concurrency = availableParallelism() - 1) {
    this.options = { ...cost };
    this.slots = Math.max(1, concurrency);
  }

  hash(password: string): Promise<string> {
    return this.inTurn(() => hash(password.normalize('NFC'), this.options));
  }

  /** False also for a hash that is no Argon2 PHC string (a damaged row), rather than an error. */
  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await this.inTurn(() => verify(hashed, password.normalize('NFC')));
    } catch {
      return false;
    }
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
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

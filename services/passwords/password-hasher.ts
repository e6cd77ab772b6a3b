import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { ServiceBusyError } from '../service-busy-error';

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

/** The Argon2 functions the hasher runs; @node-rs/argon2's unless a test slows them down. */
export interface Argon2Functions {
  hash(password: string, cost: Argon2Cost): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

export interface HashQueueOptions {
  /** Hashes run at once; by default one less than the cores, at least one. */
  slots?: number;
  /** Checks that may wait for a slot; by default `WAITING_PER_SLOT` per slot. */
  queueMax?: number;
  argon2?: Argon2Functions;
}

/** About a second or two of waiting at OWASP's cost, more than a login burst needs. */
export const WAITING_PER_SLOT = 20;

/**
 * The hashing queue is full: the caller is asked to try again shortly, and nothing is counted as
 * a failed attempt. A storm of logins then costs bounded memory, and nobody waits minutes.
 */
export class PasswordHasherBusyError extends ServiceBusyError {
  constructor() {
    super('Password hashing queue full', 30);
  }
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
  /** Beyond this many waiting, a check (verify) is refused at once (PasswordHasherBusyError). */
  private readonly queueMax: number;
  private readonly argon2: Argon2Functions;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(cost: Argon2Cost = OWASP_ARGON2_COST, queue: HashQueueOptions = {}) {
    this.options = { ...cost };
    this.slots = Math.max(1, queue.slots ?? availableParallelism() - 1);
    this.queueMax = queue.queueMax ?? this.slots * WAITING_PER_SLOT;
    this.argon2 = queue.argon2 ?? { hash, verify };
  }

  /** Hashes waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a slot however long the queue: new hashes are asked for by people who are logged
   * in (a new password) or by staff (a code list's 40 codes at once), never by a login storm.
   */
  hash(password: string): Promise<string> {
    return this.inTurn(() => this.argon2.hash(password.normalize('NFC'), this.options), false);
  }

  /**
   * False also for a hash that is no Argon2 PHC string (a damaged row), rather than an error;
   * a full queue is thrown (PasswordHasherBusyError), as it says nothing about the password.
   */
  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await this.inTurn(() => this.argon2.verify(hashed, password.normalize('NFC')), true);
    } catch (error) {
      if (error instanceof PasswordHasherBusyError) throw error;
      return false;
    }
  }

  /** `bounded`: refused at once when `queueMax` are waiting already. */
  private async inTurn<T>(work: () => Promise<T>, bounded: boolean): Promise<T> {
    if (this.running >= this.slots) {
      if (bounded && this.waiting.length >= this.queueMax) throw new PasswordHasherBusyError();
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
    this.dummy ??= this.hash(randomBytes(18).toString('base64')).catch((error: unknown) => {
      // Refused by a full queue: the next call makes it again.
      this.dummy = undefined;
      throw error;
    });
    await this.verify(await this.dummy, password);
    return false;
  }
}

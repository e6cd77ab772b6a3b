import { hash, verify } from '@node-rs/argon2';
import type { Argon2Cost, Argon2Functions } from '../../services/passwords/password-hasher';

/**
 * Argon2 whose password checks wait while a test holds them, so that a login or a password
 * check can be kept under way while the test does something else (logs out, fills the queue).
 */
export class HeldArgon2 implements Argon2Functions {
  private holding = false;
  private readonly held: (() => void)[] = [];

  /** Checks started from now on wait for `release`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const go of this.held.splice(0)) go();
  }

  /** Checks waiting for `release` right now. */
  get waiting(): number {
    return this.held.length;
  }

  hash(password: string, cost: Argon2Cost): Promise<string> {
    return hash(password, cost);
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    return verify(hashed, password);
  }
}

/** Waits (a few seconds at most) until the condition holds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

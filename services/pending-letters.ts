import { createHash, timingSafeEqual } from 'node:crypto';
import type { KnownAddress } from './applicant-addresses';
import type { Clock } from './clock';
import type { NumberedCode } from './code-lists';
import type { Municipality } from './municipalities';

/** Why a letter was made: the page that offers it says so. */
export type LetterReason = 'created' | 'activationLetter' | 'codeList';

/** Whether the account holder was told by SMS. */
export type SmsNotice = 'sent' | 'failed' | 'noPhone';

/**
 * What a printed letter holds, with its codes in clear: plain data for the PDF worker, and the
 * id of the code list it prints, so a letter overtaken by a newer one is never printed.
 */
export type LetterContent =
  | {
      kind: 'activation';
      municipality: Municipality;
      name: string;
      /** For the window envelope; undefined when the municipality knows none. */
      address: KnownAddress | undefined;
      personnummer: string;
      activationCode: string;
      expiresAt: Date;
      listId: string;
      codes: NumberedCode[];
    }
  | {
      kind: 'codeList';
      municipality: Municipality;
      name: string;
      /** For the window envelope; undefined when the municipality knows none. */
      address: KnownAddress | undefined;
      issuedAt: Date;
      listId: string;
      codes: NumberedCode[];
    };

export interface PendingLetter {
  reason: LetterReason;
  sms: SmsNotice;
  content: LetterContent;
}

/** The staff member who made a letter, in the session they made it in. */
export interface LetterOwner {
  staffAccountId: string;
  sessionId: string;
}

interface Entry {
  staffAccountId: string;
  sessionDigest: Buffer;
  expiresAt: number;
  letter: PendingLetter;
}

export interface PendingLettersOptions {
  lifetimeMs: number;
  /** Beyond this many, the oldest go first: memory stays bounded whatever happens. */
  maxEntries: number;
}

const DEFAULTS: PendingLettersOptions = { lifetimeMs: 15 * 60_000, maxEntries: 500 };

const digest = (sessionId: string) => createHash('sha256').update(sessionId).digest();

/**
 * Letters with codes in clear, kept for the few minutes between issuing the codes and printing
 * them, and nowhere else: not in the database, the session or a log. Only the staff member who
 * made a letter, in the same session, gets it, and only for `lifetimeMs` (15 minutes). There is
 * at most one letter per applicant account: a newer one revokes the codes of the earlier, which
 * is then dropped. Kept in this process's memory, so a restart (or, with several instances
 * without sticky sessions, another instance) does not have it; the staff member then makes a
 * new letter from the account's page, which revokes the codes nobody printed.
 */
export class PendingLetters {
  private readonly entries = new Map<string, Entry>();
  private readonly options: PendingLettersOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<PendingLettersOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  keep(owner: LetterOwner, applicantAccountId: string, letter: PendingLetter): void {
    this.sweep();
    this.entries.delete(applicantAccountId);
    this.entries.set(applicantAccountId, {
      staffAccountId: owner.staffAccountId,
      sessionDigest: digest(owner.sessionId),
      expiresAt: this.clock.now().getTime() + this.options.lifetimeMs,
      letter,
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The letter for the account, if this owner made it and it has not expired. */
  find(owner: LetterOwner, applicantAccountId: string): PendingLetter | undefined {
    this.sweep();
    const entry = this.entries.get(applicantAccountId);
    if (!entry || entry.staffAccountId !== owner.staffAccountId) return undefined;
    return timingSafeEqual(entry.sessionDigest, digest(owner.sessionId)) ? entry.letter : undefined;
  }

  /** Drops an account's letter (e.g. once the codes it holds no longer work). */
  forget(applicantAccountId: string): void {
    this.entries.delete(applicantAccountId);
  }

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(id);
    }
  }
}

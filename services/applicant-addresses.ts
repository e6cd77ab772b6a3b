import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import { caseAnswers } from './case-answers';
import type { Database } from './db/schema';

/** A postal address the municipality has from a person, and since when. */
export interface KnownAddress {
  /** Street, then postal code and town. */
  lines: string[];
  /** When the application it comes from was received. */
  receivedAt: Date;
}

/**
 * Where a municipality last heard that a person lives: the address in that person's newest sent
 * application there (electronic or registered from paper, as its answers stand after any
 * completion), for a letter in a window envelope. When the newest application gives no full
 * address (someone without a home, say), none is known: an older one would likely be stale.
 */
export class ApplicantAddresses {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
  ) {}

  async latest(personnummer: string, municipalityCode: string): Promise<KnownAddress | undefined> {
    if (!/^\d{12}$/.test(personnummer)) return undefined;
    const row = await this.db
      .selectFrom('application')
      .select(['id', 'received_at'])
      .where('applicant_personnummer', '=', personnummer)
      .where('municipality_code', '=', municipalityCode)
      .where('status', '!=', 'draft')
      .where('received_at', 'is not', null)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row || row.received_at === null) return undefined;
    const answers = await caseAnswers(this.db, this.forms, row.id);
    const lines = answers?.form.hooks.postalAddress?.(answers.answers) ?? [];
    // A street and a town at least: half an address in the window would not arrive.
    if (lines.length < 2) return undefined;
    return { lines, receivedAt: new Date(Number(row.received_at)) };
  }
}

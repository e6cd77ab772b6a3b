import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../services/db/schema';

/** An applicant's account row as the account service will make it, for credential tests. */
export async function addApplicantRow(
  db: Kysely<Database>,
  values: { name?: string; personnummer?: string } = {},
): Promise<string> {
  const id = randomUUID();
  const now = Date.parse('2026-11-24T08:00:00Z');
  await db
    .insertInto('account')
    .values({
      id,
      kind: 'applicant',
      // Unique per row: twelve digits from the id, as the column holds them.
      personnummer: values.personnummer ?? String(parseInt(id.slice(0, 8), 16)).padStart(12, '0'),
      username: null,
      name: values.name ?? 'Łukasz Øvergård',
      mobile: null,
      municipality_code: null,
      password_hash: null,
      password_changed_at: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

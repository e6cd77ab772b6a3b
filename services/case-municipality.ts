import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/**
 * The municipality of a sent application (a case), for a check of staff access before anything
 * of the case is read; undefined for a draft or no application at all, which staff never see.
 */
export async function caseMunicipalityOf(
  db: Kysely<Database>,
  applicationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('application')
    .select('municipality_code')
    .where('id', '=', applicationId)
    .where('status', '!=', 'draft')
    .executeTakeFirst();
  return row?.municipality_code;
}

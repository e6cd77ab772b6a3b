import type { Kysely, Transaction } from 'kysely';
import { fileOrigins } from './attachment-origins';
import type { Database } from './db/schema';

/**
 * The files of a sent application that the applicant has uploaded for a completion and not yet
 * sent: neither sent with the application (its snapshot) nor with an answered completion, nor
 * with a message. Until the completion is sent they are the applicant's draft, which staff do not
 * see; a request that ends unanswered takes them with it.
 */
export async function unsentCompletionFileIds(
  db: Kysely<Database> | Transaction<Database>,
  applicationId: string,
): Promise<string[]> {
  const origins = await fileOrigins(db, applicationId);
  if (!origins) return [];
  const files = await db
    .selectFrom('attachment')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('message_id', 'is', null)
    .execute();
  return files.map((file) => file.id).filter((id) => !origins.has(id));
}

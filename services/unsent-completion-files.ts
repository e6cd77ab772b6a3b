import type { Kysely, Transaction } from 'kysely';
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
  const submission = await db
    .selectFrom('submission')
    .select('snapshot')
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  if (!submission) return [];
  const snapshot = JSON.parse(submission.snapshot) as { attachments?: { id: string }[] };
  const answered = await db
    .selectFrom('completion_request')
    .select('attachment_ids')
    .where('application_id', '=', applicationId)
    .where('attachment_ids', 'is not', null)
    .execute();
  const sent = new Set([
    ...(snapshot.attachments ?? []).map((file) => file.id),
    ...answered.flatMap((row) => JSON.parse(row.attachment_ids ?? '[]') as string[]),
  ]);
  const files = await db
    .selectFrom('attachment')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('message_id', 'is', null)
    .execute();
  return files.map((file) => file.id).filter((id) => !sent.has(id));
}

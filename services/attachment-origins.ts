import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema';

/**
 * How a file of a sent application reached the municipality, and when: with the application
 * (for a paper one, its scanned pages), with an answered completion, or with a message.
 */
export type FileOrigin =
  | { kind: 'application'; at: number }
  | { kind: 'completion'; at: number }
  | { kind: 'message'; at: number };

/**
 * The origin of each file of a sent application that has one (by attachment id); undefined for
 * an application not sent. A file of a sent application without one is the applicant's draft of
 * a completion not sent yet (unsent-completion-files.ts).
 */
export async function fileOrigins(
  db: Kysely<Database> | Transaction<Database>,
  applicationId: string,
): Promise<Map<string, FileOrigin> | undefined> {
  const submission = await db
    .selectFrom('submission')
    .select(['snapshot', 'submitted_at'])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  if (!submission) return undefined;
  const origins = new Map<string, FileOrigin>();
  const snapshot = JSON.parse(submission.snapshot) as { attachments?: { id: string }[] };
  for (const file of snapshot.attachments ?? []) {
    origins.set(file.id, { kind: 'application', at: Number(submission.submitted_at) });
  }
  const answered = await db
    .selectFrom('completion_request')
    .select(['attachment_ids', 'answered_at'])
    .where('application_id', '=', applicationId)
    .where('attachment_ids', 'is not', null)
    .execute();
  for (const request of answered) {
    for (const id of JSON.parse(request.attachment_ids ?? '[]') as string[]) {
      origins.set(id, { kind: 'completion', at: Number(request.answered_at) });
    }
  }
  const withMessages = await db
    .selectFrom('attachment')
    .innerJoin('message', 'message.id', 'attachment.message_id')
    .select(['attachment.id', 'message.created_at'])
    .where('attachment.application_id', '=', applicationId)
    .execute();
  for (const file of withMessages) {
    origins.set(file.id, { kind: 'message', at: Number(file.created_at) });
  }
  return origins;
}

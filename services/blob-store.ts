import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';

/**
 * Where the bytes of uploaded files live. Rows that name a file (attachments) keep only the id
 * `put` returns, so the bytes can move to another store without touching them.
 */
export interface BlobStore {
  /** Stores the bytes under a new random id and returns the id. */
  put(bytes: Buffer): Promise<string>;
  get(id: string): Promise<Buffer | undefined>;
  delete(id: string): Promise<void>;
}

/**
 * The default store: the bytes in the database itself (`blob`), so several instances share them
 * and a backup of the database holds everything.
 */
export class DatabaseBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async put(bytes: Buffer): Promise<string> {
    const id = randomUUID();
    await this.db
      .insertInto('blob')
      .values({ id, bytes, size: bytes.length, created_at: this.clock.now().getTime() })
      .execute();
    return id;
  }

  async get(id: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('blob')
      .select('bytes')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? Buffer.from(row.bytes) : undefined;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('blob').where('id', '=', id).execute();
  }

  /**
   * Deletes blobs that no attachment names and that are older than `olderThanMs`: left when an
   * application was deleted with its attachments, or when a process stopped between storing the
   * bytes and the row naming them. The age keeps an upload under way safe.
   */
  async sweepUnreferenced(olderThanMs: number): Promise<number> {
    const before = this.clock.now().getTime() - olderThanMs;
    const result = await this.db
      .deleteFrom('blob')
      .where('created_at', '<', before)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('attachment')
              .select('attachment.id')
              .whereRef('attachment.blob_id', '=', 'blob.id'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import type { ApplicationRecord } from './application-records';
import type { ApplicationService } from './application-service';
import type { AttachmentService, UploadedFile } from './attachments';
import type { BlobStore } from './blob-store';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { ReadingNote } from './paper-registration';
import { MAX_IMAGES } from './paper-scan';
import { checkScans, draftFromReading, readScans, type UnreadScans } from './paper-scan-reading';
import type { PaperScanner } from './paper-scanner';

export type AddScansResult =
  | { outcome: 'added'; note: ReadingNote }
  /** Changed, registered or removed since the page was shown: nothing was stored. */
  | { outcome: 'stale' }
  /** What the codes gave would pass the draft's size cap: nothing was stored. */
  | { outcome: 'tooLarge' }
  | UnreadScans;

/**
 * More pages for a paper application being registered (the signed original of one filled in by
 * hand, the pages whose codes did not read the first time): checked as the first upload's are
 * and kept after the pages it has, in order. While the draft has no answers, the codes of all its
 * pages are read together, so parts found in two uploads make one application, and the draft is
 * filled in as a first upload's is; answers already there are never changed.
 */
export class PaperDraftScans {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly applications: ApplicationService,
    private readonly attachments: AttachmentService,
    private readonly blobs: BlobStore,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
    private readonly scanner: Pick<PaperScanner, 'read'>,
  ) {}

  /**
   * `record` is the draft as the caller found it for a staff member who may write in its
   * municipality; `audited` writes the post's audit row in the transaction that stores the pages.
   */
  async add(
    record: ApplicationRecord,
    seenVersion: number,
    files: readonly UploadedFile[],
    audited: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<AddScansResult> {
    // A page from before another change: nothing is read, nothing stored.
    if (seenVersion !== record.rowVersion) return { outcome: 'stale' };
    const { limits } = this.attachments;
    const scans = await checkScans(files, limits);
    if (!Array.isArray(scans)) return { outcome: 'refused', refusal: scans };
    const kept = await this.db
      .selectFrom('attachment')
      .select(['name', 'size', 'blob_id', 'created_at'])
      .where('application_id', '=', record.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // All its pages are read together, so together they stay within what one reading takes.
    if (kept.length + scans.length > MAX_IMAGES) {
      return { outcome: 'refused', refusal: { problem: 'tooManyPictures', most: MAX_IMAGES } };
    }
    const bytes = [...kept.map((file) => file.size), ...scans.map((scan) => scan.bytes.length)];
    if (bytes.reduce((sum, size) => sum + size, 0) > limits.maxTotalBytes) {
      return { outcome: 'refused', refusal: { problem: 'picturesOverQuota' } };
    }
    // Answers typed or read are the caseworker's: the new pages are only checked, as at the start
    // (pictures that open, a PDF's pages, no active content, one application's codes).
    const answered = Object.keys(record.draft.input).length > 0;
    const earlier = answered ? [] : await this.bytesOf(kept);
    const read = await readScans(this.scanner, [...earlier, ...scans]);
    if ('outcome' in read) return read;
    let note: ReadingNote = { kind: 'attached', count: scans.length };
    let replacement: Parameters<ApplicationService['changePaper']>[2];
    if (!answered) {
      const started = draftFromReading(read.reading, this.forms, this.clock);
      note = started.note ?? { kind: 'noCodes' };
      if (note.kind === 'read') replacement = { form: started.form, draft: started.draft };
    }

    // The bytes go in before the transaction (on SQLite it holds the only connection), and out
    // again when nothing names them.
    const blobIds: string[] = [];
    const now = this.clock.now().getTime();
    // After the pages it has, a millisecond apart, in the order they were uploaded.
    const first = Math.max(now, Number(kept.at(-1)?.created_at ?? 0) + 1);
    let changed: Awaited<ReturnType<ApplicationService['changePaper']>>;
    try {
      for (const scan of scans) blobIds.push(await this.blobs.put(scan.bytes));
      changed = await this.applications.changePaper(
        record,
        seenVersion,
        replacement,
        async (trx) => {
          for (const [index, scan] of scans.entries()) {
            const blobId = blobIds[index] ?? '';
            await this.attachments.insertScan(trx, record.id, scan, blobId, first + index);
          }
          await audited(trx);
        },
      );
    } catch (error) {
      await this.forget(blobIds);
      throw error;
    }
    if (changed !== 'changed') {
      await this.forget(blobIds);
      return { outcome: changed };
    }
    return { outcome: 'added', note };
  }

  /** The pages kept with the draft, to read again with the new ones. */
  private async bytesOf(kept: readonly { name: string; blob_id: string }[]) {
    const pages = [];
    for (const file of kept) {
      const bytes = await this.blobs.get(file.blob_id);
      if (bytes) pages.push({ name: file.name, bytes });
    }
    return pages;
  }

  private async forget(blobIds: readonly string[]) {
    for (const id of blobIds) await this.blobs.delete(id);
  }
}

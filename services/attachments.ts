import { createHash, randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Actor } from './application-service';
import { sanitiseFileName, withExtensionOf } from './attachment-names';
import { detectAllowedType, type AllowedType } from './attachment-types';
import type { BlobStore } from './blob-store';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { PdfChecker } from './pdf-checker';
import { caseMunicipalityOf } from './case-municipality';
import { mayRead, type StaffMember } from './staff-access';
import { unsentCompletionFileIds } from './unsent-completion-files';
import { withoutPhotoMetadata } from './photo-metadata';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface AttachmentLimits {
  /** Files one application may have. */
  maxFiles: number;
  /** Bytes one file may have. */
  maxFileBytes: number;
  /** Bytes all files of one application may have together. */
  maxTotalBytes: number;
}

export interface UploadedFile {
  /** The name the browser sent: shown only after sanitising, never used to store anything. */
  originalName: string;
  bytes: Buffer;
}

export interface AttachmentInfo {
  id: string;
  /** Sanitised: safe to show and to offer as a download name (still user data: escape it). */
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: number;
  /** Sent with a message in the thread: it stays with the message, never part of a completion. */
  withMessage: boolean;
}

/** Why a file was not stored; each has a message in the locale files. */
export type RefusalReason =
  | 'empty'
  | 'notAllowedType'
  | 'tooLarge'
  | 'tooMany'
  | 'overQuota'
  /** A PDF with JavaScript, a Launch action, embedded files or XFA (pdf-active-content.ts). */
  | 'activeContent'
  /** A PDF that could not be checked just now (too many at once, too slow): try again. */
  | 'notChecked'
  /** A PDF locked with a password: neither checked nor readable at the municipality. */
  | 'pdfLocked'
  /** A file that starts as a PDF but does not open as one. */
  | 'pdfBroken';

export type FileOutcome =
  | { name: string; outcome: 'stored'; attachment: AttachmentInfo }
  | { name: string; outcome: 'refused'; reason: RefusalReason };

export interface OpenedAttachment {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

export interface Accepted {
  name: string;
  refused?: undefined;
  type: AllowedType;
  bytes: Buffer;
}

type Checked = { name: string; refused: RefusalReason } | Accepted;

interface Usage {
  count: number;
  bytes: number;
}

type Db = Kysely<Database> | Transaction<Database>;

function refusedOf(files: readonly Checked[]): FileOutcome[] {
  return files.flatMap((file) =>
    file.refused ? [{ name: file.name, outcome: 'refused' as const, reason: file.refused }] : [],
  );
}

/**
 * When the owner may add or remove files: while the application is a draft, or (the caller
 * having checked that files were asked for) while the municipality waits for a completion, or
 * with a message once it is sent. Files with a message are stored all or none: a message goes
 * with every file the applicant chose, or the page says which one stopped it.
 */
export type AttachmentStage = 'draft' | 'completion' | 'message';

function inStage(stage: AttachmentStage) {
  return (eb: ExpressionBuilder<Database, 'application'>) => {
    if (stage === 'message') return eb('status', '!=', 'draft');
    return eb('status', '=', stage === 'draft' ? 'draft' : 'komplettering-begard');
  };
}

/**
 * The files an applicant attaches to an application. Only the owner of a draft may add or remove
 * them; only the owner, and staff of the municipality once it is sent, may list or open them, and anyone else gets exactly what a missing id gets
 * (undefined: a 404 to the caller). A file is accepted by its bytes (PDF, JPEG, PNG, HEIC), its
 * size and the application's count and quota, and a PDF only without active content (code,
 * Launch actions, embedded files, XFA: checked by pdf.js in a worker, pdf-checker.ts); it is
 * stored under a random id with its SHA-256. Every applicant upload (the Bilagor step, a
 * completion, files with a message) comes through `add`.
 */
export class AttachmentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    readonly limits: AttachmentLimits,
    private readonly pdfs: Pick<PdfChecker, 'check'>,
  ) {}

  /** Each file stored or refused with a reason, in the order given; undefined if not allowed. */
  async add(
    actor: Actor,
    applicationId: string,
    files: readonly UploadedFile[],
    stage: AttachmentStage = 'draft',
    /** Written in the same transaction once every file is stored (the message they go with). */
    alongside?: (trx: Transaction<Database>, stored: AttachmentInfo[]) => Promise<void>,
  ): Promise<FileOutcome[] | undefined> {
    if (!(await this.mayChange(actor, applicationId, stage))) return undefined;
    // One file after another: an upload's PDFs then wait in the check's queue one at a time, so
    // the queue counts uploads rather than files.
    const checked: Checked[] = [];
    for (const file of files) checked.push(await this.check(file));
    // A first count without a lock, so files that cannot fit are not written only to be deleted.
    const planned = this.plan(checked, await this.usageOf(this.db, applicationId));
    const allOrNone = stage === 'message';
    if (allOrNone && planned.some((file) => file.refused)) return refusedOf(planned);
    const blobIds: (string | undefined)[] = [];
    for (const file of planned)
      blobIds.push(file.refused ? undefined : await this.blobs.put(file.bytes));
    // The decisive count, under the application row's lock, so that two uploads at once cannot
    // both pass the limits. No blob is written in here: on SQLite the transaction holds the
    // only connection.
    const written = blobIds.filter((blobId) => blobId !== undefined);
    const outcomes = await this.db
      .transaction()
      .execute(async (trx) => {
        const now = this.clock.now().getTime();
        if (!(await this.lockDraft(trx, actor, applicationId, now, stage))) return undefined;
        const decided = this.plan(planned, await this.usageOf(trx, applicationId));
        if (allOrNone && decided.some((file) => file.refused)) return refusedOf(decided);
        const results: FileOutcome[] = [];
        for (const [index, file] of decided.entries()) {
          const blobId = blobIds[index];
          if (file.refused || blobId === undefined) {
            results.push({
              name: file.name,
              outcome: 'refused',
              reason: file.refused ?? 'tooMany',
            });
            continue;
          }
          const attachment = await this.insert(trx, applicationId, file, blobId, now);
          blobIds[index] = undefined;
          results.push({ name: file.name, outcome: 'stored', attachment });
        }
        if (alongside) {
          await alongside(
            trx,
            results.flatMap((result) => (result.outcome === 'stored' ? [result.attachment] : [])),
          );
        }
        return results;
      })
      .catch(async (error: unknown) => {
        // Rolled back (`alongside` may refuse it): no row keeps any of the bytes.
        for (const blobId of written) await this.blobs.delete(blobId);
        throw error;
      });
    // Bytes written for files that did not get a row after all.
    for (const blobId of blobIds) if (blobId !== undefined) await this.blobs.delete(blobId);
    return outcomes;
  }

  /** The application's files, oldest first (by name within one upload); undefined if this actor may not see them. */
  async list(actor: Actor, applicationId: string): Promise<AttachmentInfo[] | undefined> {
    if (!(await this.mayRead(actor, applicationId))) return undefined;
    return this.filesOf(applicationId);
  }

  /**
   * Staff read path: the files of a sent application in a municipality where the staff member
   * has a grant; undefined otherwise, exactly as for a missing application. Files uploaded for a
   * completion the applicant has not sent yet are still theirs, and not among them.
   */
  async listForStaff(
    staff: StaffMember,
    applicationId: string,
  ): Promise<AttachmentInfo[] | undefined> {
    if (!(await this.staffMayRead(staff, applicationId))) return undefined;
    const unsent = new Set(await unsentCompletionFileIds(this.db, applicationId));
    return (await this.filesOf(applicationId)).filter((file) => !unsent.has(file.id));
  }

  /** Staff read path: one file of a sent application they may see, or undefined. */
  async openForStaff(
    staff: StaffMember,
    applicationId: string,
    attachmentId: string,
  ): Promise<OpenedAttachment | undefined> {
    if (!(await this.staffMayRead(staff, applicationId))) return undefined;
    if ((await unsentCompletionFileIds(this.db, applicationId)).includes(attachmentId)) {
      return undefined;
    }
    return this.fileOf(applicationId, attachmentId);
  }

  private async filesOf(applicationId: string): Promise<AttachmentInfo[]> {
    const rows = await this.db
      .selectFrom('attachment')
      .select(['id', 'name', 'media_type', 'size', 'sha256', 'created_at', 'message_id'])
      .where('application_id', '=', applicationId)
      .execute();
    // Sorted here, not by the database, so both dialects' collations give the same order.
    return rows
      .map((row) => ({
        id: row.id,
        name: row.name,
        mediaType: row.media_type,
        size: row.size,
        sha256: row.sha256,
        createdAt: Number(row.created_at),
        withMessage: row.message_id !== null,
      }))
      .sort(
        (a, b) =>
          a.createdAt - b.createdAt || a.name.localeCompare(b.name, 'sv') || (a.id < b.id ? -1 : 1),
      );
  }

  /** The file to download, or undefined: missing, another application's, or not this actor's. */
  async open(
    actor: Actor,
    applicationId: string,
    attachmentId: string,
  ): Promise<OpenedAttachment | undefined> {
    if (!(await this.mayRead(actor, applicationId))) return undefined;
    return this.fileOf(applicationId, attachmentId);
  }

  private async fileOf(
    applicationId: string,
    attachmentId: string,
  ): Promise<OpenedAttachment | undefined> {
    const row = await this.db
      .selectFrom('attachment')
      .select(['name', 'media_type', 'blob_id'])
      .where('id', '=', attachmentId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    const bytes = row ? await this.blobs.get(row.blob_id) : undefined;
    return row && bytes ? { name: row.name, mediaType: row.media_type, bytes } : undefined;
  }

  /**
   * Removes a file of a draft: its name, for the page to say what was removed; false when there
   * was nothing this actor may remove.
   */
  async remove(
    actor: Actor,
    applicationId: string,
    attachmentId: string,
    // A file sent with a message stays with it: the thread is a record of what was sent.
    stage: Exclude<AttachmentStage, 'message'> = 'draft',
  ): Promise<string | false> {
    const removed = await this.db.transaction().execute(async (trx) => {
      if (!(await this.lockDraft(trx, actor, applicationId, this.clock.now().getTime(), stage))) {
        return undefined;
      }
      const row = await trx
        .selectFrom('attachment')
        .select(['blob_id', 'name'])
        .where('id', '=', attachmentId)
        .where('application_id', '=', applicationId)
        .where('message_id', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      await trx.deleteFrom('attachment').where('id', '=', attachmentId).execute();
      return row;
    });
    if (removed === undefined) return false;
    await this.blobs.delete(removed.blob_id);
    return removed.name;
  }

  /**
   * Scans a caseworker adds to a sent case (the answer to a letter): each checked as an
   * applicant's file is, and the upload within the limits of one application's files (the
   * applicant's own quota is not theirs to fill), or the refusals and nothing to store. The
   * caller puts the bytes and writes each with `insertScan`.
   */
  /**
   * The SHA-256 of each file as it would be stored (a photo without its metadata), sorted: the
   * same upload always gives the same list, so a form sent twice is told from one sent again
   * with other files.
   */
  async storedDigests(files: readonly UploadedFile[]): Promise<string[]> {
    const digests: string[] = [];
    for (const file of files) {
      const type = await detectAllowedType(file.bytes);
      digests.push(sha256Of(type ? withoutPhotoMetadata(type.mediaType, file.bytes) : file.bytes));
    }
    return digests.sort();
  }

  async checkScans(
    files: readonly UploadedFile[],
  ): Promise<{ accepted: Accepted[] } | { refused: FileOutcome[] }> {
    const checked: Checked[] = [];
    for (const file of files) checked.push(await this.check(file));
    const planned = this.plan(checked, { count: 0, bytes: 0 });
    const refused = refusedOf(planned);
    if (refused.length > 0) return { refused };
    return { accepted: planned.filter((file): file is Accepted => !file.refused) };
  }

  /**
   * A scan stored by a caseworker (of a paper application as it is registered, or of an answer
   * by post) in the caller's transaction, the bytes already put in the blob store (see add). Its
   * type and limits are the caller's to have checked.
   */
  insertScan(
    trx: Transaction<Database>,
    applicationId: string,
    scan: { name: string; type: AllowedType; bytes: Buffer },
    blobId: string,
    now: number,
  ): Promise<AttachmentInfo> {
    const name = withExtensionOf(sanitiseFileName(scan.name), scan.type.extensions);
    return this.insert(trx, applicationId, { ...scan, name }, blobId, now);
  }

  private async insert(
    trx: Transaction<Database>,
    applicationId: string,
    file: Accepted,
    blobId: string,
    now: number,
  ): Promise<AttachmentInfo> {
    const attachment: AttachmentInfo = {
      id: randomUUID(),
      name: file.name,
      mediaType: file.type.mediaType,
      size: file.bytes.length,
      sha256: sha256Of(file.bytes),
      createdAt: now,
      withMessage: false,
    };
    await trx
      .insertInto('attachment')
      .values({
        id: attachment.id,
        application_id: applicationId,
        blob_id: blobId,
        name: attachment.name,
        media_type: attachment.mediaType,
        size: attachment.size,
        sha256: attachment.sha256,
        created_at: now,
      })
      .execute();
    return attachment;
  }

  /**
   * A file on its own: not empty, not too large, of an allowed type by its bytes, and a PDF
   * that opens without a password and has no active content.
   */
  private async check(file: UploadedFile): Promise<Checked> {
    const name = sanitiseFileName(file.originalName);
    if (file.bytes.length === 0) return { name, refused: 'empty' };
    if (file.bytes.length > this.limits.maxFileBytes) return { name, refused: 'tooLarge' };
    const type = await detectAllowedType(file.bytes);
    if (!type) return { name, refused: 'notAllowedType' };
    if (type.mediaType === 'application/pdf') {
      const verdict = await this.pdfs.check(file.bytes);
      if (verdict.outcome === 'active') return { name, refused: 'activeContent' };
      if (verdict.outcome === 'unchecked') return { name, refused: 'notChecked' };
      if (verdict.outcome === 'locked') return { name, refused: 'pdfLocked' };
      if (verdict.outcome === 'unreadable') return { name, refused: 'pdfBroken' };
    }
    const bytes = withoutPhotoMetadata(type.mediaType, file.bytes);
    return { name: withExtensionOf(name, type.extensions), type, bytes };
  }

  /** The files that still fit beside what the application already has, in order. */
  private plan(files: readonly Checked[], usage: Usage): Checked[] {
    let { count, bytes } = usage;
    return files.map((file) => {
      if (file.refused) return file;
      if (count + 1 > this.limits.maxFiles) return { name: file.name, refused: 'tooMany' };
      if (bytes + file.bytes.length > this.limits.maxTotalBytes) {
        return { name: file.name, refused: 'overQuota' };
      }
      count += 1;
      bytes += file.bytes.length;
      return file;
    });
  }

  private async usageOf(db: Db, applicationId: string): Promise<Usage> {
    const row = await db
      .selectFrom('attachment')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.sum('size').as('bytes')])
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  private async mayRead(actor: Actor, applicationId: string): Promise<boolean> {
    if (actor.kind !== 'applicant') return false;
    const row = await this.db
      .selectFrom('application')
      .select('id')
      .where('id', '=', applicationId)
      .where('owner_id', '=', actor.userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async staffMayRead(staff: StaffMember, applicationId: string): Promise<boolean> {
    const municipality = await caseMunicipalityOf(this.db, applicationId);
    return municipality !== undefined && mayRead(staff, municipality);
  }

  private async mayChange(
    actor: Actor,
    applicationId: string,
    stage: AttachmentStage,
  ): Promise<boolean> {
    if (actor.kind !== 'applicant') return false;
    const row = await this.db
      .selectFrom('application')
      .select('id')
      .where('id', '=', applicationId)
      .where('owner_id', '=', actor.userId)
      .where(inStage(stage))
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Marks the draft changed, which takes its row's write lock for the transaction on PostgreSQL
   * and SQLite alike, and says whether it is this applicant's draft.
   */
  private async lockDraft(
    trx: Transaction<Database>,
    actor: Actor,
    applicationId: string,
    now: number,
    stage: AttachmentStage,
  ): Promise<boolean> {
    if (actor.kind !== 'applicant') return false;
    const result = await trx
      .updateTable('application')
      .set({ updated_at: now })
      .where('id', '=', applicationId)
      .where('owner_id', '=', actor.userId)
      .where(inStage(stage))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

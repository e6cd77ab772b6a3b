import { recordEvent } from './application-events';
import type { Kysely, Transaction } from 'kysely';
import type { FormRegistry } from '../forms';
import type { Draft } from '../forms/types';
import type { ApplicationRecord } from './application-records';
import type { ApplicationService } from './application-service';
import type { AttachmentLimits, AttachmentService, UploadedFile } from './attachments';
import type { AuditAction, AuditLog, AuditOutcome } from './audit-log';
import type { BlobStore } from './blob-store';
import type { CaseDuplicates, Duplicate } from './case-duplicates';
import { recordCaseColumns } from './case-columns';
import type { StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { MunicipalityService } from './municipalities';
import { readTypedCodes, type PaperReading } from './paper-scan';
import type { PdfIssue } from './paper-scan-pdf';
import type { PaperScanner, PaperScannerFailedError } from './paper-scanner';
import { PaperDraftScans, type AddScansResult } from './paper-draft-scans';
import {
  checkScans,
  draftFromReading,
  noteOf,
  readScans,
  type CheckedScan,
} from './paper-scan-reading';
import { mayRead, mayWrite, roleIn, writableMunicipalities } from './staff-access';
import { newReceiptNumber } from './submissions';

/** How a paper application comes in: photos or scans, the codes' typed text, or nothing. */
export type PaperSource =
  | { kind: 'scan'; files: readonly UploadedFile[] }
  | { kind: 'codes'; text: string }
  | { kind: 'hand' };

/** What reading the codes gave, told to the caseworker on the registration's page. */
export type ReadingNote =
  | { kind: 'read'; stepsWithErrors: number }
  | { kind: 'missingParts'; missing: number[]; parts: number }
  | { kind: 'noCodes' | 'damaged' | 'severalApplications' | 'unknownForm' }
  /** Pages added to a draft that had answers: kept, and the answers left as they were. */
  | { kind: 'attached'; count: number };

/** Why an upload was refused as a whole; nothing of it was kept. */
export type ScanRefusal =
  | { problem: 'noFile' }
  | {
      problem: 'notAllowedType' | 'empty' | 'tooLarge' | 'notAnImage' | 'imageTooLarge';
      name: string;
    }
  /** A PDF whose pages could not be taken out: locked, broken, too long or too large. */
  | { problem: 'pdf'; issue: PdfIssue; name: string }
  | { problem: 'tooMany' }
  | { problem: 'overQuota' }
  /** Pages added to a draft: with the ones kept, more files than one reading takes. */
  | { problem: 'tooManyPictures'; most: number }
  /** Pages added to a draft: with the ones kept, more bytes than one application's files. */
  | { problem: 'picturesOverQuota' }
  /** Codes of two applications: one household's papers are never kept with another's. */
  | { problem: 'severalApplications' }
  /** The reading ran out of time, or its thread died: nothing was read or kept. */
  | { problem: 'readFailed'; reason: PaperScannerFailedError['reason'] };

export type StartResult =
  | { outcome: 'started'; record: ApplicationRecord; note: ReadingNote | undefined }
  /** A read-only grant, or a municipality where the staff member may not write (SEC-16). */
  | { outcome: 'forbidden' }
  | { outcome: 'refused'; refusal: ScanRefusal; cause?: unknown }
  /** Typed codes that could not be read: nothing was stored, the text comes back. */
  | { outcome: 'codesNotRead'; note: Exclude<ReadingNote, { kind: 'read' | 'attached' }> }
  /** The answers would pass the draft's size cap. */
  | { outcome: 'tooLarge' }
  /** Too many uploads are being read at once: nothing was stored. */
  | { outcome: 'busy' };

export type OpenResult =
  | { outcome: 'found'; record: ApplicationRecord }
  /** Missing, or another municipality's: the same to the caller (SEC-15). */
  | { outcome: 'notFound' }
  /** Registered already (a page of it reached again with "back"): the case it became. */
  | { outcome: 'registered'; applicationId: string }
  /** The municipality's, but a read-only grant (SEC-16). */
  | { outcome: 'forbidden' };

export type RegisterResult =
  | { outcome: 'registered'; applicationId: string }
  | { outcome: 'incomplete' }
  /** The caseworker did not confirm a signature the paper must carry: nothing was written. */
  | { outcome: 'unsigned'; missingApplicant: boolean; missingCoApplicant: boolean }
  /** Registered or changed since the page was shown: nothing was written. */
  | { outcome: 'stale' }
  /**
   * The person has another live application for the month that the caseworker has not said
   * this one is not (`notSame`), perhaps registered a moment ago by a colleague: nothing written.
   */
  | { outcome: 'duplicates'; duplicates: Duplicate[] };

/** What the caseworker confirmed, looking at the paper: who signed it. */
export interface PaperSignatures {
  applicant: boolean;
  coApplicant: boolean;
}

/** One uploaded scan of a paper application, to compare with the answers. */
export type ScanResult =
  | { outcome: 'found'; file: { name: string; mediaType: string; bytes: Buffer } }
  | { outcome: 'notFound' }
  | { outcome: 'forbidden' };

/** The received date as an instant: noon UTC is the same date in Sweden all year. */
export function receivedInstant(day: string): number {
  return Date.parse(`${day}T12:00:00Z`);
}

/**
 * "Registrera pappersansökan": a caseworker (or admin) turns a mailed, signed paper application
 * into a sent application of their municipality. The answers read from its codes go through the
 * same reading and validation as typed ones (forms/paper-input.ts); the draft is the
 * municipality's (channel `post`, no owner) until it is registered with the date it came by post.
 * Every call writes one audit row, in the transaction of what it changes.
 */
export class PaperRegistration {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly applications: ApplicationService,
    private readonly attachments: AttachmentService,
    private readonly blobs: BlobStore,
    private readonly audit: AuditLog,
    private readonly forms: FormRegistry,
    private readonly municipalities: MunicipalityService,
    private readonly clock: Clock,
    private readonly scanner: Pick<PaperScanner, 'read'>,
    private readonly duplicates: CaseDuplicates,
  ) {
    this.draftScans = new PaperDraftScans(
      db,
      applications,
      attachments,
      blobs,
      forms,
      clock,
      scanner,
    );
  }

  private readonly draftScans: PaperDraftScans;

  get limits(): AttachmentLimits {
    return this.attachments.limits;
  }

  /** The municipalities where the staff member may register paper applications. */
  writable(who: StaffRequest): string[] {
    return writableMunicipalities(who.staff);
  }

  /** The actor ApplicationService knows the staff member by: their writable municipalities. */
  actorOf(who: StaffRequest) {
    return {
      kind: 'staff' as const,
      accountId: who.staff.account.id,
      municipalities: this.writable(who),
    };
  }

  async start(
    who: StaffRequest,
    municipalityCode: string,
    source: PaperSource,
  ): Promise<StartResult> {
    if (!mayWrite(who.staff, municipalityCode)) {
      // Only a code of the staff member's own grants goes into the audit row (SEC-23).
      const known = who.staff.grants.some((grant) => grant.municipalityCode === municipalityCode);
      await this.record(who, known ? municipalityCode : null, null, 'change', 'denied');
      return { outcome: 'forbidden' };
    }
    let scans: CheckedScan[] = [];
    let reading: PaperReading | undefined;
    // A try that stored nothing is in the log too, as not done (SEC-29).
    const notDone = async (result: StartResult) => {
      await this.record(who, municipalityCode, null, 'change', 'invalid');
      return result;
    };
    if (source.kind === 'scan') {
      const checked = await checkScans(source.files, this.limits);
      if (!Array.isArray(checked)) return notDone({ outcome: 'refused', refusal: checked });
      const read = await readScans(this.scanner, checked);
      if ('outcome' in read) return notDone(read);
      scans = checked;
      reading = read.reading;
    } else if (source.kind === 'codes') {
      reading = readTypedCodes(source.text, this.forms);
      if (!reading.ok) return notDone({ outcome: 'codesNotRead', note: noteOf(reading) });
    }

    const { form, draft, note } = draftFromReading(reading, this.forms, this.clock);
    // The bytes go in before the transaction: on SQLite it holds the only connection.
    const blobIds: string[] = [];
    for (const scan of scans) blobIds.push(await this.blobs.put(scan.bytes));
    const now = this.clock.now().getTime();
    const record = await this.applications.startPaper(
      form,
      municipalityCode,
      draft,
      async (trx, started) => {
        for (const [index, scan] of scans.entries()) {
          // A millisecond apart, so the pages stay in the order they were uploaded.
          await this.attachments.insertScan(
            trx,
            started.id,
            scan,
            blobIds[index] ?? '',
            now + index,
          );
        }
        await this.record(who, municipalityCode, started.id, 'change', 'ok', trx);
      },
    );
    if (!record) {
      for (const id of blobIds) await this.blobs.delete(id);
      return { outcome: 'tooLarge' };
    }
    return { outcome: 'started', record, note };
  }

  /**
   * Pages added to a draft that `open` found for the staff member (with 'change'): see
   * PaperDraftScans. One 'change' audit row when they are stored; a refusal stores nothing and
   * writes nothing here (the page shown again logs its look).
   */
  addScans(
    who: StaffRequest,
    record: ApplicationRecord,
    seenVersion: number,
    files: readonly UploadedFile[],
  ): Promise<AddScansResult> {
    return this.draftScans.add(record, seenVersion, files, this.auditedSave(who, record));
  }

  /**
   * A paper application being registered, for staff of its municipality who may write. A page
   * that shows more than the draft (the overview's duplicates) logs its look itself (`viewed`),
   * so the one row names what it shows.
   */
  async open(
    who: StaffRequest,
    id: string,
    action: AuditAction,
    options: { pageLogsView?: boolean } = {},
  ): Promise<OpenResult> {
    const record = await this.applications.find(
      { kind: 'staff', accountId: who.staff.account.id, municipalities: this.readable(who) },
      id,
    );
    if (!record) {
      // Nothing of it is shown or changed here: a refusal, whoever asks (SEC-29).
      const sent = await this.registeredCase(who, id);
      if (sent) await this.record(who, sent.municipality_code, id, action, 'denied');
      if (sent && mayWrite(who.staff, sent.municipality_code)) {
        return { outcome: 'registered', applicationId: sent.id };
      }
      if (sent) return { outcome: 'forbidden' };
      await this.record(who, null, id, action, 'denied');
      return { outcome: 'notFound' };
    }
    if (!mayWrite(who.staff, record.municipalityCode)) {
      await this.record(who, record.municipalityCode, id, action, 'denied');
      return { outcome: 'forbidden' };
    }
    // A change writes its row with the change itself (auditedSave).
    if (action !== 'change' && !(action === 'view' && options.pageLogsView)) {
      await this.record(who, record.municipalityCode, id, action, 'ok');
    }
    return { outcome: 'found', record };
  }

  /**
   * One of its scans, for a staff member who may register it (as `open`): one 'download' audit
   * row, 'ok' only when the file was there to give.
   */
  async scan(who: StaffRequest, id: string, fileId: string): Promise<ScanResult> {
    const record = await this.applications.find(
      { kind: 'staff', accountId: who.staff.account.id, municipalities: this.readable(who) },
      id,
    );
    if (!record) {
      await this.record(who, null, id, 'download', 'denied');
      return { outcome: 'notFound' };
    }
    if (!mayWrite(who.staff, record.municipalityCode)) {
      await this.record(who, record.municipalityCode, id, 'download', 'denied');
      return { outcome: 'forbidden' };
    }
    const row = await this.db
      .selectFrom('attachment')
      .select(['name', 'media_type', 'blob_id'])
      .where('id', '=', fileId)
      .where('application_id', '=', record.id)
      .executeTakeFirst();
    const bytes = row ? await this.blobs.get(row.blob_id) : undefined;
    await this.record(who, record.municipalityCode, id, 'download', bytes ? 'ok' : 'denied');
    return row && bytes
      ? { outcome: 'found', file: { name: row.name, mediaType: row.media_type, bytes } }
      : { outcome: 'notFound' };
  }

  /** Whether the paper must carry a medsökande's signature too (the answers name one). */
  hasCoApplicant(record: ApplicationRecord): boolean {
    return record.form.hooks.signers(record.draft.values).length > 1;
  }

  /**
   * A page of it shown: the overview, or a page shown again after a change that stored nothing
   * (bad input, a stale page). `shown` names the other applications on it (its duplicates).
   */
  viewed(who: StaffRequest, record: ApplicationRecord, shown: readonly string[] = []) {
    return this.record(who, record.municipalityCode, record.id, 'view', 'ok', undefined, shown);
  }

  /** The audit row of a save, for ApplicationService to write in the save's transaction. */
  auditedSave(who: StaffRequest, record: ApplicationRecord) {
    return (trx: Transaction<Database>) =>
      this.record(who, record.municipalityCode, record.id, 'change', 'ok', trx);
  }

  /** The scans kept with it, in the order they were uploaded. */
  async scansOf(record: ApplicationRecord) {
    const rows = await this.db
      .selectFrom('attachment')
      .select(['id', 'name', 'size'])
      .where('application_id', '=', record.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, size: row.size }));
  }

  /**
   * Discards a paper application not yet registered, with its scans. The transaction first claims
   * the draft at the version the page was shown with: a page from before it was registered or
   * changed (another tab) deletes nothing and gets 'stale'.
   */
  async discard(
    who: StaffRequest,
    record: ApplicationRecord,
    seenVersion: number,
  ): Promise<'discarded' | 'stale' | 'gone'> {
    const blobIds = await this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('application')
        .set({ row_version: seenVersion + 1 })
        .where('id', '=', record.id)
        .where('status', '=', 'draft')
        .where('channel', '=', 'post')
        .where('owner_id', 'is', null)
        .where('row_version', '=', seenVersion)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        // Changed by another tab (its page, shown again, logs the look); or gone, registered or
        // removed meanwhile, with nothing to show: the refused change is logged here.
        const still = await trx
          .selectFrom('application')
          .select('id')
          .where('id', '=', record.id)
          .where('status', '=', 'draft')
          .executeTakeFirst();
        if (still) return 'stale' as const;
        await this.record(who, record.municipalityCode, record.id, 'change', 'invalid', trx);
        return 'gone' as const;
      }
      const files = await trx
        .selectFrom('attachment')
        .select('blob_id')
        .where('application_id', '=', record.id)
        .execute();
      await trx.deleteFrom('attachment').where('application_id', '=', record.id).execute();
      await trx.deleteFrom('application').where('id', '=', record.id).execute();
      await this.record(who, record.municipalityCode, record.id, 'change', 'ok', trx);
      return files.map((file) => file.blob_id);
    });
    if (typeof blobIds === 'string') return blobIds;
    for (const id of blobIds) await this.blobs.delete(id);
    return 'discarded';
  }

  /**
   * Registers it as received by post on `receivedDay` (YYYY-MM-DD, checked by the caller): the
   * status `inkommen`, the submission with a receipt number, the event and the audit row, in
   * one transaction with a conditional update, so two posts register it once. Only a paper the
   * caseworker says is signed by the applicant (and the medsökande, when there is one) is
   * registered. It is not opened by this: it comes to "Nya" for the other caseworkers.
   */
  async register(
    who: StaffRequest,
    record: ApplicationRecord,
    seenVersion: number,
    receivedDay: string,
    signed: PaperSignatures,
    notSame: ReadonlySet<string> = new Set(),
  ): Promise<RegisterResult> {
    if (seenVersion !== record.rowVersion) return { outcome: 'stale' };
    const printout = this.applications.print(record);
    if (!printout || !this.applications.isComplete(record)) return { outcome: 'incomplete' };
    const coApplicant = this.hasCoApplicant(record);
    if (!signed.applicant || (coApplicant && !signed.coApplicant)) {
      return {
        outcome: 'unsigned',
        missingApplicant: !signed.applicant,
        missingCoApplicant: coApplicant && !signed.coApplicant,
      };
    }
    const now = this.clock.now().getTime();
    const snapshot = {
      formId: record.form.id,
      formVersion: record.form.version,
      sections: printout.sections,
      answers: printout.answers,
      estimate: printout.estimate ?? null,
    };
    return this.db.transaction().execute(async (trx): Promise<RegisterResult> => {
      // Registrations in one municipality wait for each other here: a no-op update holds the
      // municipality's row (PostgreSQL) or the database (SQLite) until the commit, so two tabs or
      // two caseworkers with the same paper cannot both pass the duplicate check below.
      await trx
        .updateTable('municipality')
        .set((eb) => ({ name: eb.ref('name') }))
        .where('code', '=', record.municipalityCode)
        .execute();
      const duplicates = await this.duplicates.ofPaperDraft(who.staff, record, trx);
      if (duplicates.some((one) => !notSame.has(one.id))) {
        return { outcome: 'duplicates', duplicates };
      }
      const claimed = await trx
        .updateTable('application')
        .set({
          status: 'inkommen',
          row_version: record.rowVersion + 1,
          updated_at: now,
          received_at: receivedInstant(receivedDay),
          // A row the caseworker removed while typing it in is not part of the application.
          removed_row: null,
        })
        .where('id', '=', record.id)
        .where('owner_id', 'is', null)
        .where('channel', '=', 'post')
        .where('status', '=', 'draft')
        .where('row_version', '=', record.rowVersion)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return { outcome: 'stale' };
      const attachments = await trx
        .selectFrom('attachment')
        .select(['id', 'name', 'sha256'])
        .where('application_id', '=', record.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      await trx
        .insertInto('submission')
        .values({
          application_id: record.id,
          receipt_number: newReceiptNumber(),
          submitted_at: now,
          submitted_by: who.staff.account.id,
          login_method: 'papper',
          snapshot: JSON.stringify({ ...snapshot, receivedDay, attachments }),
          pdf: null,
          pdf_sha256: null,
        })
        .execute();
      await recordEvent(trx, {
        applicationId: record.id,
        at: now,
        actorId: who.staff.account.id,
        actorKind: 'staff',
        from: 'draft',
        to: 'inkommen',
      });
      // The inbox's filters, search and duplicate check read these columns.
      await recordCaseColumns(
        trx,
        {
          id: record.id,
          municipalityCode: record.municipalityCode,
          receivedAt: receivedInstant(receivedDay),
        },
        record.form,
        printout.answers,
      );
      await this.record(who, record.municipalityCode, record.id, 'change', 'ok', trx);
      return { outcome: 'registered', applicationId: record.id };
    });
  }

  /** The paper drafts of the staff member's municipalities, the last changed first; logged. */
  async unfinished(who: StaffRequest) {
    const codes = this.writable(who);
    if (codes.length === 0) return [];
    // The list names applicants: a look at personal data, one audit row.
    const rows = await this.db
      .selectFrom('application')
      .select(['id', 'municipality_code', 'updated_at', 'form_id', 'form_version', 'answers'])
      .where('channel', '=', 'post')
      .where('status', '=', 'draft')
      .where('owner_id', 'is', null)
      .where('municipality_code', 'in', codes)
      .orderBy('updated_at', 'desc')
      .limit(50)
      .execute();
    // One look, naming the registrations it lists.
    const shown = rows.map((row) => row.id);
    await this.record(who, codes.join(','), null, 'list', 'ok', undefined, shown);
    const municipalities = await this.municipalities.list();
    return rows.map((row) => {
      const form = this.forms.find(row.form_id, row.form_version);
      const answers = JSON.parse(row.answers) as Draft['values'];
      return {
        id: row.id,
        municipalityName:
          municipalities.find((each) => each.code === row.municipality_code)?.name ??
          row.municipality_code,
        updatedAt: new Date(Number(row.updated_at)),
        applicantName: form?.hooks.signers(answers)[0] ?? '',
        /** The month applied for (YYYY-MM) where it was read or typed: two papers told apart. */
        period: form?.hooks.period?.(answers) ?? '',
      };
    });
  }

  /** The paper application the id became once registered, in the staff member's municipalities. */
  private async registeredCase(who: StaffRequest, id: string) {
    const codes = this.readable(who);
    if (codes.length === 0) return undefined;
    return this.db
      .selectFrom('application')
      .select(['id', 'municipality_code'])
      .where('id', '=', id)
      .where('channel', '=', 'post')
      .where('received_at', 'is not', null)
      .where('municipality_code', 'in', codes)
      .executeTakeFirst();
  }

  /** Any grant lets the lookup find the draft, so a read-only role gets 403, not 404. */
  private readable(who: StaffRequest): string[] {
    return who.staff.grants
      .map((grant) => grant.municipalityCode)
      .filter((code) => mayRead(who.staff, code));
  }

  private record(
    who: StaffRequest,
    municipality: string | null,
    subject: string | null,
    action: AuditAction,
    outcome: AuditOutcome,
    trx?: Transaction<Database>,
    shown: readonly string[] = [],
  ): Promise<void> {
    return this.audit.record(
      {
        actorId: who.staff.account.id,
        role: roleIn(who.staff, municipality) ?? null,
        municipality,
        subject,
        action,
        outcome,
        requestId: who.requestId,
        // Every look and change here is of a paper application being registered.
        ...(subject ? { detail: 'paper' as const } : {}),
        ...(shown.length > 0 ? { shown } : {}),
      },
      trx,
    );
  }
}

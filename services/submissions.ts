import { createHash, randomInt } from 'node:crypto';
import { recordEvent } from './application-events';
import type { Kysely } from 'kysely';
import { identityMatches } from '../forms/applicant-identity';
import { paperApplication } from './application-print';
import type { ApplicationRecord } from './application-records';
import { recordCaseColumns } from './case-columns';
import type { Actor, ApplicationService } from './application-service';
import type { Clock } from './clock';
import type { CoApplicantService } from './co-applicants';
import type { Database } from './db/schema';
import type { MunicipalityService } from './municipalities';
import type { PdfRenderer } from './pdf-renderer';
import type { SecondFactorMethod } from './session-store';
import { translator } from '../locales';
import type { FormRegistry } from '../forms';
import { changeLines } from './answer-changes';
import { caseAnswers, currentSections, type CaseAnswers } from './case-answers';
import { dateTime, longDate } from './date-texts';

export interface Receipt {
  applicationId: string;
  receiptNumber: string;
  submittedAt: Date;
  municipalityCode: string;
  /** How it was sent; 'papper' for a paper application a caseworker registered. */
  loginMethod: SecondFactorMethod | 'papper';
  /** When it came in: the day received by post for a paper one (noon UTC that day). */
  receivedAt: Date;
}

export type SubmitResult =
  | { outcome: 'submitted' | 'alreadySubmitted'; receipt: Receipt }
  /** Some step is not done: nothing was sent. */
  | { outcome: 'incomplete' }
  /** Changed in another tab since the review page was shown: nothing was sent. */
  | { outcome: 'stale' }
  /** The answers name someone else as the applicant: nothing was sent. */
  | { outcome: 'notYou' };

type Applicant = Extract<Actor, { kind: 'applicant' }>;

/** Letters and digits nobody mixes up on the phone: no 0/O, 1/I/L. */
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Electronic submission: draft -> inkommen, exactly once however many times it is posted. The
 * snapshot (answers as shown, estimate, PDF hash) never changes afterwards; status changes are
 * rows in application_event.
 */
export class SubmissionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly applications: ApplicationService,
    private readonly municipalities: MunicipalityService,
    private readonly pdfRenderer: PdfRenderer,
    private readonly clock: Clock,
    private readonly coApplicants: CoApplicantService,
    private readonly forms: FormRegistry,
  ) {}

  async submit(
    actor: Applicant,
    record: ApplicationRecord,
    seenVersion: number,
    loginMethod: SecondFactorMethod,
    /** The logged-in account's own personnummer: the application must be in this name. */
    personnummer: string,
  ): Promise<SubmitResult> {
    if (record.ownerId !== actor.userId) throw new Error('Only the owner may send an application');
    const earlier = await this.receipt(actor, record.id);
    if (earlier) return { outcome: 'alreadySubmitted', receipt: earlier };
    if (seenVersion !== record.rowVersion) return { outcome: 'stale' };
    const printout = this.applications.print(record);
    if (!printout || !this.applications.isComplete(record)) return { outcome: 'incomplete' };
    if (!identityMatches(record.form, record.draft.values, personnummer)) {
      return { outcome: 'notYou' };
    }

    const now = this.clock.now().getTime();
    const receiptNumber = newReceiptNumber();
    const snapshot = {
      formId: record.form.id,
      formVersion: record.form.version,
      sections: printout.sections,
      answers: printout.answers,
      estimate: printout.estimate ?? null,
    };
    // A medsökande with an account confirms before the application goes on (co-applicants.ts).
    const coApplicant = await this.coApplicants.onSubmit(
      record.form.hooks.coApplicant?.(printout.answers),
    );
    const won = await this.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('application')
        .set({
          status: coApplicant.status,
          row_version: record.rowVersion + 1,
          updated_at: now,
          received_at: now,
          // A row removed before sending is not part of the application: not kept with it.
          removed_row: null,
        })
        .where('id', '=', record.id)
        .where('owner_id', '=', actor.userId)
        .where('status', '=', 'draft')
        .where('row_version', '=', record.rowVersion)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      // The files sent, by id and hash: read after the claim, which an upload (it locks the same
      // row) cannot pass, and no file is added or removed once the application is no draft.
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
          receipt_number: receiptNumber,
          submitted_at: now,
          submitted_by: actor.userId,
          login_method: loginMethod,
          snapshot: JSON.stringify({ ...snapshot, attachments }),
          pdf: null,
          pdf_sha256: null,
        })
        .execute();
      await recordEvent(trx, {
        applicationId: record.id,
        at: now,
        actorId: actor.userId,
        actorKind: 'applicant',
        from: 'draft',
        to: coApplicant.status,
      });
      await this.coApplicants.record(trx, record.id, coApplicant);
      await recordCaseColumns(
        trx,
        { id: record.id, municipalityCode: record.municipalityCode, receivedAt: now },
        record.form,
        printout.answers,
      );
      return true;
    });
    if (!won) {
      // Another request sent it first (a double click, a second tab): the same receipt.
      const receipt = await this.receipt(actor, record.id);
      return receipt ? { outcome: 'alreadySubmitted', receipt } : { outcome: 'stale' };
    }
    const receipt = (await this.receipt(actor, record.id)) as Receipt;
    await this.coApplicants.notifyWaiting(coApplicant, record.municipalityCode);
    // The copy is made once, after the claim, so parallel posts never render it twice. It is
    // sent whatever happens to the copy: a full PDF queue or a failed render must not look
    // like a failed submission; `copy()` makes it when it is first asked for.
    await this.storeCopy(record, receipt).catch(() => undefined);
    return { outcome: 'submitted', receipt };
  }

  async receipt(actor: Applicant, applicationId: string): Promise<Receipt | undefined> {
    return this.receiptOf(applicationId, actor.userId);
  }

  /** A sent application's receipt, the owner's only when `ownerId` is given. */
  async receiptOf(applicationId: string, ownerId?: string): Promise<Receipt | undefined> {
    const row = await this.db
      .selectFrom('submission')
      .innerJoin('application', 'application.id', 'submission.application_id')
      .select([
        'submission.receipt_number',
        'submission.submitted_at',
        'submission.login_method',
        'application.municipality_code',
        'application.received_at',
      ])
      .where('submission.application_id', '=', applicationId)
      .$if(ownerId !== undefined, (query) =>
        query.where('application.owner_id', '=', ownerId ?? ''),
      )
      .executeTakeFirst();
    return (
      row && {
        applicationId,
        receiptNumber: row.receipt_number,
        submittedAt: new Date(Number(row.submitted_at)),
        municipalityCode: row.municipality_code,
        loginMethod: row.login_method as Receipt['loginMethod'],
        receivedAt: new Date(Number(row.received_at ?? row.submitted_at)),
      }
    );
  }

  /** The names of the files sent with the application, as its snapshot keeps them. */
  async sentFileNames(actor: Applicant, applicationId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom('submission')
      .innerJoin('application', 'application.id', 'submission.application_id')
      .select('submission.snapshot')
      .where('submission.application_id', '=', applicationId)
      .where('application.owner_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) return [];
    const snapshot = JSON.parse(row.snapshot) as { attachments?: { name?: string }[] };
    return (snapshot.attachments ?? []).map((file) => file.name ?? '');
  }

  /** The files the owner sent later with their answers to completion requests, in order. */
  async completionFileNames(actor: Applicant, applicationId: string): Promise<string[]> {
    const answered = await this.db
      .selectFrom('completion_request as r')
      .innerJoin('application as a', 'a.id', 'r.application_id')
      .select('r.attachment_ids')
      .where('r.application_id', '=', applicationId)
      .where('a.owner_id', '=', actor.userId)
      .where('r.answered_at', 'is not', null)
      .orderBy('r.answered_at')
      .execute();
    const ids = answered.flatMap((one) =>
      one.attachment_ids ? (JSON.parse(one.attachment_ids) as string[]) : [],
    );
    if (ids.length === 0) return [];
    const files = await this.db
      .selectFrom('attachment')
      .select(['id', 'name'])
      .where('application_id', '=', applicationId)
      .where('id', 'in', ids)
      .execute();
    const names = new Map(files.map((file) => [file.id, file.name]));
    return ids.flatMap((id) => names.get(id) ?? []);
  }

  /** The PDF copy of what was sent, made again only if the first attempt never finished. */
  async copy(actor: Applicant, applicationId: string): Promise<Buffer | undefined> {
    const receipt = await this.receipt(actor, applicationId);
    const record = receipt && (await this.applications.find(actor, applicationId));
    return record && this.copyOf(record, receipt);
  }

  /**
   * The copy of a sent application whoever may have it (the caller has checked: the owner, or
   * staff of its municipality): as sent, or with its answers as a completion left them.
   */
  async copyOf(record: ApplicationRecord, receipt: Receipt): Promise<Buffer> {
    const answers = await caseAnswers(this.db, this.forms, record.id);
    if (answers?.changedAt) return this.completedCopy(record, receipt, answers);
    const row = await this.db
      .selectFrom('submission')
      .select('pdf')
      .where('application_id', '=', record.id)
      .executeTakeFirst();
    if (row?.pdf) return Buffer.from(row.pdf);
    return this.storeCopy(record, receipt);
  }

  /**
   * The copy after a completion changed answers: drawn anew from the answers as they stand now
   * (the stored copy stays what was sent), each changed answer with what it was before, as the
   * caseworker reads them; the files sent with the application and with each completion.
   */
  private async completedCopy(
    record: ApplicationRecord,
    receipt: Receipt,
    answers: CaseAnswers,
  ): Promise<Buffer> {
    const printout = this.applications.print(record);
    const municipality = await this.municipalities.find(receipt.municipalityCode);
    if (!printout || !municipality)
      throw new Error('A sent application lost its form or municipality');
    const t = translator('sv');
    const sections = currentSections(answers).map((section) => ({
      ...section,
      rows: section.rows.map((row) => ({
        ...row,
        value: [row.value, ...changeLines(answers.changes, row.path, 'sv')].join('\n'),
      })),
    }));
    // Files of a completion not sent yet are not part of the application; a file that came with
    // an answer says which day's, so the copy does not pass it off as sent with the application.
    const answered = await this.db
      .selectFrom('completion_request')
      .select(['attachment_ids', 'answered_at'])
      .where('application_id', '=', record.id)
      .where('answered_at', 'is not', null)
      .execute();
    const answeredOn = new Map<string, string>();
    for (const one of answered) {
      const ids = one.attachment_ids ? (JSON.parse(one.attachment_ids) as string[]) : [];
      const day = longDate(new Date(Number(one.answered_at)), 'sv');
      for (const id of ids) answeredOn.set(id, day);
    }
    const sentIds = new Set([
      ...(answers.snapshot.attachments ?? []).map((file) => file.id),
      ...answeredOn.keys(),
    ]);
    const files = (
      await this.db
        .selectFrom('attachment')
        .select(['id', 'name'])
        .where('application_id', '=', record.id)
        .orderBy('created_at')
        .execute()
    ).filter((file) => sentIds.has(file.id));
    const labelOf = (file: { id: string; name: string }) => {
      const day = answeredOn.get(file.id);
      return day ? t('pdf.attachmentWithCompletion', { name: file.name, day }) : file.name;
    };
    const content = {
      ...paperApplication({ ...printout, sections }, record.form, municipality),
      signers: [],
      qrCodes: [],
      attachments: files.map((file) => ({ label: labelOf(file), enclosed: true })),
      cameByPost: receipt.loginMethod === 'papper',
      submitted: [
        sentLine(receipt),
        t('pdf.completed', { date: longDate(answers.changedAt ?? receipt.submittedAt, 'sv') }),
      ].join(' '),
    };
    return this.pdfRenderer.render(content);
  }

  private async storeCopy(record: ApplicationRecord, receipt: Receipt): Promise<Buffer> {
    const stored = await this.db
      .selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', record.id)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(stored.snapshot) as {
      sections: Parameters<typeof paperApplication>[0]['sections'];
      attachments: { name?: string }[];
    };
    const printout = this.applications.print(record);
    const municipality = await this.municipalities.find(receipt.municipalityCode);
    if (!printout || !municipality)
      throw new Error('A sent application lost its form or municipality');
    const content = {
      ...paperApplication({ ...printout, sections: snapshot.sections }, record.form, municipality),
      signers: [],
      qrCodes: [],
      // The files sent with it, not the paper checklist of copies to enclose.
      attachments: snapshot.attachments.map((file) => ({ label: file.name ?? '', enclosed: true })),
      submitted: sentLine(receipt),
      cameByPost: receipt.loginMethod === 'papper',
    };
    const pdf = await this.pdfRenderer.render(content);
    // The first copy stored is the copy: one made in parallel never replaces it.
    await this.db
      .updateTable('submission')
      .set({ pdf, pdf_sha256: createHash('sha256').update(pdf).digest('hex') })
      .where('application_id', '=', record.id)
      .where('pdf', 'is', null)
      .execute();
    const kept = await this.db
      .selectFrom('submission')
      .select('pdf')
      .where('application_id', '=', record.id)
      .executeTakeFirst();
    return kept?.pdf ? Buffer.from(kept.pdf) : pdf;
  }
}

/** "EB-XXXX-XXXX": the receipt number of a sent or registered application. */
export function newReceiptNumber(): string {
  const part = () =>
    Array.from({ length: 4 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');
  return `EB-${part()}-${part()}`;
}

/** "25 november 2026 kl. 15.42", in Swedish time. */
export function swedishDateTime(date: Date): string {
  return dateTime(date, 'sv');
}

/** How the copy says it came in: sent online with the login used, or by post and registered. */
function sentLine(receipt: Receipt): string {
  const t = translator('sv');
  if (receipt.loginMethod === 'papper') {
    return t('pdf.receivedByPost', {
      day: longDate(receipt.receivedAt, 'sv'),
      time: swedishDateTime(receipt.submittedAt),
      receipt: receipt.receiptNumber,
    });
  }
  return t('pdf.submitted', {
    time: swedishDateTime(receipt.submittedAt),
    method: t(`submission.method.${receipt.loginMethod}`),
    receipt: receipt.receiptNumber,
  });
}

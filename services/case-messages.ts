import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AttachmentService, FileOutcome, UploadedFile } from './attachments';
import { caseTextProblem, type CaseTextProblem } from './case-text';
import type { CaseService, StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database, MessageAuthorKind } from './db/schema';
import { mayRead, mayWrite, type StaffMember } from './staff-access';
import type { ApplicantSmsNotices } from './applicant-sms-notices';

export interface CaseMessage {
  id: string;
  authorKind: MessageAuthorKind;
  /** The staff member's name: shown to staff only. */
  staffName: string | undefined;
  text: string;
  createdAt: Date;
  /** When the other side first read it. */
  readAt: Date | undefined;
  /** Files the applicant sent with it (attachments of the application). */
  files: MessageFile[];
}

export interface MessageFile {
  id: string;
  /** Sanitised when stored; still user data: escape it. */
  name: string;
}

export interface StaffThread {
  messages: CaseMessage[];
  /** The application has an applicant account that can read an answer. */
  hasApplicantAccount: boolean;
  /** The staff member may write (a caseworker or admin there). */
  mayWrite: boolean;
}

export type StaffMessageResult =
  | { outcome: 'sent'; notice: 'sent' | 'noPhone' | 'failed' }
  | { outcome: 'notFound' }
  | { outcome: 'forbidden' }
  /** Sent on paper, with no account: nobody would read it on Mina sidor. */
  | { outcome: 'noApplicantAccount' }
  | { outcome: 'invalid'; problem: CaseTextProblem };

export type ApplicantMessageResult =
  { outcome: 'sent' } | { outcome: 'notFound' } | { outcome: 'invalid'; problem: CaseTextProblem };

function applicantTextProblem(text: string, withFiles: boolean): CaseTextProblem | undefined {
  const problem = caseTextProblem(text);
  return problem === 'empty' && withFiles ? undefined : problem;
}

/** A message about to be written, by whom. */
interface NewMessage {
  authorKind: MessageAuthorKind;
  authorId: string;
  text: string;
  /** Sent with files: their stored SHA-256s, sorted (see AttachmentService.storedDigests). */
  fileDigests?: readonly string[];
}

/** The same form's message, written by a request a moment before: this one keeps nothing. */
class RepeatedMessage extends Error {}

/**
 * One thread of messages per sent application, between its applicant (the account that owns
 * it) and the caseworkers of its municipality. Reading a thread marks the other side's
 * messages read. A caseworker's message is a 'change' audit row in its own transaction (reading
 * is part of the case view's 'view' row), and the applicant gets an SMS that names nobody.
 */
export class CaseMessages {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cases: CaseService,
    private readonly notices: ApplicantSmsNotices,
    private readonly clock: Clock,
    private readonly attachments: AttachmentService,
  ) {}

  /**
   * The thread as staff see it on the case view, as it was before this look (an unread message
   * is new to this reader). Opening it marks the applicant's messages read, but only for staff
   * who can answer: a read-only look is not a caseworker reading.
   */
  async threadForStaff(staff: StaffMember, applicationId: string): Promise<StaffThread> {
    const found = await this.sentApplication(applicationId);
    if (!found || !mayRead(staff, found.municipality_code)) {
      return { messages: [], hasApplicantAccount: false, mayWrite: false };
    }
    const writer = mayWrite(staff, found.municipality_code);
    // Read before marking, so the page can show which messages are new to this reading.
    const messages = await this.thread(applicationId);
    if (writer) await this.markRead(applicationId, 'applicant');
    return { messages, hasApplicantAccount: found.owner_id !== null, mayWrite: writer };
  }

  /**
   * `onceKey` (the form's, made when it was shown) becomes the message's id: the same form
   * posted again writes nothing more and sends no second SMS; its audit row says so ('invalid').
   */
  async writeAsStaff(
    who: StaffRequest,
    applicationId: string,
    text: string,
    onceKey?: string,
  ): Promise<StaffMessageResult> {
    const written = await this.db.transaction().execute(async (trx) => {
      const row = await this.cases.readable(trx, who, applicationId, 'change');
      if (!row) return { outcome: 'notFound' as const };
      const refuse = async <T extends StaffMessageResult>(result: T): Promise<T> => {
        const outcome = result.outcome === 'forbidden' ? 'denied' : 'invalid';
        await this.cases.record(trx, who, row, 'change', outcome, 'message');
        return result;
      };
      if (!mayWrite(who.staff, row.municipality_code)) return refuse({ outcome: 'forbidden' });
      const owner = await trx
        .selectFrom('application')
        .leftJoin('account', 'account.id', 'application.owner_id')
        .select(['application.owner_id', 'account.mobile'])
        .where('application.id', '=', applicationId)
        .executeTakeFirstOrThrow();
      if (owner.owner_id === null) return refuse({ outcome: 'noApplicantAccount' });
      const problem = caseTextProblem(text);
      if (problem) return refuse({ outcome: 'invalid', problem });
      const message = { authorKind: 'staff', authorId: who.staff.account.id, text } as const;
      const { repeat } = await this.insert(trx, applicationId, message, onceKey);
      await this.cases.record(trx, who, row, 'change', repeat ? 'invalid' : 'ok', 'message');
      return {
        outcome: 'written' as const,
        repeat,
        mobile: owner.mobile,
      };
    });
    if (written.outcome !== 'written') return written;
    if (written.repeat) return { outcome: 'sent', notice: written.mobile ? 'sent' : 'noPhone' };
    return {
      outcome: 'sent',
      notice: await this.notices.toOwner(applicationId, 'casework.messages.sms'),
    };
  }

  /**
   * The thread of the applicant's own sent application, as it was before this look; reading it
   * marks the caseworkers' messages read. Undefined for anyone else's application (SEC-14).
   */
  async threadForApplicant(
    accountId: string,
    applicationId: string,
  ): Promise<CaseMessage[] | undefined> {
    if (!(await this.ownSent(accountId, applicationId))) return undefined;
    const messages = await this.thread(applicationId);
    await this.markRead(applicationId, 'staff');
    // Which caseworker wrote is the municipality's to say, not the page's.
    return messages.map((message) => ({ ...message, staffName: undefined }));
  }

  /** Whether the applicant may write on this application: their own, and sent. */
  mayWriteAsApplicant(accountId: string, applicationId: string): Promise<boolean> {
    return this.ownSent(accountId, applicationId);
  }

  /** A message from the applicant, without files; written once per `onceKey`, as staff's. */
  async writeAsApplicant(
    accountId: string,
    applicationId: string,
    text: string,
    onceKey?: string,
  ): Promise<ApplicantMessageResult> {
    if (!(await this.ownSent(accountId, applicationId))) return { outcome: 'notFound' };
    const problem = caseTextProblem(text);
    if (problem) return { outcome: 'invalid', problem };
    const message = { authorKind: 'applicant', authorId: accountId, text } as const;
    await this.insert(this.db, applicationId, message, onceKey);
    return { outcome: 'sent' };
  }

  /**
   * A message from the applicant with files: the files (all or none, by the attachment rules)
   * and the message are written in one transaction, so no file is ever left without its message.
   * Undefined when the application is not the applicant's own and sent.
   */
  async writeWithFiles(
    accountId: string,
    applicationId: string,
    text: string,
    files: readonly UploadedFile[],
    onceKey?: string,
  ): Promise<FileOutcome[] | undefined> {
    if (!(await this.ownSent(accountId, applicationId))) return undefined;
    const applicant = { kind: 'applicant' as const, userId: accountId };
    // Only a form with a key can be a repeat: without one there is nothing to compare with.
    const fileDigests = onceKey ? await this.attachments.storedDigests(files) : undefined;
    const message = { authorKind: 'applicant', authorId: accountId, text, fileDigests } as const;
    // Sent already by the same form: nothing of it is stored twice.
    if (onceKey && (await this.writtenBy(this.db, onceKey, applicationId, message))) return [];
    try {
      return await this.writeFiles(applicant, applicationId, files, message, onceKey);
    } catch (error) {
      // The same form, sent twice at once: the first one's message and files stand.
      if (error instanceof RepeatedMessage) return [];
      throw error;
    }
  }

  private writeFiles(
    applicant: { kind: 'applicant'; userId: string },
    applicationId: string,
    files: readonly UploadedFile[],
    message: NewMessage,
    onceKey: string | undefined,
  ) {
    return this.attachments.add(applicant, applicationId, files, 'message', async (trx, stored) => {
      const { id: messageId, repeat } = await this.insert(trx, applicationId, message, onceKey);
      if (repeat) throw new RepeatedMessage();
      await trx
        .updateTable('attachment')
        .set({ message_id: messageId })
        .where('application_id', '=', applicationId)
        .where(
          'id',
          'in',
          stored.map((file) => file.id),
        )
        .execute();
    });
  }

  /** Why an applicant's text cannot go as written, before any file of it is stored. */
  applicantTextProblem(text: string, withFiles: boolean): CaseTextProblem | undefined {
    return applicantTextProblem(text, withFiles);
  }

  /** Caseworkers' messages the applicant has not read, on their own application. */
  async unreadForApplicant(accountId: string, applicationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('message as m')
      .innerJoin('application as a', 'a.id', 'm.application_id')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('m.application_id', '=', applicationId)
      .where('a.owner_id', '=', accountId)
      .where('m.author_kind', '=', 'staff')
      .where('m.read_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  private sentApplication(applicationId: string) {
    return this.db
      .selectFrom('application')
      .select(['municipality_code', 'owner_id'])
      .where('id', '=', applicationId)
      .where('status', '!=', 'draft')
      .executeTakeFirst();
  }

  private async ownSent(accountId: string, applicationId: string): Promise<boolean> {
    const found = await this.sentApplication(applicationId);
    return found?.owner_id === accountId;
  }

  private async thread(applicationId: string): Promise<CaseMessage[]> {
    const rows = await this.db
      .selectFrom('message as m')
      .leftJoin('account as author', (join) =>
        join.onRef('author.id', '=', 'm.author_id').on('m.author_kind', '=', 'staff'),
      )
      .select(['m.id', 'm.author_kind', 'm.text', 'm.created_at', 'm.read_at', 'author.name'])
      .where('m.application_id', '=', applicationId)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute();
    const files = await this.db
      .selectFrom('attachment')
      .select(['id', 'name', 'message_id'])
      .where('application_id', '=', applicationId)
      .where('message_id', 'is not', null)
      .orderBy('created_at')
      .orderBy('name')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      authorKind: row.author_kind,
      staffName: row.name ?? undefined,
      text: row.text,
      createdAt: new Date(Number(row.created_at)),
      readAt: row.read_at === null ? undefined : new Date(Number(row.read_at)),
      files: files
        .filter((file) => file.message_id === row.id)
        .map((file) => ({ id: file.id, name: file.name })),
    }));
  }

  /** The first reading counts: a message read once keeps that time. */
  private async markRead(applicationId: string, authorKind: MessageAuthorKind): Promise<void> {
    await this.db
      .updateTable('message')
      .set({ read_at: this.clock.now().getTime() })
      .where('application_id', '=', applicationId)
      .where('author_kind', '=', authorKind)
      .where('read_at', 'is', null)
      .execute();
  }

  /**
   * Written under `onceKey` when given; `repeat` when this writer wrote it there already. A key
   * on someone else's message (copied) is not theirs to repeat: written under a new id.
   */
  private async insert(
    db: Kysely<Database>,
    applicationId: string,
    message: NewMessage,
    onceKey: string | undefined,
  ): Promise<{ id: string; repeat: boolean }> {
    const row = {
      application_id: applicationId,
      author_kind: message.authorKind,
      author_id: message.authorId,
      text: message.text.trim(),
      created_at: this.clock.now().getTime(),
      read_at: null,
    };
    const id = onceKey ?? randomUUID();
    const written = await db
      .insertInto('message')
      .values({ ...row, id })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0) === 1) return { id, repeat: false };
    if (await this.writtenBy(db, id, applicationId, message)) return { id, repeat: true };
    const fresh = randomUUID();
    await db
      .insertInto('message')
      .values({ ...row, id: fresh })
      .execute();
    return { id: fresh, repeat: false };
  }

  private async writtenBy(
    db: Kysely<Database>,
    id: string,
    applicationId: string,
    message: NewMessage,
  ): Promise<boolean> {
    const found = await db
      .selectFrom('message')
      .select('id')
      .where('id', '=', id)
      .where('application_id', '=', applicationId)
      .where('author_kind', '=', message.authorKind)
      .where('author_id', '=', message.authorId)
      // Other words under an old key (a page restored from history) are a message of their own.
      .where('text', '=', message.text.trim())
      .executeTakeFirst();
    if (!found || !message.fileDigests) return found !== undefined;
    // So are other files: the same words ("Här är intyget") may well go with the next file.
    const stored = await db
      .selectFrom('attachment')
      .select('sha256')
      .where('message_id', '=', id)
      .where('application_id', '=', applicationId)
      .execute();
    const digests = stored.map((file) => file.sha256).sort();
    return digests.join(' ') === message.fileDigests.join(' ');
  }
}

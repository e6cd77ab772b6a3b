import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { caseTextProblem, type CaseTextProblem } from './case-text';
import type { CaseService, StaffRequest } from './cases';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import { mayRead, mayWrite, type StaffMember } from './staff-access';

export interface CaseNote {
  id: string;
  text: string;
  authorName: string;
  createdAt: Date;
}

export type NoteResult =
  /** Written now, or by the same form pressed before (`onceKey`). */
  | { outcome: 'added' }
  /** Missing, or another municipality's (SEC-15). */
  | { outcome: 'notFound' }
  /** A read-only grant (SEC-16). */
  | { outcome: 'forbidden' }
  | { outcome: 'invalid'; problem: CaseTextProblem };

/**
 * Internal notes on a case, for the caseworkers of its municipality. Reading them is part of
 * opening the case (its 'view' audit row); each note written is a 'change' row in the same
 * transaction, and so is each refusal.
 */
export class CaseNotes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cases: CaseService,
    private readonly clock: Clock,
  ) {}

  /** The notes, newest first; none for staff without a grant where the case is. */
  async list(staff: StaffMember, applicationId: string): Promise<CaseNote[]> {
    const found = await this.db
      .selectFrom('application')
      .select('municipality_code')
      .where('id', '=', applicationId)
      .executeTakeFirst();
    if (!found || !mayRead(staff, found.municipality_code)) return [];
    const rows = await this.db
      .selectFrom('case_note as n')
      .innerJoin('account as author', 'author.id', 'n.author_id')
      .select(['n.id', 'n.text', 'n.created_at', 'author.name'])
      .where('n.application_id', '=', applicationId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      text: row.text,
      authorName: row.name,
      createdAt: new Date(Number(row.created_at)),
    }));
  }

  /**
   * `onceKey` (the form's, made when it was shown) becomes the note's id: the same form posted
   * again writes nothing more, and its audit row says so ('invalid').
   */
  async add(
    who: StaffRequest,
    applicationId: string,
    text: string,
    onceKey?: string,
  ): Promise<NoteResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.cases.readable(trx, who, applicationId, 'change');
      if (!row) return { outcome: 'notFound' };
      if (!mayWrite(who.staff, row.municipality_code)) {
        await this.cases.record(trx, who, row, 'change', 'denied', 'note');
        return { outcome: 'forbidden' };
      }
      const problem = caseTextProblem(text);
      if (problem) {
        await this.cases.record(trx, who, row, 'change', 'invalid', 'note');
        return { outcome: 'invalid', problem };
      }
      const note = {
        application_id: applicationId,
        author_id: who.staff.account.id,
        text: text.trim(),
        created_at: this.clock.now().getTime(),
      };
      const written = await trx
        .insertInto('case_note')
        .values({ ...note, id: onceKey ?? randomUUID() })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst();
      if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0) {
        const earlier = await trx
          .selectFrom('case_note')
          .select(['application_id', 'author_id', 'text'])
          .where('id', '=', onceKey ?? '')
          .executeTakeFirst();
        // The same form sent again; other words under an old key (a page restored from the
        // browser's history) are a note of their own.
        if (
          earlier?.application_id === applicationId &&
          earlier.author_id === note.author_id &&
          earlier.text === note.text
        ) {
          await this.cases.record(trx, who, row, 'change', 'invalid', 'note');
          return { outcome: 'added' };
        }
        // Another's key, copied, or other words: not a repeat.
        await trx
          .insertInto('case_note')
          .values({ ...note, id: randomUUID() })
          .execute();
      }
      await this.cases.record(trx, who, row, 'change', 'ok', 'note');
      return { outcome: 'added' };
    });
  }
}

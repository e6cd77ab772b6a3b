import type { Kysely, Transaction } from 'kysely';
import type { Draft, DraftValues, FormDefinition, RemovedRow, StepInput } from '../forms/types';
import type { Database } from './db/schema';

export type Channel = 'e-tjanst' | 'papper' | 'post';
/**
 * `draft` until sent; sent with a medsökande who has an account, `vantar-medsokande` until they
 * confirm (-> `inkommen`) or decline (-> `avbojd-av-medsokande`). E adds the caseworker's.
 */
export type ApplicationStatus = 'draft' | 'inkommen' | 'vantar-medsokande' | 'avbojd-av-medsokande';

export interface ApplicationRecord {
  id: string;
  form: FormDefinition;
  municipalityCode: string;
  ownerId: string | null;
  channel: Channel;
  status: ApplicationStatus;
  draft: Draft;
  rowVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewApplication {
  id: string;
  form: FormDefinition;
  municipalityCode: string;
  ownerId: string | null;
  channel: Channel;
  now: number;
  /** What the new row holds already (a paper application read from its codes); empty if absent. */
  draft?: Draft;
}

/** Stored JSON of one draft, and its size in characters (what the draft cap counts). */
export function serializeDraft(draft: Draft): StoredDraft & { size: number } {
  const input = JSON.stringify(draft.input);
  const answers = JSON.stringify(draft.values);
  const removedRow = draft.removedRow ? JSON.stringify(draft.removedRow) : null;
  return {
    input,
    answers,
    removedRow,
    size: input.length + answers.length + (removedRow ?? '').length,
  };
}

export interface StoredDraft {
  input: string;
  answers: string;
  removedRow: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Rows of the application table in and out; no rules here (those are ApplicationService's). */
export class ApplicationRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly formOf: (id: string, version: number) => FormDefinition | undefined,
  ) {}

  async insert(application: NewApplication, db: Db = this.db): Promise<ApplicationRecord> {
    const { form } = application;
    const draft = application.draft ?? {
      formId: form.id,
      formVersion: form.version,
      input: {},
      values: {},
    };
    const stored = serializeDraft(draft);
    await db
      .insertInto('application')
      .values({
        id: application.id,
        form_id: form.id,
        form_version: form.version,
        municipality_code: application.municipalityCode,
        owner_id: application.ownerId,
        channel: application.channel,
        status: 'draft',
        input: stored.input,
        answers: stored.answers,
        removed_row: stored.removedRow,
        row_version: 1,
        created_at: application.now,
        updated_at: application.now,
      })
      .execute();
    return {
      id: application.id,
      form,
      municipalityCode: application.municipalityCode,
      ownerId: application.ownerId,
      channel: application.channel,
      status: 'draft',
      draft,
      rowVersion: 1,
      createdAt: application.now,
      updatedAt: application.now,
    };
  }

  async find(id: string): Promise<ApplicationRecord | undefined> {
    const row = await this.db
      .selectFrom('application')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    // A draft keeps the form version it was started with; one no longer published cannot open.
    const form = this.formOf(row.form_id, row.form_version);
    if (!form) return undefined;
    return {
      id: row.id,
      form,
      municipalityCode: row.municipality_code,
      ownerId: row.owner_id,
      channel: row.channel as Channel,
      status: row.status as ApplicationStatus,
      draft: {
        formId: row.form_id,
        formVersion: row.form_version,
        input: JSON.parse(row.input) as Record<string, StepInput>,
        values: JSON.parse(row.answers) as DraftValues,
        ...(row.removed_row ? { removedRow: JSON.parse(row.removed_row) as RemovedRow } : {}),
      },
      rowVersion: row.row_version,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  /** Writes the draft only if nobody else saved since `rowVersion`; false when someone did. */
  async updateDraft(
    id: string,
    rowVersion: number,
    stored: StoredDraft,
    now: number,
    db: Db = this.db,
  ): Promise<boolean> {
    const result = await db
      .updateTable('application')
      .set({
        input: stored.input,
        answers: stored.answers,
        removed_row: stored.removedRow,
        row_version: rowVersion + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('row_version', '=', rowVersion)
      // A sent application never changes: its snapshot is what the municipality received.
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * A paper application's draft changed as a whole (pages added; what their codes gave, maybe
   * of another form version), only if nobody saved since `rowVersion` and it is still a paper
   * draft; false otherwise. Without a replacement only its version and time move on.
   */
  async updatePaperDraft(
    id: string,
    rowVersion: number,
    replacement: { form: FormDefinition; stored: StoredDraft } | undefined,
    now: number,
    db: Db,
  ): Promise<boolean> {
    const result = await db
      .updateTable('application')
      .set({
        ...(replacement
          ? {
              form_id: replacement.form.id,
              form_version: replacement.form.version,
              input: replacement.stored.input,
              answers: replacement.stored.answers,
              removed_row: replacement.stored.removedRow,
            }
          : {}),
        row_version: rowVersion + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('row_version', '=', rowVersion)
      .where('status', '=', 'draft')
      .where('channel', '=', 'post')
      .where('owner_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async changeMunicipality(id: string, municipalityCode: string, now: number): Promise<void> {
    await this.db
      .updateTable('application')
      .set({ municipality_code: municipalityCode, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Gives an ownerless draft to an account; false when it has an owner already. */
  async adopt(id: string, ownerId: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('application')
      .set({ owner_id: ownerId, channel: 'e-tjanst', updated_at: now })
      .where('id', '=', id)
      .where('owner_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The ids of an account's applications, newest change first. */
  async idsOwnedBy(ownerId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('application')
      .select('id')
      .where('owner_id', '=', ownerId)
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map((row) => row.id);
  }

  /** The owner's last changed draft of a form in a municipality, by id, if any. */
  async openDraftId(
    ownerId: string,
    formId: string,
    municipalityCode: string,
  ): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('application')
      .select('id')
      .where('owner_id', '=', ownerId)
      .where('status', '=', 'draft')
      .where('form_id', '=', formId)
      .where('municipality_code', '=', municipalityCode)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  async delete(id: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('application').where('id', '=', id).execute();
  }

  /** Deletes the row only while it is still a draft: false when it was sent meanwhile. */
  async deleteDraft(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('application')
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}

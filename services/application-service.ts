import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import type { FormRegistry } from '../forms';
import { answeredPersonnummer } from '../forms/applicant-identity';
import { firstIncompleteStep } from '../forms/journey';
import {
  applyRowChange,
  restoreRow,
  rowToRemove,
  withoutEmptyRows,
  type RowChange,
} from '../forms/group-rows';
import type { InputFieldProblem } from '../forms/read-input';
import { printoutOf, reviewOf, type Printout, type Review } from '../forms/printout';
import { revalidateOtherSteps } from '../forms/revalidate';
import { inputToStore } from '../forms/shown-input';
import type { Draft, FormDefinition, GroupInput, Step, StepInput } from '../forms/types';
import { validateStep } from '../forms/validate-step';
import { translator, type Language } from '../locales';
import type { Clock } from './clock';
import { ENDED_UNDECIDED } from './case-statuses';
import type { Database } from './db/schema';
import {
  ApplicationRecords,
  serializeDraft,
  type ApplicationRecord,
  type Channel,
} from './application-records';

/**
 * Who asks. An anonymous visitor reaches only ownerless drafts, and only by the id its session
 * holds; staff reach only paper applications being registered (channel `post`, no owner) in the
 * municipalities where they may write.
 */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'applicant'; userId: string }
  | { kind: 'staff'; accountId: string; municipalities: readonly string[] };

/** Work done in the same transaction as a save (the audit row of a staff member's save). */
export type WithinSave = (trx: Transaction<Database>) => Promise<void>;

export type SaveResult =
  | { outcome: 'saved'; record: ApplicationRecord; errors: FieldError[]; anchor?: string }
  /** Someone (another tab) saved since this page was opened: nothing was written. */
  | { outcome: 'stale'; record: ApplicationRecord }
  /** The whole draft would pass its size cap: nothing was written. */
  | { outcome: 'tooLarge'; record: ApplicationRecord };

export interface ApplicationServiceOptions {
  draftMaxBytes: number;
}

/**
 * Owns every change to an application. Routes parse and render; this validates, stores, checks
 * who may see what, and refuses a save from a stale page instead of overwriting silently.
 */
export class ApplicationService {
  private readonly records: ApplicationRecords;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
    private readonly clock: Clock,
    private readonly options: ApplicationServiceOptions,
  ) {
    this.records = new ApplicationRecords(db, (id, version) => forms.find(id, version));
  }

  /** A new draft, with `prefill` (what was typed, per step) already in it when given. */
  async start(
    actor: Actor,
    form: FormDefinition,
    municipalityCode: string,
    prefill: Draft['input'] = {},
  ): Promise<ApplicationRecord> {
    const channel: Channel = actor.kind === 'anonymous' ? 'papper' : 'e-tjanst';
    const record = await this.records.insert({
      id: randomUUID(),
      form,
      municipalityCode,
      ownerId: actor.kind === 'applicant' ? actor.userId : null,
      channel,
      now: this.clock.now().getTime(),
    });
    if (Object.keys(prefill).length === 0) return record;
    const draft = { ...record.draft, input: structuredClone(prefill) };
    const now = this.clock.now().getTime();
    await this.records.updateDraft(record.id, record.rowVersion, serializeDraft(draft), now);
    return { ...record, draft, rowVersion: record.rowVersion + 1, updatedAt: now };
  }

  /**
   * A new application that starts from the applicant's previous one: the steps the form
   * carries over are filled in as typed then, and each must be gone through again.
   */
  async startFrom(
    actor: Extract<Actor, { kind: 'applicant' }>,
    previous: ApplicationRecord,
    municipalityCode: string,
  ): Promise<ApplicationRecord> {
    const input: Draft['input'] = {};
    const { carriedOver = [], notCarriedOver = [] } = previous.form.hooks;
    for (const stepId of carriedOver) {
      const typed = previous.draft.input[stepId];
      if (typed) input[stepId] = withoutRowFields(stepId, typed, notCarriedOver);
    }
    return this.start(actor, previous.form, municipalityCode, input);
  }

  /** The draft if this actor may see it; undefined otherwise (a 404 to the caller). */
  async find(actor: Actor, id: string): Promise<ApplicationRecord | undefined> {
    const record = await this.records.find(id);
    if (!record) return undefined;
    return isAllowed(actor, record) ? record : undefined;
  }

  /**
   * A paper application the caseworker registers: channel `post`, no owner, the municipality's;
   * `draft` holds what was read from its codes (or nothing). `within` runs in the insert's
   * transaction (the scans as its first files, the audit row). Undefined when over the size cap.
   */
  async startPaper(
    form: FormDefinition,
    municipalityCode: string,
    draft: Draft,
    within: (trx: Transaction<Database>, record: ApplicationRecord) => Promise<void>,
  ): Promise<ApplicationRecord | undefined> {
    if (serializeDraft(draft).size > this.options.draftMaxBytes) return undefined;
    return this.db.transaction().execute(async (trx) => {
      const record = await this.records.insert(
        {
          id: randomUUID(),
          form,
          municipalityCode,
          ownerId: null,
          channel: 'post',
          now: this.clock.now().getTime(),
          draft,
        },
        trx,
      );
      await within(trx, record);
      return record;
    });
  }

  /**
   * A paper application's draft changed by pages added to it: at the version the page was shown
   * with (else 'stale' and nothing written), its answers replaced by `replacement` when given
   * (what the codes gave), and `within` run in the same transaction (the files, the audit row).
   */
  async changePaper(
    record: ApplicationRecord,
    seenVersion: number,
    replacement: { form: FormDefinition; draft: Draft } | undefined,
    within: WithinSave,
  ): Promise<'changed' | 'stale' | 'tooLarge'> {
    const stored = replacement && serializeDraft(replacement.draft);
    if (stored && stored.size > this.options.draftMaxBytes) return 'tooLarge';
    const now = this.clock.now().getTime();
    return this.db.transaction().execute(async (trx) => {
      const changed = await this.records.updatePaperDraft(
        record.id,
        seenVersion,
        replacement && stored && { form: replacement.form, stored },
        now,
        trx,
      );
      if (!changed) return 'stale';
      await within(trx);
      return 'changed';
    });
  }

  /**
   * Saves what was typed in one step (only the fields shown) and validates it; the step counts
   * as done only while its answers are valid. Other done steps are checked again.
   */
  async saveStep(
    record: ApplicationRecord,
    step: Step,
    input: StepInput,
    seenVersion: number,
    language: Language,
    { within, unsent = new Set() }: { within?: WithinSave; unsent?: ReadonlySet<string> } = {},
  ): Promise<SaveResult> {
    if (seenVersion !== record.rowVersion) return { outcome: 'stale', record };
    const t = translator(language);
    const { form } = record;
    const draft = structuredClone(record.draft);
    const context = { today: swedishDay(this.clock.now()), values: draft.values };
    const { values, errors } = validateStep(form, step, input, context, t);
    draft.input[step.id] = inputToStore(step, input, draft.values, unsent, draft.input[step.id]);
    // "Ångra" is for the moment after a removal; a step saved since ends it.
    delete draft.removedRow;
    if (errors.length === 0) {
      draft.input[step.id] = withoutEmptyRows(step, draft.input[step.id] ?? {});
      draft.values[step.id] = values;
      revalidateOtherSteps(form, draft, step.id, context.today, t);
    } else {
      Reflect.deleteProperty(draft.values, step.id);
    }
    return this.store(record, draft, { outcome: 'saved', errors }, within);
  }

  /**
   * The errors of a step's saved answers as they read now, given the other steps' answers: a step
   * reopened by a change elsewhere shows what to correct as soon as it is opened.
   */
  savedStepErrors(record: ApplicationRecord, step: Step, language: Language): FieldError[] {
    const { form, draft } = record;
    const context = { today: swedishDay(this.clock.now()), values: draft.values };
    return validateStep(form, step, draft.input[step.id] ?? {}, context, translator(language))
      .errors;
  }

  /** Every error of a step whose input was refused before it could be stored (see read-input). */
  refusedInputErrors(
    form: FormDefinition,
    draft: Draft,
    step: Step,
    refused: { input: StepInput; fieldProblems: readonly InputFieldProblem[] },
    language: Language,
  ): FieldError[] {
    const context = { today: swedishDay(this.clock.now()), values: draft.values };
    return validateStep(
      form,
      step,
      refused.input,
      context,
      translator(language),
      refused.fieldProblems,
    ).errors;
  }

  /** Adds or removes a group row (the no-JavaScript buttons); the step must be saved again. */
  async changeRows(
    record: ApplicationRecord,
    step: Step,
    input: StepInput,
    change: RowChange,
    seenVersion: number,
    within?: WithinSave,
  ): Promise<SaveResult> {
    if (seenVersion !== record.rowVersion) return { outcome: 'stale', record };
    const draft = structuredClone(record.draft);
    const removed = rowToRemove(step, input, change);
    const anchor =
      change.verb === 'restore'
        ? restoreRow(step, input, change, draft.removedRow)
        : applyRowChange(step, input, change);
    // Only the last removal can be undone, and only once.
    if (removed && anchor) draft.removedRow = removed;
    else if (change.verb === 'restore' && anchor) delete draft.removedRow;
    draft.input[step.id] = input;
    Reflect.deleteProperty(draft.values, step.id);
    return this.store(
      record,
      draft,
      { outcome: 'saved', errors: [], ...(anchor ? { anchor } : {}) },
      within,
    );
  }

  /** Every step the applicant sees is done: the draft can be reviewed and printed. */
  isComplete(record: ApplicationRecord): boolean {
    return firstIncompleteStep(record.form, record.draft) === undefined;
  }

  /** The shown answers as question -> answer rows, the estimate and the checklist. */
  review(record: ApplicationRecord, language: Language): Review | undefined {
    return reviewOf(record.form, record.draft, translator(language));
  }

  /** The paper application: always in Swedish, since it goes to the municipality. */
  print(record: ApplicationRecord): (Printout & { cacheKey: string }) | undefined {
    const printout = printoutOf(record.form, record.draft, translator('sv'));
    // Changes whenever the draft does: a key for a cache of the rendered PDF.
    // The municipality is part of the key: it is printed on the paper as the address.
    const cacheKey = `${record.id}:${record.rowVersion}:${record.municipalityCode}`;
    return printout && { ...printout, cacheKey };
  }

  /** A draft goes to the municipality its applicant chose last. */
  async changeMunicipality(record: ApplicationRecord, municipalityCode: string): Promise<void> {
    if (record.municipalityCode === municipalityCode) return;
    await this.records.changeMunicipality(record.id, municipalityCode, this.clock.now().getTime());
  }

  /**
   * An anonymous draft started before logging in becomes the applicant's own, so it survives
   * logout and session expiry and can be sent electronically. One that names another person as
   * the applicant was left in the browser by someone else (a shared or library computer): it is
   * deleted, never handed to whoever logs in next.
   */
  async adopt(
    record: ApplicationRecord,
    actor: Extract<Actor, { kind: 'applicant' }>,
    personnummer: string | null,
  ): Promise<'adopted' | 'deleted' | 'notAdopted'> {
    if (record.ownerId !== null) return record.ownerId === actor.userId ? 'adopted' : 'notAdopted';
    const answered = answeredPersonnummer(record.form, record.draft.values);
    if (answered !== null && answered !== personnummer) {
      await this.records.delete(record.id);
      return 'deleted';
    }
    const adopted = await this.records.adopt(record.id, actor.userId, this.clock.now().getTime());
    return adopted ? 'adopted' : 'notAdopted';
  }

  /** The applicant's open draft of a form in a municipality (the last changed), if any. */
  async openDraftOf(
    actor: Extract<Actor, { kind: 'applicant' }>,
    formId: string,
    municipalityCode: string,
  ): Promise<ApplicationRecord | undefined> {
    const id = await this.records.openDraftId(actor.userId, formId, municipalityCode);
    return id === undefined ? undefined : this.find(actor, id);
  }

  /** The applicant's own applications, the last changed first. */
  async ownedBy(actor: Extract<Actor, { kind: 'applicant' }>): Promise<ApplicationRecord[]> {
    const ids = await this.records.idsOwnedBy(actor.userId);
    const records = await Promise.all(ids.map((id) => this.records.find(id)));
    return records.filter((record) => record !== undefined);
  }

  /**
   * The owner's other sent applications of this form for the draft's period (a withdrawn,
   * cancelled or declined one does not count): sending one more would give the caseworker two.
   */
  async sentForSamePeriod(
    record: ApplicationRecord,
  ): Promise<{ receiptNumber: string; submittedAt: Date }[]> {
    const period = record.form.hooks.period?.(record.draft.values);
    if (record.ownerId === null || !period) return [];
    const rows = await this.db
      .selectFrom('application as a')
      .innerJoin('submission as s', 's.application_id', 'a.id')
      .select(['s.receipt_number', 's.submitted_at'])
      .where('a.owner_id', '=', record.ownerId)
      .where('a.form_id', '=', record.form.id)
      .where('a.period', '=', period)
      .where('a.id', '!=', record.id)
      .where('a.status', 'not in', ['draft', ...ENDED_UNDECIDED])
      .orderBy('s.submitted_at')
      .execute();
    return rows.map((row) => ({
      receiptNumber: row.receipt_number,
      submittedAt: new Date(Number(row.submitted_at)),
    }));
  }

  /**
   * The periods (YYYY-MM) among `periods` the owner has already sent this form for (a withdrawn,
   * cancelled or declined one does not count), so the month question can say so at once.
   */
  async sentPeriods(
    actor: Extract<Actor, { kind: 'applicant' }>,
    formId: string,
    periods: readonly string[],
  ): Promise<string[]> {
    if (periods.length === 0) return [];
    const rows = await this.db
      .selectFrom('application')
      .select('period')
      .distinct()
      .where('owner_id', '=', actor.userId)
      .where('form_id', '=', formId)
      .where('period', 'in', [...periods])
      .where('status', 'not in', ['draft', ...ENDED_UNDECIDED])
      .execute();
    const sent = new Set(rows.map((row) => row.period));
    return periods.filter((period) => sent.has(period));
  }

  async delete(record: ApplicationRecord): Promise<void> {
    await this.records.delete(record.id);
  }

  /** A draft deleted by its owner; false when it was sent in the meantime (another tab). */
  deleteDraft(record: ApplicationRecord): Promise<boolean> {
    return this.records.deleteDraft(record.id);
  }

  private async store(
    record: ApplicationRecord,
    draft: ApplicationRecord['draft'],
    result: Omit<Extract<SaveResult, { outcome: 'saved' }>, 'record'>,
    within?: WithinSave,
  ): Promise<SaveResult> {
    const stored = serializeDraft(draft);
    if (stored.size > this.options.draftMaxBytes) return { outcome: 'tooLarge', record };
    const now = this.clock.now().getTime();
    const saved = within
      ? await this.db.transaction().execute(async (trx) => {
          const updated = await this.records.updateDraft(
            record.id,
            record.rowVersion,
            stored,
            now,
            trx,
          );
          if (updated) await within(trx);
          return updated;
        })
      : await this.records.updateDraft(record.id, record.rowVersion, stored, now);
    if (!saved) {
      const current = (await this.records.find(record.id)) ?? record;
      return { outcome: 'stale', record: current };
    }
    return {
      ...result,
      record: { ...record, draft, rowVersion: record.rowVersion + 1, updatedAt: now },
    };
  }
}

function isAllowed(actor: Actor, record: ApplicationRecord): boolean {
  if (actor.kind === 'applicant') return record.ownerId === actor.userId;
  const paper = record.ownerId === null && record.channel === 'post';
  // A paper application being registered is the municipality's, never a visitor's.
  if (actor.kind === 'anonymous') return record.ownerId === null && !paper;
  return (
    paper && record.status === 'draft' && actor.municipalities.includes(record.municipalityCode)
  );
}

/** A step's answers as typed, without the row fields ("<stepId>.<groupId>.<fieldId>") left out. */
function withoutRowFields(stepId: string, typed: StepInput, leftOut: readonly string[]): StepInput {
  const copy = { ...typed };
  for (const path of leftOut) {
    const [step, groupId, fieldId] = path.split('.');
    if (step !== stepId || groupId === undefined || fieldId === undefined) continue;
    const rows = copy[groupId];
    if (!isGroupInput(rows)) continue;
    copy[groupId] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([name]) => name !== fieldId)),
    );
  }
  return copy;
}

function isGroupInput(input: StepInput[string] | undefined): input is GroupInput {
  return Array.isArray(input) && input.every((row) => typeof row === 'object');
}

import type { MessageKey, Translate } from '../locales';
import { shownAnswers } from './answers';
import type { FieldError } from './field-error';
import { isAgeCondition } from './conditions';
import { elementId } from './html-ids';
import { firstIncompleteStep } from './journey';
import { readStepInput, storableScalar } from './read-input';
import { revalidateOtherSteps } from './revalidate';
import { shownInput } from './shown-input';
import { withRowKind } from './row-kind';
import { questionInSection, rowsInSections, summarize } from './summary';
import type {
  Draft,
  DraftValues,
  FormDefinition,
  GroupInput,
  ScalarField,
  Step,
  StepInput,
} from './types';
import { validateStep } from './validate-step';
import { stepFieldViews, type ScalarView } from './view-model';

/**
 * A completion: the applicant changes only the answers a caseworker marked. Each marked answer
 * is named by its path ("<stepId>.<fieldId>" or "<stepId>.<groupId>.<row>.<fieldId>", as the
 * summary rows name them), which is also the name its field posts, so two steps' fields never
 * clash. The rest of each step is taken from the draft as it stands, and the step is read and
 * validated exactly as its own page would be.
 */

export interface MarkedPath {
  stepId: string;
  /** The field's posted name within its step: "fieldId" or "groupId.row.fieldId". */
  name: string;
}

/** "om-dig.firstName" -> { stepId: "om-dig", name: "firstName" }; undefined if not one. */
export function parsePath(form: FormDefinition, path: string): MarkedPath | undefined {
  const [stepId, ...rest] = path.split('.');
  const step = form.steps.find((candidate) => candidate.id === stepId);
  if (!step || rest.length === 0) return undefined;
  const [fieldId, row, rowFieldId, ...more] = rest;
  const field = step.fields.find((candidate) => candidate.id === fieldId);
  if (!field || more.length > 0) return undefined;
  if (field.type !== 'group')
    return rest.length === 1 ? { stepId: step.id, name: field.id } : undefined;
  const index = Number(row);
  const ok =
    Number.isInteger(index) &&
    index >= 0 &&
    index < field.max &&
    field.fields.some((candidate) => candidate.id === rowFieldId);
  return ok ? { stepId: step.id, name: rest.join('.') } : undefined;
}

/** The field a marked path names (a group row's field for a row path), or undefined. */
export function fieldOfPath(form: FormDefinition, path: string): ScalarField | undefined {
  const marked = parsePath(form, path);
  const step = form.steps.find((candidate) => candidate.id === marked?.stepId);
  const [fieldId, , rowFieldId] = marked?.name.split('.') ?? [];
  const field = step?.fields.find((candidate) => candidate.id === fieldId);
  if (!field) return undefined;
  if (field.type !== 'group') return field;
  return field.fields.find((candidate) => candidate.id === rowFieldId);
}

/**
 * The question a field's condition asks about on its own page (its step, or its group row), as
 * a marked path beside `path`: "period.changes" for "period.changesText". Undefined for a field
 * shown always, or by another step's answer or an age.
 */
function askedAboutPath(form: FormDefinition, path: string): string | undefined {
  const condition = fieldOfPath(form, path)?.showIf;
  if (!condition || isAgeCondition(condition) || condition.step) return undefined;
  const parts = path.split('.');
  // A row field's condition names a field of its row, or (with a dot) none of this page's.
  if (parts.length === 4 && condition.field.includes('.')) return undefined;
  return [...parts.slice(0, -1), condition.field].join('.');
}

/** The saved answer at a marked path ("step.field" or "step.group.row.field"), if any. */
function answerAt(values: DraftValues, path: string): unknown {
  const [stepId = '', fieldId = '', row, rowFieldId = ''] = path.split('.');
  const value = values[stepId]?.[fieldId];
  if (row === undefined) return value;
  const rowValues: unknown = Array.isArray(value) ? value[Number(row)] : undefined;
  return typeof rowValues === 'object' && rowValues !== null
    ? (rowValues as Record<string, unknown>)[rowFieldId]
    : undefined;
}

const isEmptyAnswer = (value: unknown) =>
  value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * The marked paths with the follow-up questions each would open that have no answer now
 * ("Berätta vad som har ändrats" after "Nej" to "Har något ändrats?"), right after it: a new
 * answer that opens a required question can only be given with it. A follow-up already answered
 * (the address under "Hur bor du?") stays as it is, unless it is marked itself. A follow-up of a
 * follow-up comes too.
 */
export function withFollowUps(
  form: FormDefinition,
  paths: readonly string[],
  values: DraftValues,
): string[] {
  const all = new Set<string>();
  const add = (path: string) => {
    if (all.has(path)) return;
    all.add(path);
    for (const followUp of followUpsOf(form, path)) {
      if (isEmptyAnswer(answerAt(values, followUp))) add(followUp);
    }
  };
  for (const path of paths) add(path);
  return [...all];
}

function followUpsOf(form: FormDefinition, path: string): string[] {
  const marked = parsePath(form, path);
  const step = form.steps.find((candidate) => candidate.id === marked?.stepId);
  if (!marked || !step) return [];
  const [fieldId, row] = marked.name.split('.');
  const group = step.fields.find((candidate) => candidate.id === fieldId);
  const siblings =
    row !== undefined && group?.type === 'group'
      ? group.fields.map((field) => `${step.id}.${fieldId}.${row}.${field.id}`)
      : step.fields
          .filter((field) => field.type !== 'group')
          .map((field) => `${step.id}.${field.id}`);
  return siblings.filter((sibling) => askedAboutPath(form, sibling) === path);
}

/** Answers typed on a completion page and saved, not sent: marked path -> value as posted. */
export type CompletionDraftAnswers = Record<string, string | string[]>;

/**
 * What a post of the completion page may keep as a draft: the value of each marked path read
 * with its field's bounds, as its own page reads it. A value that may not be stored (too long,
 * a refused character, not what our form sends) is left out, so the one saved before stays; any
 * key that is not a marked path is never read.
 */
export function completionDraftAnswers(
  form: FormDefinition,
  paths: readonly string[],
  posted: Record<string, unknown>,
): CompletionDraftAnswers {
  const kept: CompletionDraftAnswers = {};
  for (const path of paths) {
    const field = fieldOfPath(form, path);
    const value = field ? storableScalar(field, posted[path]) : undefined;
    if (value !== undefined) kept[path] = value;
  }
  return kept;
}

/** Each marked path's answer in the draft as its field posts it: the page with nothing typed. */
export function draftAnswersByPath(
  form: FormDefinition,
  draft: Draft,
  paths: readonly string[],
): Record<string, unknown> {
  const byPath: Record<string, unknown> = {};
  for (const path of paths) {
    const marked = parsePath(form, path);
    const step = form.steps.find((candidate) => candidate.id === marked?.stepId);
    if (!marked || !step) continue;
    byPath[path] = bodyOf(step, draft.input[step.id] ?? {})[marked.name];
  }
  return byPath;
}

/** One step's typed input as the flat body its page posts (group rows as `g.row.field`). */
function bodyOf(step: Step, input: StepInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of step.fields) {
    const value = input[field.id];
    if (value === undefined) continue;
    if (field.type !== 'group') {
      body[field.id] = value;
      continue;
    }
    (value as GroupInput).forEach((row, index) => {
      for (const [id, rowValue] of Object.entries(row))
        body[`${field.id}.${index}.${id}`] = rowValue;
    });
  }
  return body;
}

/**
 * A field's ids moved under its path, so that no two steps' fields share one. A follow-up whose
 * question is on the page too is shown and hidden by it, as on its own page.
 */
function underPath(
  view: ScalarView,
  path: string,
  label: string,
  askedAbout: string | undefined,
): ScalarView {
  const id = elementId(path);
  return {
    ...view,
    id,
    name: path,
    label,
    options: view.options.map((option) => ({
      ...option,
      id: `${id}${option.id.slice(view.id.length)}`,
    })),
    // Any other answer of the step is not on this page: nothing to show or hide by it.
    showIf: view.showIf && askedAbout ? { ...view.showIf, name: askedAbout } : undefined,
    // The personnummer is not on this page (it may not change): the server has decided.
    liveAge: undefined,
  };
}

export interface CompletionFieldsBuild {
  form: FormDefinition;
  draft: Draft;
  paths: readonly string[];
  /** What the applicant typed on this page (by path), shown again as typed; else the draft's. */
  typed?: Record<string, unknown>;
  errors: FieldError[];
  today: string;
  t: Translate;
  has: (key: string) => boolean;
}

/** The marked answers as fields to fill in, in the order given; unknown paths are left out. */
export function completionFields(build: CompletionFieldsBuild): ScalarView[] {
  const views: ScalarView[] = [];
  for (const path of build.paths) {
    const marked = parsePath(build.form, path);
    const step = build.form.steps.find((candidate) => candidate.id === marked?.stepId);
    if (!marked || !step) continue;
    const body = bodyOf(step, build.draft.input[step.id] ?? {});
    if (build.typed) body[marked.name] = build.typed[path];
    const { shown } = readStepInput(step, body, build.draft.values);
    const errors = build.errors
      .filter((error) => error.field === path)
      .map((error) => ({ ...error, field: marked.name }));
    const fields = stepFieldViews({
      form: build.form,
      step,
      input: shown,
      values: build.draft.values,
      today: build.today,
      errors,
      t: build.t,
      has: build.has,
    });
    const [fieldId, row] = marked.name.split('.');
    const field = fields.find((candidate) => candidate.name === fieldId);
    // The question with its step: several steps ask the same ("Förnamn", "Medborgarskap").
    const title = build.t(`${build.form.messagePrefix}.${step.id}.title` as MessageKey);
    const askedAbout = askedAboutPath(build.form, path);
    const onPage =
      askedAbout !== undefined && build.paths.includes(askedAbout) ? askedAbout : undefined;
    if (field?.kind === 'scalar') {
      views.push(underPath(field, path, questionInSection(title, field.label), onPage));
    } else if (field?.kind === 'group') {
      const groupRow = field.rows[Number(row)];
      const view = groupRow?.fields.find((candidate) => candidate.name === marked.name);
      if (groupRow && view) {
        const label = questionInSection(
          title,
          withRowKind(
            build.form,
            build.draft.values,
            path,
            `${groupRow.legend}: ${view.label}`,
            build.t,
          ),
        );
        views.push(underPath(view, path, label, onPage));
      }
    }
  }
  return views;
}

/**
 * Whether the typed answers show anything else than the page shows from the draft: then they
 * exist only in the page that posted them, and must be shown again rather than redirected away.
 */
export function typedDiffers(build: CompletionFieldsBuild): boolean {
  const { typed, ...asSaved } = build;
  if (!typed) return false;
  const shown = (views: ScalarView[]) =>
    JSON.stringify(views.map((view) => [view.value, view.options.map((option) => option.checked)]));
  return shown(completionFields(build)) !== shown(completionFields({ ...asSaved, errors: [] }));
}

export interface CompletionRead {
  /** The draft with the changed answers, every changed step validated; use only without errors. */
  draft: Draft;
  errors: FieldError[];
  /**
   * The errors of typed values refused on reading (too long, invisible characters): what any
   * post of the page reports, sent or not. Also in `errors`.
   */
  refused: FieldError[];
}

/**
 * Applies what was posted for the marked paths (nothing else is read: any other key is
 * ignored) and validates each step concerned as its own page would.
 */
export function readCompletion(
  form: FormDefinition,
  current: Draft,
  paths: readonly string[],
  posted: Record<string, unknown>,
  today: string,
  t: Translate,
): CompletionRead {
  const draft = structuredClone(current);
  const errors: FieldError[] = [];
  const refused: FieldError[] = [];
  const byStep = new Map<string, MarkedPath[]>();
  for (const path of paths) {
    const marked = parsePath(form, path);
    if (marked) byStep.set(marked.stepId, [...(byStep.get(marked.stepId) ?? []), marked]);
  }
  for (const step of form.steps) {
    const marked = byStep.get(step.id);
    if (!marked) continue;
    const body = bodyOf(step, draft.input[step.id] ?? {});
    for (const { name } of marked) {
      const value = posted[`${step.id}.${name}`];
      if (value === undefined) Reflect.deleteProperty(body, name);
      else body[name] = value;
    }
    const { input, fieldProblems } = readStepInput(step, body, draft.values);
    const context = { today, values: draft.values };
    const result = validateStep(form, step, input, context, t, fieldProblems);
    const first = `#${elementId(`${step.id}.${marked[0]?.name ?? ''}`)}`;
    const refusedNames = new Set(
      fieldProblems.map((problem) =>
        problem.group ? `${problem.group}.${problem.row}.${problem.field}` : problem.field,
      ),
    );
    for (const error of result.errors) {
      const onPage = marked.some(({ name }) => name === error.field);
      const onPath = {
        ...error,
        field: `${step.id}.${error.field}`,
        // An answer that is not on this page is reached through the first one that is.
        href: onPage ? `#f-${step.id}-${error.href.slice('#f-'.length)}` : first,
      };
      errors.push(onPath);
      if (refusedNames.has(error.field)) refused.push(onPath);
    }
    draft.input[step.id] = shownInput(step, input, draft.values);
    if (result.errors.length === 0) {
      draft.values[step.id] = result.values;
      revalidateOtherSteps(form, draft, step.id, today, t);
    }
  }
  if (errors.length === 0 && firstIncompleteStep(form, draft)) {
    const href = `#${elementId(paths[0] ?? '')}`;
    errors.push({ field: paths[0] ?? '', text: t('completion.error.otherAnswers'), href });
  }
  return { draft, errors, refused };
}

/**
 * The answer of each path as the summary shows it ('' when there is none now), its question
 * named with its step ("Medsökande – Medborgarskap").
 */
export function answerTexts(
  form: FormDefinition,
  answers: DraftValues,
  paths: readonly string[],
  t: Translate,
): Record<string, { label: string; value: string }> {
  const rows = rowsInSections(summarize(form, answers, t));
  return Object.fromEntries(
    paths.map((path) => {
      const row = rows.find((candidate) => candidate.path === path);
      const label = withRowKind(form, answers, path, row?.label ?? '', t);
      return [path, { label, value: row?.value ?? '' }];
    }),
  );
}

/** The shown answers of a draft (what a snapshot stores as `answers`). */
export const answersOf = (form: FormDefinition, draft: Draft): DraftValues =>
  shownAnswers(form, draft);

import type { MessageKey, Translate } from '../locales';
import { withAnswerValues } from './answer-texts';
import { conditionHolds, conditionMayHold, conditionStep, isAgeCondition } from './conditions';
import type { FieldError } from './field-error';
import { scalarMaxLength } from './field-kinds';
import { formatKronor, formatMonth, groupDigits } from './format';
import { elementId, inputName } from './html-ids';
import { fieldKey } from './messages';
import { conditionWords } from './condition-words';
import type {
  AnswerCondition,
  Condition,
  Field,
  FormDefinition,
  GroupField,
  ScalarField,
  Step,
  StepInput,
  DraftValues,
} from './types';
import { parseAmount } from './parsers';
import { optionsOf } from './validate-field';
import { rowLabel } from './validate-step';

export interface OptionView {
  value: string;
  label: string;
  id: string;
  checked: boolean;
}

/**
 * A condition the browser decides as one answers: shown while the input `name` has one of
 * `values` (space-separated), or with `unless` while it has none of them.
 */
export interface LiveCondition {
  name: string;
  values: string;
  unless: boolean;
  /**
   * When to answer, in words, for a browser without JS, which shows every conditional question:
   * "Fyll bara i det här om du har valt ”Ja” vid frågan ”Hyr du ut någon del av bostaden?”."
   * The script hides it, as it hides the question itself while it does not apply.
   */
  note: string | undefined;
}

export interface ScalarView {
  kind: 'scalar';
  type: ScalarField['type'];
  id: string;
  name: string;
  label: string;
  hint: string | undefined;
  help: string | undefined;
  value: string;
  options: OptionView[];
  error: string | undefined;
  optional: boolean;
  /** `maxlength` of a one-line text box; a text area has none (a longer text gets a message). */
  maxLength: number | undefined;
  /** A text area's limit, counted under it as one types; the text says the limit without JS. */
  count: { max: number; text: string } | undefined;
  width: ScalarField['width'];
  autocomplete: string | undefined;
  /** For the browser to show/hide live; absent when the server already decided. */
  showIf: LiveCondition | undefined;
  /**
   * Shown by an age the row's personnummer gives (the lunch at preschool): the browser hides
   * it once the personnummer typed gives an age of `youngerThan` or more on `on` (YYYY-MM-DD).
   */
  liveAge: { name: string; youngerThan: number; on: string } | undefined;
  /** The first field of a row just added: the page opens with the focus there. */
  autofocus: boolean;
  /**
   * Ids of text beside the field that describes it, read before its hint and message (the
   * caseworker's reason on the completion page).
   */
  describedBy?: readonly string[];
}

export interface GroupRowView {
  legend: string;
  index: number;
  fields: ScalarView[];
}

export interface GroupView {
  kind: 'group';
  id: string;
  name: string;
  label: string;
  hint: string | undefined;
  help: string | undefined;
  rows: GroupRowView[];
  canAdd: boolean;
  canRemove: boolean;
  addLabel: string;
  removeLabel: string;
  /** "Inkomst 2 är borttagen.", right after a row was removed. */
  removed: string | undefined;
  /** The value of the "Ångra" beside it, `restore:<group>:<row>`. */
  restoreAction: string | undefined;
  error: string | undefined;
  showIf: LiveCondition | undefined;
}

export type FieldView = ScalarView | GroupView;

interface Build {
  form: FormDefinition;
  step: Step;
  input: StepInput;
  values: DraftValues;
  /** Today in the municipality's time zone (YYYY-MM-DD), for options that depend on the day. */
  today: string;
  errors: FieldError[];
  t: Translate;
  has: (key: string) => boolean;
  /** The row just removed (its number, from 1), to say so at its group. */
  removedRow?: { groupId: string; number: number };
  /** The row just added (its number, from 1): its first field takes the focus. */
  addedRow?: { groupId: string; number: number };
}

function inlineError(errors: FieldError[], name: string): string | undefined {
  const error = errors.find((candidate) => candidate.field === name);
  return error ? (error.inline ?? error.text) : undefined;
}

function optionalText(build: Build, key: string): string | undefined {
  return build.has(key) ? build.t(key as MessageKey) : undefined;
}

/**
 * What a field shows of what was typed. An amount that reads as one comes back as it was
 * understood ("2 500 kr" -> "2 500", beside the field's own "kr"); with an error, or for any
 * other field, exactly as typed.
 */
function shownText(field: ScalarField, raw: unknown, error: string | undefined): string {
  if (typeof raw !== 'string') return '';
  if (field.type !== 'amount' || error !== undefined || raw.trim() === '') return raw;
  const parsed = parseAmount(raw.trim());
  return parsed.ok ? formatKronor(parsed.value) : raw;
}

function liveCondition(
  build: Build,
  condition: Condition | undefined,
  group?: { id: string; row: number },
): LiveCondition | undefined {
  if (!condition || isAgeCondition(condition) || condition.step) return undefined;
  const inGroup = group && !condition.field.includes('.');
  const unless = 'notIn' in condition;
  const values = unless ? condition.notIn : condition.in;
  return {
    name: inGroup ? inputName(condition.field, group) : condition.field,
    values: values.join(' '),
    unless,
    note: conditionNote(build, condition, inGroup ? group.id : undefined),
  };
}

function conditionNote(
  build: Build,
  condition: AnswerCondition,
  groupId: string | undefined,
): string | undefined {
  const context = { today: build.today, values: build.values };
  const words = conditionWords({ ...build, context }, condition, groupId);
  if (!words) return undefined;
  const { notIf, ...values } = words;
  return build.t(notIf ? 'form.conditionalNote.notIf' : 'form.conditionalNote.onlyIf', values);
}

function scalarView(
  build: Build,
  field: ScalarField,
  path: string[],
  raw: string | string[] | undefined,
  group?: { id: string; row: number },
): ScalarView {
  const name = inputName(field.id, group);
  const id = elementId(name);
  const chosen = Array.isArray(raw) ? raw : [raw ?? ''];
  const key = (part: string) => fieldKey(build.form, path, part);
  const optionLabel = (value: string) => {
    if (field.type === 'yesNo') return build.t(value === 'ja' ? 'form.yes' : 'form.no');
    if (field.type === 'month') return formatMonth(value, build.t);
    return build.t(key(`option.${value}`) as MessageKey);
  };
  const options = optionsOf(field, { today: build.today, values: build.values });
  const error = inlineError(build.errors, name);
  const maxLength = scalarMaxLength(field);
  return {
    kind: 'scalar',
    type: field.type,
    id,
    name,
    label: build.t(key('label') as MessageKey),
    hint: optionalText(build, key('hint')),
    help: optionalText(build, key('help')),
    value: shownText(field, raw, error),
    options: options.map((value) => ({
      value,
      label: optionLabel(value),
      id: `${id}-${value}`,
      checked: chosen.includes(value),
    })),
    error,
    optional: field.optional === true,
    // One line: a limit far above real answers (names, descriptions), so nothing real is cut.
    maxLength: field.type === 'text' ? maxLength : undefined,
    count:
      field.type === 'textarea'
        ? { max: maxLength, text: build.t('form.count.limit', { max: groupDigits(maxLength) }) }
        : undefined,
    width: field.width,
    autocomplete: field.autocomplete,
    showIf: liveCondition(build, field.showIf, group),
    liveAge: liveAge(build, field.showIf, group),
    autofocus: false,
  };
}

function liveAge(
  build: Build,
  condition: Condition | undefined,
  group?: { id: string; row: number },
): ScalarView['liveAge'] {
  if (!isAgeCondition(condition) || !group) return undefined;
  const month = build.values[condition.month.step]?.[condition.month.field];
  if (typeof month !== 'string' || !/^\d{4}-\d{2}$/.test(month)) return undefined;
  return {
    name: inputName(condition.personnummer, group),
    youngerThan: condition.youngerThan,
    on: `${month}-01`,
  };
}

function removedText(build: Build, groupId: string, rowsLeft: number): string | undefined {
  const removed = build.removedRow;
  // Only a row that can have been there: one more than there are now, at most.
  if (removed?.groupId !== groupId || removed.number > rowsLeft + 1) return undefined;
  const key = fieldKey(build.form, [build.step.id, groupId], 'removed');
  const row = rowLabel(build.form, build.step, groupId, removed.number - 1, build.t);
  return build.has(key)
    ? build.t(key as MessageKey, { number: removed.number })
    : build.t('form.rowRemoved', { row });
}

function groupView(build: Build, group: GroupField): GroupView {
  const rowsInput = (build.input[group.id] ?? []) as Record<string, string | string[]>[];
  const rows =
    rowsInput.length > 0
      ? rowsInput
      : Array.from(
          { length: Math.max(group.min, 1) },
          (): Record<string, string | string[]> => ({}),
        );
  const key = (part: string) => fieldKey(build.form, [build.step.id, group.id], part);
  return {
    kind: 'group',
    id: elementId(group.id),
    name: group.id,
    label: build.t(key('label') as MessageKey),
    hint: optionalText(build, key('hint')),
    help: optionalText(build, key('help')),
    rows: rows.map((row, index) => ({
      legend: rowLabel(build.form, build.step, group.id, index, build.t),
      index,
      fields: group.fields
        .filter((field) => rowFieldShown(field, { ...build.input, ...row }, build.values))
        .map((field, position) => ({
          ...scalarView(build, field, [build.step.id, group.id, field.id], row[field.id], {
            id: group.id,
            row: index,
          }),
          autofocus:
            position === 0 &&
            build.addedRow?.groupId === group.id &&
            build.addedRow.number === index + 1,
        })),
    })),
    canAdd: rows.length < group.max,
    canRemove: rows.length > group.min,
    addLabel: build.t(key('add') as MessageKey),
    removeLabel: build.t(key('remove') as MessageKey),
    removed: removedText(build, group.id, rowsInput.length),
    restoreAction:
      build.removedRow?.groupId === group.id
        ? `restore:${group.id}:${build.removedRow.number - 1}`
        : undefined,
    error: inlineError(build.errors, group.id),
    showIf: liveCondition(build, group.showIf),
  };
}

/**
 * Whether the page has the field at all: one shown on another step's answer or on an age is
 * decided here (an age not known yet shows the question); one on an answer in the same step is
 * always there, shown and hidden live by the browser.
 */
function rowFieldShown(field: Field, scope: StepInput, values: DraftValues): boolean {
  if (isAgeCondition(field.showIf)) return conditionMayHold(field.showIf, scope, values);
  return !conditionStep(field.showIf) || conditionHolds(field.showIf, {}, values);
}

/** Everything a step's template needs, as plain objects: labels, values as typed, errors. */
export function stepFieldViews(given: Build): FieldView[] {
  const build = { ...given, t: withAnswerValues(given.t, given.form, given.values) };
  return build.step.fields
    .filter((field) => rowFieldShown(field, build.input, build.values))
    .map((field) =>
      field.type === 'group'
        ? groupView(build, field)
        : scalarView(
            build,
            field,
            [build.step.id, field.id],
            build.input[field.id] as string | string[] | undefined,
          ),
    );
}

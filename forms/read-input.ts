import { conditionHolds, conditionStep, isAgeCondition } from './conditions';
import { isChoice, isMultiLine, scalarMaxLength } from './field-kinds';
import { groupDigits } from './format';
import { validateField } from './validate-field';
import type { DraftValues, Field, ScalarField, Step, StepInput } from './types';

/** Form fields that are not answers. */
const CONTROL_FIELDS = new Set(['_csrf', '_action', '_version']);

/** Bounds a list of ticked options whose options are computed (and so unknown here). */
const MAX_COMPUTED_OPTIONS = 100;

/** Problems with the post as a whole: nothing a browser showing our form could have sent. */
export type InputProblem = 'unknownField' | 'malformed';

/**
 * A typed value refused on reading: longer than its field allows, or holding a control or bidi
 * override character. It is never returned as input to store; the page shows it with a message.
 */
export interface InputFieldProblem {
  /** The field's id; inside a group row also the group's id and the row's index. */
  field: string;
  group?: string;
  row?: number;
  /**
   * A key under formError.: `tooLong`, `controlCharacter`, or `hiddenAnswer`: an answer in a
   * question that another answer on the same page rules out (a browser without JavaScript shows
   * both; with it the question hides and sends nothing). It is never dropped without a word.
   */
  code: 'tooLong' | 'controlCharacter' | 'hiddenAnswer';
  values: Record<string, string | number>;
}

export interface StepRead {
  /** Safe to store: every value within its field's maximum and free of refused characters. */
  input: StepInput;
  problems: Set<InputProblem>;
  /** Values refused on reading. When there are any, nothing of the step may be stored. */
  fieldProblems: InputFieldProblem[];
  /**
   * What to show in the page: the input, with a too long value as typed and a value with refused
   * characters without them (they are invisible, so the text reads exactly as the user saw it).
   */
  shown: StepInput;
  /**
   * The step's questions of which nothing new was posted: a browser sends nothing of what it has
   * hidden, nor of checkboxes left unticked; and a page without JavaScript sends a question that
   * an answer on it rules out as it was saved, untouched (kept while hidden: see inputToStore).
   */
  unsent: Set<string>;
}

/**
 * C0 and C1 controls (NUL, bell, escape …) and the bidi embeddings, overrides and isolates that
 * can make text read differently from how it is stored (U+202A–202E, U+2066–2069).
 */
const REFUSED_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** The text without refused characters; a tab or line break in one-line text becomes a space. */
export function withoutRefusedCharacters(text: string, multiLine: boolean): string {
  return text.replace(REFUSED_CHARACTERS, (char) => {
    if (char === '\n' || char === '\t') return multiLine ? char : ' ';
    return '';
  });
}

interface ScalarRead {
  stored: string | string[];
  shown: string | string[];
  problem?: Pick<InputFieldProblem, 'code' | 'values'>;
}

function readScalar(field: ScalarField, raw: unknown, problems: Set<InputProblem>): ScalarRead {
  const nothing = { stored: '', shown: '' };
  if (raw === undefined) {
    return field.type === 'checkboxes' ? { stored: [], shown: [] } : nothing;
  }
  if (field.type === 'checkboxes') {
    const list = Array.isArray(raw) ? raw : [raw];
    const most = field.optionsFrom ? MAX_COMPUTED_OPTIONS : (field.options?.length ?? 0);
    // Ticked values are short option ids, each sent once: nothing large or repeated is stored.
    if (
      list.length > most ||
      new Set(list).size !== list.length ||
      list.some((item) => typeof item !== 'string' || item.length > 100)
    ) {
      problems.add('malformed');
      return { stored: [], shown: [] };
    }
    return { stored: list as string[], shown: list as string[] };
  }
  if (typeof raw !== 'string') {
    problems.add('malformed');
    return nothing;
  }
  // Browsers send line breaks as CRLF but count them as one character against maxlength.
  const text = raw.replace(/\r\n?/g, '\n');
  const clean = withoutRefusedCharacters(text, isMultiLine(field));
  const max = scalarMaxLength(field);
  if (isChoice(field)) {
    // An option id is short and plain: anything else did not come from our form.
    if (text.length > max || clean !== text) {
      problems.add('malformed');
      return nothing;
    }
    return { stored: text, shown: text };
  }
  if (text.length > max) {
    const values = { max: groupDigits(max), length: groupDigits(text.length) };
    return { stored: '', shown: clean, problem: { code: 'tooLong', values } };
  }
  if (clean !== text) {
    return { stored: '', shown: clean, problem: { code: 'controlCharacter', values: {} } };
  }
  return { stored: text, shown: text };
}

/**
 * One scalar field's posted value as it may be stored, read with the bounds of its page (its
 * maximum length, no refused characters, a choice's shape); undefined when it may not be.
 */
export function storableScalar(field: ScalarField, raw: unknown): string | string[] | undefined {
  const problems = new Set<InputProblem>();
  const read = readScalar(field, raw, problems);
  return problems.size > 0 || read.problem ? undefined : read.stored;
}

/**
 * Reads one step's answers from a posted body. Group rows arrive as `<group>.<row>.<field>`.
 * Anything a browser showing our form could not have sent is reported in `problems`; a typed
 * value that cannot be stored is reported in `fieldProblems` and left out of `input`, and so is an
 * answer in a question that another answer on this page rules out. With the saved answers of
 * other steps, a refused value in a field hidden by another step's answers is dropped without a
 * word, as the answers in hidden fields are anyway.
 */
export function readStepInput(
  step: Step,
  body: Record<string, unknown>,
  values?: DraftValues,
  /**
   * The step's saved input: a ruled-out question posted back exactly as saved, beside the answer
   * that rules it out also as saved, is no clash (the page showed both and nothing was changed).
   */
  saved?: StepInput,
): StepRead {
  const problems = new Set<InputProblem>();
  const asSaved = new Set<string>();
  const sameAsSaved = (field: Field, posted: unknown) => {
    const condition = field.showIf;
    if (!saved || saved[field.id] === undefined || !condition || isAgeCondition(condition)) {
      return false;
    }
    const decider = step.fields.find((one) => one.id === condition.field);
    const decided =
      decider && decider.type !== 'group'
        ? readScalar(decider, body[decider.id], new Set()).stored
        : undefined;
    const same =
      decider !== undefined &&
      decided !== undefined &&
      sameInput(decider, decided, saved[condition.field], values ?? {}) &&
      sameInput(field, posted, saved[field.id], values ?? {});
    if (same) asSaved.add(field.id);
    return same;
  };
  const fieldProblems: InputFieldProblem[] = [];
  const input: StepInput = {};
  const shown: StepInput = {};
  const known = new Set<string>(CONTROL_FIELDS);
  // Without the saved answers, a condition on another step is taken to hold: report, never drop.
  const shownField = (field: Field, scope: Record<string, unknown>) =>
    !field.showIf ||
    ((conditionStep(field.showIf) !== undefined || isAgeCondition(field.showIf)) &&
      values === undefined) ||
    conditionHolds(field.showIf, scope as StepInput, values ?? {});

  // Answered, though an answer on this page rules the question out: both were in view.
  const ruledOut = (field: Field, scope: Record<string, unknown>) =>
    field.showIf !== undefined &&
    !isAgeCondition(field.showIf) &&
    conditionStep(field.showIf) === undefined &&
    !conditionHolds(field.showIf, scope as StepInput, values ?? {});
  const hiddenAnswer = { code: 'hiddenAnswer', values: {} } as const;

  for (const field of step.fields) {
    if (field.type === 'group') {
      const group = readGroup(field, body, known, problems);
      input[field.id] = group.map((row) => row.stored);
      shown[field.id] = group.map((row) => row.shown);
      if (
        ruledOut(field, body) &&
        group.some((row) => !isEmptyRow(row.shown)) &&
        !sameAsSaved(field, input[field.id])
      ) {
        fieldProblems.push({ field: field.id, ...hiddenAnswer });
      }
      group.forEach((row, index) => {
        if (!shownField(field, body)) return;
        const scope = { ...body, ...row.shown };
        for (const rowField of field.fields) {
          const problem = row.problems[rowField.id];
          const place = { field: rowField.id, group: field.id, row: index };
          if (problem && shownField(rowField, scope)) fieldProblems.push({ ...place, ...problem });
          else if (ruledOut(rowField, scope) && isAnswered(row.shown[rowField.id])) {
            fieldProblems.push({ ...place, ...hiddenAnswer });
          }
        }
      });
    } else {
      known.add(field.id);
      const read = readScalar(field, body[field.id], problems);
      input[field.id] = read.stored;
      shown[field.id] = read.shown;
      if (read.problem && shownField(field, body)) {
        fieldProblems.push({ field: field.id, ...read.problem });
      } else if (
        ruledOut(field, body) &&
        isAnswered(read.shown) &&
        !sameAsSaved(field, read.stored)
      ) {
        fieldProblems.push({ field: field.id, ...hiddenAnswer });
      }
    }
  }
  for (const key of Object.keys(body)) if (!known.has(key)) problems.add('unknownField');
  const posted = Object.keys(body);
  const unsent = new Set(
    step.fields
      .filter((field) =>
        field.type === 'group'
          ? !posted.some((key) => key.startsWith(`${field.id}.`))
          : !posted.includes(field.id),
      )
      .map((field) => field.id),
  );
  for (const id of asSaved) unsent.add(id);
  return { input, problems, fieldProblems, shown, unsent };
}

interface RowRead {
  stored: Record<string, string | string[]>;
  shown: Record<string, string | string[]>;
  problems: Record<string, Pick<InputFieldProblem, 'code' | 'values'>>;
}

function readGroup(
  group: Extract<Field, { type: 'group' }>,
  body: Record<string, unknown>,
  known: Set<string>,
  problems: Set<InputProblem>,
): RowRead[] {
  const prefix = `${group.id}.`;
  let rowCount = 0;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0 && index < group.max) {
      rowCount = Math.max(rowCount, index + 1);
    }
  }
  const rows: RowRead[] = [];
  for (let index = 0; index < rowCount; index++) {
    const row: RowRead = { stored: {}, shown: {}, problems: {} };
    for (const field of group.fields) {
      const name = `${group.id}.${index}.${field.id}`;
      known.add(name);
      const read = readScalar(field, body[name], problems);
      row.stored[field.id] = read.stored;
      row.shown[field.id] = read.shown;
      if (read.problem) row.problems[field.id] = read.problem;
    }
    rows.push(row);
  }
  return rows;
}

function isAnswered(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 : (value ?? '').trim() !== '';
}

/**
 * Two inputs of one question alike as answers: each value as its field reads it (the page shows
 * a valid amount as read, "2 500", where "2 500 kr" was typed), group rows left empty aside.
 */
function sameInput(field: Field, one: unknown, other: unknown, values: DraftValues): boolean {
  const context = { today: '', values };
  const read = (scalar: ScalarField, value: unknown) => {
    const typed = typeof value === 'string' || Array.isArray(value) ? value : '';
    const result = validateField(scalar, typed as string | string[], context);
    return JSON.stringify(result.ok ? result.value : typed);
  };
  if (field.type !== 'group') return read(field, one) === read(field, other);
  const rows = (value: unknown) =>
    (Array.isArray(value) ? (value as Record<string, string | string[]>[]) : []).filter(
      (row) => !isEmptyRow(row),
    );
  const [first, second] = [rows(one), rows(other)];
  return (
    first.length === second.length &&
    first.every((row, at) =>
      field.fields.every(
        (rowField) =>
          read(rowField, row[rowField.id]) === read(rowField, second[at]?.[rowField.id]),
      ),
    )
  );
}

export function isEmptyRow(row: Record<string, string | string[]>): boolean {
  return Object.values(row).every((value) =>
    Array.isArray(value) ? value.length === 0 : value.trim() === '',
  );
}

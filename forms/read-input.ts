import type { Field, GroupInput, ScalarField, Step, StepInput } from './types';

/** Form fields that are not answers. */
const CONTROL_FIELDS = new Set(['_csrf', '_action', '_version']);

/** A value this much longer than a field allows is garbage, not a typo: refuse it whole. */
const GARBAGE_FACTOR = 10;

export type InputProblem = 'unknownField' | 'malformed';

export function scalarMaxLength(field: ScalarField): number {
  if (field.type === 'textarea') return field.max ?? 4000;
  if (field.type === 'text') return field.max ?? 200;
  return 100;
}

function readScalar(field: ScalarField, raw: unknown, problems: Set<InputProblem>) {
  if (raw === undefined) return field.type === 'checkboxes' ? [] : '';
  const limit = scalarMaxLength(field) * GARBAGE_FACTOR;
  if (field.type === 'checkboxes') {
    const list = Array.isArray(raw) ? raw : [raw];
    // Ticked values are short option ids, each sent once: nothing large or repeated is stored.
    if (
      list.length > (field.options?.length ?? 0) ||
      new Set(list).size !== list.length ||
      list.some((item) => typeof item !== 'string' || item.length > 100)
    ) {
      problems.add('malformed');
      return [];
    }
    return list as string[];
  }
  if (typeof raw !== 'string' || raw.length > limit) {
    problems.add('malformed');
    return '';
  }
  return raw.replace(/\r\n/g, '\n');
}

/**
 * Reads one step's answers from a posted body. Group rows arrive as `<group>.<row>.<field>`.
 * Anything a browser showing our form could not have sent is reported as a problem.
 */
export function readStepInput(
  step: Step,
  body: Record<string, unknown>,
): { input: StepInput; problems: Set<InputProblem> } {
  const problems = new Set<InputProblem>();
  const input: StepInput = {};
  const known = new Set<string>(CONTROL_FIELDS);

  for (const field of step.fields) {
    if (field.type === 'group') {
      input[field.id] = readGroup(field, body, known, problems);
    } else {
      known.add(field.id);
      input[field.id] = readScalar(field, body[field.id], problems);
    }
  }
  for (const key of Object.keys(body)) if (!known.has(key)) problems.add('unknownField');
  return { input, problems };
}

function readGroup(
  group: Extract<Field, { type: 'group' }>,
  body: Record<string, unknown>,
  known: Set<string>,
  problems: Set<InputProblem>,
): GroupInput {
  const prefix = `${group.id}.`;
  let rowCount = 0;
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0 && index < group.max) {
      rowCount = Math.max(rowCount, index + 1);
    }
  }
  const rows: GroupInput = [];
  for (let index = 0; index < rowCount; index++) {
    const row: Record<string, string | string[]> = {};
    for (const field of group.fields) {
      const name = `${group.id}.${index}.${field.id}`;
      known.add(name);
      row[field.id] = readScalar(field, body[name], problems);
    }
    rows.push(row);
  }
  return rows;
}

export function isEmptyRow(row: Record<string, string | string[]>): boolean {
  return Object.values(row).every((value) =>
    Array.isArray(value) ? value.length === 0 : value.trim() === '',
  );
}

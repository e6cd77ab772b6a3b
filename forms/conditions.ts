import { ageOn, birthDateOf, parsePersonnummer } from './parsers';
import type {
  AgeCondition,
  AnswerCondition,
  Condition,
  DraftValues,
  FieldInput,
  FieldValue,
  GroupValue,
} from './types';

type Scope = Record<string, FieldValue | GroupValue | FieldInput | undefined>;

export function isAgeCondition(condition: Condition | undefined): condition is AgeCondition {
  return condition !== undefined && 'youngerThan' in condition;
}

/** The step an answer condition reads, when it reads another step's saved answers. */
export function conditionStep(condition: Condition | undefined): string | undefined {
  return condition && !isAgeCondition(condition) ? condition.step : undefined;
}

function hasOneOf(wanted: readonly string[], value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => wanted.includes(String(item)));
  return typeof value === 'string' && wanted.includes(value);
}

/** An answer not given (nothing ticked, nothing chosen) has none of the values: `notIn` holds. */
function matches(condition: AnswerCondition, value: unknown): boolean {
  return 'notIn' in condition ? !hasOneOf(condition.notIn, value) : hasOneOf(condition.in, value);
}

/**
 * The age on the first day of the month applied for, or undefined while the personnummer (typed
 * or stored as 12 digits) or the month cannot be read.
 */
export function conditionAge(
  condition: AgeCondition,
  scope: Scope,
  values: DraftValues,
): number | undefined {
  const typed = scope[condition.personnummer];
  const month = values[condition.month.step]?.[condition.month.field];
  if (typeof typed !== 'string' || typeof month !== 'string') return undefined;
  const parsed = parsePersonnummer(typed);
  if (!parsed.ok) return undefined;
  return ageOn(birthDateOf(parsed.value), `${month}-01`);
}

/**
 * True when the condition holds: a condition naming another step reads that step's saved answers;
 * one without reads the given scope (the posted step, or one group row over it). An age condition
 * holds only when the age is known.
 */
export function conditionHolds(
  condition: Condition | undefined,
  scope: Scope,
  values: DraftValues,
): boolean {
  if (!condition) return true;
  if (isAgeCondition(condition)) {
    const age = conditionAge(condition, scope, values);
    return age !== undefined && age < condition.youngerThan;
  }
  const value = condition.step ? values[condition.step]?.[condition.field] : scope[condition.field];
  return matches(condition, value);
}

/**
 * Whether a page shows the field: as conditionHolds, except that an age not known yet (a new
 * row, a personnummer still wrong) shows the question, whose hint says whom it is for.
 */
export function conditionMayHold(
  condition: Condition | undefined,
  scope: Scope,
  values: DraftValues,
): boolean {
  if (isAgeCondition(condition)) {
    const age = conditionAge(condition, scope, values);
    return age === undefined || age < condition.youngerThan;
  }
  return conditionHolds(condition, scope, values);
}

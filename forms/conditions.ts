import type { Condition, DraftValues, FieldInput, FieldValue, GroupValue } from './types';

type Scope = Record<string, FieldValue | GroupValue | FieldInput | undefined>;

function matches(condition: Condition, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => condition.in.includes(String(item)));
  return typeof value === 'string' && condition.in.includes(value);
}

/**
 * True when the condition holds: a condition naming another step reads that step's saved answers;
 * one without reads the given scope (the posted step, or one group row over it).
 */
export function conditionHolds(
  condition: Condition | undefined,
  scope: Scope,
  values: DraftValues,
): boolean {
  if (!condition) return true;
  const value = condition.step ? values[condition.step]?.[condition.field] : scope[condition.field];
  return matches(condition, value);
}

import type { DraftValues } from './types';

/** A saved scalar answer as text; '' for a missing answer, a list or a group. */
export function answerText(values: DraftValues, stepId: string, fieldId: string): string {
  const value = values[stepId]?.[fieldId];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

import type { Draft, FormDefinition, Step } from './types';

/**
 * The answers a step asks again although the rest of its row came from last month
 * (`notCarriedOver`, a bill's due date): "group.field" for each such field of the step that is
 * empty in a row where something else is filled in. The step page says why they are empty.
 */
export function askedAgain(form: FormDefinition, draft: Draft, step: Step): string[] {
  const found: string[] = [];
  for (const path of form.hooks.notCarriedOver ?? []) {
    const [stepId, groupId, fieldId] = path.split('.');
    if (stepId !== step.id || !groupId || !fieldId) continue;
    const rows = draft.input[step.id]?.[groupId];
    if (!Array.isArray(rows)) continue;
    const missing = rows.some((row) => {
      const entries = Object.entries(row);
      const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
      const own = entries.find(([name]) => name === fieldId)?.[1];
      return !filled(own) && entries.some(([name, value]) => name !== fieldId && filled(value));
    });
    if (missing) found.push(`${groupId}.${fieldId}`);
  }
  return found;
}

import type { Translate } from '../locales';
import { visibleSteps } from './journey';
import type { Draft, FormDefinition } from './types';
import { validateStep } from './validate-step';

/**
 * After one answer changes, the other done steps are checked again against what was typed in
 * them: a rule that now fails (an income for a partner who is gone) reopens its step.
 */
export function revalidateOtherSteps(
  form: FormDefinition,
  draft: Draft,
  changedStepId: string,
  today: string,
  t: Translate,
): void {
  for (const step of visibleSteps(form, draft.values)) {
    if (step.id === changedStepId || !draft.values[step.id]) continue;
    const { values, errors } = validateStep(
      form,
      step,
      draft.input[step.id] ?? {},
      { today, values: draft.values },
      t,
    );
    if (errors.length > 0) Reflect.deleteProperty(draft.values, step.id);
    else draft.values[step.id] = values;
  }
}

import { conditionHolds } from './conditions';
import { visibleSteps } from './journey';
import type { Draft, DraftValues, GroupValue, StepValues } from './types';
import type { FormDefinition } from './types';

/**
 * Only the answers the applicant can still see: a step hidden since (a partner who is no longer
 * there) or a field whose condition no longer holds is left out of anything printed or sent.
 */
export function visibleValues(form: FormDefinition, draft: Draft): DraftValues {
  const result: DraftValues = {};
  for (const step of visibleSteps(form, draft)) {
    const values = draft.values[step.id];
    if (!values) continue;
    const kept: StepValues = {};
    for (const field of step.fields) {
      const value = values[field.id];
      if (value === undefined || !conditionHolds(field.showIf, values, draft.values)) continue;
      kept[field.id] =
        field.type === 'group'
          ? (value as GroupValue).map((row) =>
              Object.fromEntries(
                Object.entries(row).filter(([id]) => {
                  const rowField = field.fields.find((candidate) => candidate.id === id);
                  return (
                    rowField && conditionHolds(rowField.showIf, { ...values, ...row }, draft.values)
                  );
                }),
              ),
            )
          : value;
    }
    result[step.id] = kept;
  }
  return result;
}

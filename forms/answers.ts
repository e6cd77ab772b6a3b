import { conditionHolds } from './conditions';
import { visibleSteps } from './journey';
import type {
  Draft,
  DraftValues,
  FormDefinition,
  GroupField,
  GroupValue,
  StepValues,
} from './types';

/**
 * The one place that decides which answers count: those of the steps that are done and still shown,
 * without fields whose condition no longer holds (a partner who is gone). The review page, the
 * PDF, the QR codes and the estimate all read this and nothing else.
 */
export function shownAnswers(form: FormDefinition, draft: Draft): DraftValues {
  const result: DraftValues = {};
  for (const step of visibleSteps(form, draft.values)) {
    const values = draft.values[step.id];
    if (!values) continue;
    const kept: StepValues = {};
    for (const field of step.fields) {
      const value = values[field.id];
      if (value === undefined || !conditionHolds(field.showIf, values, draft.values)) continue;
      kept[field.id] =
        field.type === 'group'
          ? shownRows(field, value as GroupValue, values, draft.values)
          : value;
    }
    result[step.id] = kept;
  }
  return result;
}

function shownRows(
  group: GroupField,
  rows: GroupValue,
  stepValues: StepValues,
  all: DraftValues,
): GroupValue {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).filter(([id]) => {
        const rowField = group.fields.find((candidate) => candidate.id === id);
        return rowField && conditionHolds(rowField.showIf, { ...stepValues, ...row }, all);
      }),
    ),
  );
}

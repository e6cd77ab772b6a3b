import type { Translate } from '../locales';
import { withAnswerValues } from './answer-texts';
import { formatValue } from './format';
import type { DraftValues, FormDefinition, GroupValue } from './types';
import { rowLabel } from './validate-step';

/**
 * A group row's question quoted alone (a mark, a completion, a letter) names the row by its kind
 * where the group says which answer that is: "Kostnad 2 (Hushållsel): Belopp i kronor", not
 * only "Kostnad 2", which the applicant would have to count their way to. `label` is the
 * question as already worded for the row at `path` ("<step>.<group>.<row>.<field>").
 */
export function withRowKind(
  form: FormDefinition,
  answers: DraftValues,
  path: string,
  label: string,
  t: Translate,
): string {
  const [stepId, groupId, index, fieldId] = path.split('.');
  const step = form.steps.find((one) => one.id === stepId);
  const group = step?.fields.find((one) => one.id === groupId);
  if (!step || group?.type !== 'group' || !group.titleField || fieldId === group.titleField) {
    return label;
  }
  const titleField = group.fields.find((one) => one.id === group.titleField);
  const row = (answers[step.id]?.[group.id] as GroupValue | undefined)?.[Number(index)];
  const value = row?.[group.titleField];
  if (!titleField || value === undefined) return label;
  const kind = formatValue(
    form,
    [step.id, group.id, titleField.id],
    titleField,
    value,
    withAnswerValues(t, form, answers),
  );
  const legend = rowLabel(form, step, group.id, Number(index), t);
  // A function, so a `$` in the answer is only text, never a replacement pattern.
  return label.replace(`${legend}:`, () => `${legend} (${kind}):`);
}

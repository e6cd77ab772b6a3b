import type { MessageKey, Translate } from '../locales';
import { formatValue } from './format';
import { visibleSteps } from './journey';
import { fieldKey } from './messages';
import type { DraftValues, FormDefinition, GroupValue } from './types';
import { rowLabel } from './validate-step';

export interface SummaryRow {
  label: string;
  value: string;
}

export interface SummarySection {
  stepId: string;
  title: string;
  rows: SummaryRow[];
}

/**
 * The shown answers (see answers.ts) as question -> answer rows, grouped by step, in the
 * translator's language: what the review page, the PDF and the caseworker read. Unanswered
 * optional fields are left out.
 */
export function summarize(
  form: FormDefinition,
  answers: DraftValues,
  t: Translate,
): SummarySection[] {
  const steps = visibleSteps(form, answers);
  return steps.map((step) => {
    const values = answers[step.id] ?? {};
    const rows: SummaryRow[] = [];
    const label = (path: string[]) => t(fieldKey(form, path, 'label') as MessageKey);
    for (const field of step.fields) {
      const value = values[field.id];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      if (field.type !== 'group') {
        rows.push({
          label: label([step.id, field.id]),
          value: formatValue(form, [step.id, field.id], field, value as never, t),
        });
        continue;
      }
      (value as GroupValue).forEach((row, index) => {
        for (const rowField of field.fields) {
          const rowValue = row[rowField.id];
          if (rowValue === undefined) continue;
          const path = [step.id, field.id, rowField.id];
          rows.push({
            label: `${rowLabel(form, step, field.id, index, t)}: ${label(path)}`,
            value: formatValue(form, path, rowField, rowValue, t),
          });
        }
      });
    }
    return {
      stepId: step.id,
      title: t(`${form.messagePrefix}.${step.id}.title` as MessageKey),
      rows,
    };
  });
}

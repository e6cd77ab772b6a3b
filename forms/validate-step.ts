import type { MessageKey, Translate } from '../locales';
import { conditionHolds } from './conditions';
import type { FieldError } from './field-error';
import { elementId, focusTargetId, inputName } from './html-ids';
import { fieldKey } from './messages';
import { isEmptyRow } from './read-input';
import type {
  FieldValue,
  FormDefinition,
  GroupField,
  GroupValue,
  Step,
  StepContext,
  StepInput,
  StepValues,
} from './types';
import { validateField, type FieldProblem } from './validate-field';

export interface StepValidation {
  values: StepValues;
  errors: FieldError[];
}

/**
 * Validates a step as posted. Fields hidden by their condition are neither required nor kept;
 * empty group rows are dropped. Cross-field rules run only when every field is valid on its own.
 */
export function validateStep(
  form: FormDefinition,
  step: Step,
  input: StepInput,
  context: StepContext,
  t: Translate,
): StepValidation {
  const values: StepValues = {};
  const errors: FieldError[] = [];
  // Rules see only non-empty rows; this maps their row numbers back to the rows on screen.
  const shownRows: Record<string, number[]> = {};
  const message = (path: string[], problem: FieldProblem) =>
    t(`formError.${problem.code}` as MessageKey, {
      label: t(fieldKey(form, path, 'label') as MessageKey),
      ...problem.values,
    });

  for (const field of step.fields) {
    if (!conditionHolds(field.showIf, input, context.values)) continue;
    if (field.type === 'group') {
      const group = validateGroup(form, step, field, input, context, message, errors, t);
      values[field.id] = group.values;
      shownRows[field.id] = group.inputRows;
      continue;
    }
    const result = validateField(field, input[field.id] as string | string[] | undefined);
    if (!result.ok) {
      errors.push({
        field: field.id,
        text: message([step.id, field.id], result.problem),
        href: `#${focusTargetId(field, field.id)}`,
      });
    } else if (result.value !== undefined) {
      values[field.id] = result.value;
    }
  }

  if (errors.length === 0 && step.rules) {
    for (const { row: valueRow, ...ruleError } of step.rules(values, context)) {
      const row =
        valueRow === undefined ? undefined : (shownRows[ruleError.field]?.[valueRow] ?? valueRow);
      const group = step.fields.find((field) => field.id === ruleError.field);
      const rowField =
        group?.type === 'group' ? group.fields.find((f) => f.id === ruleError.rowField) : undefined;
      const name =
        row !== undefined && rowField
          ? inputName(rowField.id, { id: ruleError.field, row })
          : ruleError.field;
      const target = rowField ?? (group?.type === 'group' ? undefined : group);
      const text = t(ruleError.message as MessageKey, ruleError.values);
      errors.push({
        field: name,
        text:
          row !== undefined ? `${rowLabel(form, step, ruleError.field, row, t)}: ${text}` : text,
        href: `#${target ? focusTargetId(target, name) : elementId(name)}`,
        inline: text,
      });
    }
  }
  return { values, errors };
}

export function rowLabel(
  form: FormDefinition,
  step: Step,
  groupId: string,
  row: number,
  t: Translate,
) {
  return t(fieldKey(form, [step.id, groupId], 'rowLabel') as MessageKey, { number: row + 1 });
}

function validateGroup(
  form: FormDefinition,
  step: Step,
  group: GroupField,
  input: StepInput,
  context: StepContext,
  message: (path: string[], problem: FieldProblem) => string,
  errors: FieldError[],
  t: Translate,
): { values: GroupValue; inputRows: number[] } {
  const rows = (Array.isArray(input[group.id]) ? input[group.id] : []) as Record<
    string,
    string | string[]
  >[];
  const values: GroupValue = [];
  const inputRows: number[] = [];
  rows.forEach((row, index) => {
    if (isEmptyRow(row)) return;
    inputRows.push(index);
    const rowValues: Record<string, FieldValue> = {};
    for (const field of group.fields) {
      if (!conditionHolds(field.showIf, { ...input, ...row }, context.values)) continue;
      const name = inputName(field.id, { id: group.id, row: index });
      const result = validateField(field, row[field.id]);
      if (!result.ok) {
        const inline = message([step.id, group.id, field.id], result.problem);
        errors.push({
          field: name,
          text: `${rowLabel(form, step, group.id, index, t)}: ${inline}`,
          href: `#${focusTargetId(field, name)}`,
          inline,
        });
      } else if (result.value !== undefined) {
        rowValues[field.id] = result.value;
      }
    }
    values.push(rowValues);
  });
  if (values.length < group.min) {
    errors.push({
      field: group.id,
      text: t(fieldKey(form, [step.id, group.id], 'tooFew') as MessageKey, { min: group.min }),
      href: `#${elementId(group.id)}-add`,
    });
  }
  return { values, inputRows };
}

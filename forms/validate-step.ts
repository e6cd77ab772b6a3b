import { hasMessage, type MessageKey, type Translate } from '../locales';
import { withAnswerValues } from './answer-texts';
import { conditionWords } from './condition-words';
import { conditionHolds, isAgeCondition } from './conditions';
import type { FieldError } from './field-error';
import { elementId, focusTargetId, inputName } from './html-ids';
import { fieldKey, messageValues } from './messages';
import { isEmptyRow, type InputFieldProblem } from './read-input';
import type {
  Field,
  FieldValue,
  FormDefinition,
  GroupField,
  GroupValue,
  Step,
  StepContext,
  StepInput,
  StepValues,
} from './types';
import { validateField, type FieldProblem, type FieldResult } from './validate-field';

export interface StepValidation {
  values: StepValues;
  errors: FieldError[];
}

/**
 * Validates a step as posted. Fields hidden by their condition are neither required nor kept;
 * empty group rows are dropped. Cross-field rules run only when every field is valid on its own.
 * Values refused on reading (`fieldProblems` from readStepInput) are reported in their place.
 */
export function validateStep(
  form: FormDefinition,
  step: Step,
  input: StepInput,
  context: StepContext,
  translate: Translate,
  refused: readonly InputFieldProblem[] = [],
): StepValidation {
  const t = withAnswerValues(translate, form, context.values);
  const values: StepValues = {};
  const errors: FieldError[] = [];
  // Rules see only non-empty rows; this maps their row numbers back to the rows on screen.
  const shownRows: Record<string, number[]> = {};
  const message = (path: string[], problem: FieldProblem) => {
    const label = t(fieldKey(form, path, 'label') as MessageKey);
    const option =
      problem.option === undefined
        ? undefined
        : t(fieldKey(form, path, `option.${problem.option}`) as MessageKey);
    // A question may say it better for itself ("Har du minus på kontot? Skriv 0.").
    const own = fieldKey(form, path, `error.${problem.code}`);
    const key = hasMessage('sv', own) ? own : `formError.${problem.code}`;
    const text = t(key as MessageKey, {
      label,
      ...(option !== undefined && { option }),
      ...messageValues(problem.values, t),
    });
    // One box of its own ("Jag har läst och intygar detta") is the question its message names.
    return { label: option ?? label, text };
  };
  const refusal = (fieldId: string, group?: { id: string; row: number }) =>
    refused.find(
      (problem) =>
        problem.field === fieldId && problem.group === group?.id && problem.row === group?.row,
    );

  // An answer in a question that another answer on the page rules out (see read-input): the
  // page says which two answers clash, and keeps both until the person chooses.
  const ruledOut = (field: Field, place?: { id: string; row: number }) => {
    const condition = field.showIf;
    if (refusal(field.id, place)?.code !== 'hiddenAnswer' || isAgeCondition(condition)) return;
    if (!condition) return;
    const words = conditionWords({ form, step, context, t }, condition, place?.id);
    if (!words) return;
    const name = inputName(field.id, place);
    const path = place ? [step.id, place.id, field.id] : [step.id, field.id];
    const label = t(fieldKey(form, path, 'label') as MessageKey);
    const { notIf, ...values } = words;
    const key = notIf ? 'formError.hiddenAnswer.notIf' : 'formError.hiddenAnswer.onlyIf';
    const text = t(key, { label, ...values });
    const row = place && rowLabel(form, step, place.id, place.row, t);
    errors.push({
      field: name,
      text: summaryText({ label, text, row }, t),
      href: `#${field.type === 'group' ? elementId(name) : focusTargetId(field, name, context)}`,
      inline: text,
    });
  };

  for (const field of step.fields) {
    if (!conditionHolds(field.showIf, input, context.values)) {
      ruledOut(field);
      continue;
    }
    if (field.type === 'group') {
      const group = validateGroup(
        { form, step, input, context, message, refusal, ruledOut, errors, t },
        field,
      );
      values[field.id] = group.values;
      shownRows[field.id] = group.inputRows;
      continue;
    }
    const result = refusedOr(refusal(field.id), () =>
      validateField(field, input[field.id] as string | string[] | undefined, context),
    );
    if (!result.ok) {
      const { label, text } = message([step.id, field.id], result.problem);
      errors.push({
        field: field.id,
        text: summaryText({ label, text }, t),
        href: `#${focusTargetId(field, field.id, context)}`,
        inline: text,
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
      const text = t(ruleError.message as MessageKey, messageValues(ruleError.values, t));
      const labelPath = rowField
        ? [step.id, ruleError.field, rowField.id]
        : [step.id, ruleError.field];
      errors.push({
        field: name,
        text: summaryText(
          {
            // A rule on a whole group ("Fyll i minst ett barn") speaks for itself.
            label: target ? t(fieldKey(form, labelPath, 'label') as MessageKey) : undefined,
            text,
            row: row !== undefined ? rowLabel(form, step, ruleError.field, row, t) : undefined,
          },
          t,
        ),
        href: `#${target ? focusTargetId(target, name, context) : groupTargetId(group, name, values)}`,
        inline: text,
      });
    }
  }
  return { values, errors };
}

/**
 * A message as the error summary lists it, away from its field: with the group row ("Barn 2")
 * and, when the message does not name its question ("Svaret har decimaler."), the question.
 */
export function summaryText(
  about: { label: string | undefined; text: string; row?: string },
  t: Translate,
): string {
  const { label, text, row } = about;
  const named = label !== undefined && !text.includes(label);
  if (row === undefined) return named ? t('form.errorAboutQuestion', { label, text }) : text;
  return named ? t('form.errorAboutRowQuestion', { row, label, text }) : `${row}: ${text}`;
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

interface GroupCheck {
  form: FormDefinition;
  step: Step;
  input: StepInput;
  context: StepContext;
  message: (path: string[], problem: FieldProblem) => { label: string; text: string };
  refusal: (fieldId: string, group: { id: string; row: number }) => InputFieldProblem | undefined;
  ruledOut: (field: Field, place: { id: string; row: number }) => void;
  errors: FieldError[];
  t: Translate;
}

/** A value refused on reading is reported as it is; any other is validated. */
function refusedOr(refused: InputFieldProblem | undefined, validate: () => FieldResult) {
  return refused
    ? ({ ok: false, problem: { code: refused.code, values: refused.values } } as const)
    : validate();
}

function validateGroup(
  { form, step, input, context, message, refusal, ruledOut, errors, t }: GroupCheck,
  group: GroupField,
): { values: GroupValue; inputRows: number[] } {
  const rows = (Array.isArray(input[group.id]) ? input[group.id] : []) as Record<
    string,
    string | string[]
  >[];
  const values: GroupValue = [];
  const inputRows: number[] = [];
  rows.forEach((row, index) => {
    const place = { id: group.id, row: index };
    // A row whose only answer was refused is not empty to the person who typed it.
    const refusedHere = group.fields.some((field) => refusal(field.id, place));
    if (isEmptyRow(row) && !refusedHere) return;
    inputRows.push(index);
    const rowValues: Record<string, FieldValue> = {};
    for (const field of group.fields) {
      if (!conditionHolds(field.showIf, { ...input, ...row }, context.values)) {
        ruledOut(field, place);
        continue;
      }
      const name = inputName(field.id, place);
      const result = refusedOr(refusal(field.id, place), () =>
        validateField(field, row[field.id], context),
      );
      if (!result.ok) {
        const { label, text: inline } = message([step.id, group.id, field.id], result.problem);
        errors.push({
          field: name,
          text: summaryText(
            { label, text: inline, row: rowLabel(form, step, group.id, index, t) },
            t,
          ),
          href: `#${focusTargetId(field, name, context)}`,
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

/**
 * Where the summary's link for a rule on a whole group ("Du har inte fyllt i någon inkomst")
 * leads: its "Lägg till" button, which can take the focus and carries the message; the group
 * itself when it is full and has none.
 */
function groupTargetId(group: Field | undefined, name: string, values: StepValues): string {
  const rows = values[name];
  const count = Array.isArray(rows) ? rows.length : 0;
  return group?.type === 'group' && count < group.max ? `${elementId(name)}-add` : elementId(name);
}

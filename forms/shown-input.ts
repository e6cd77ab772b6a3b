import { conditionMayHold, conditionStep, isAgeCondition } from './conditions';
import type { DraftValues, GroupInput, Step, StepInput } from './types';

/**
 * What a step stores of what was posted: only the fields shown given the other answers. A field
 * hidden by its condition (the text for "other" when "other" is not chosen) is not kept. A
 * question shown while an age is not known yet (a personnummer still wrong) keeps its answer.
 */
export function shownInput(step: Step, input: StepInput, values: DraftValues): StepInput {
  const kept: StepInput = {};
  for (const field of step.fields) {
    const value = input[field.id];
    if (value === undefined || !conditionMayHold(field.showIf, input, values)) continue;
    if (field.type !== 'group') {
      kept[field.id] = value;
      continue;
    }
    kept[field.id] = (value as GroupInput).map((row) => {
      const scope = { ...input, ...row };
      const shown: GroupInput[number] = {};
      for (const rowField of field.fields) {
        const rowValue = row[rowField.id];
        if (rowValue !== undefined && conditionMayHold(rowField.showIf, scope, values)) {
          shown[rowField.id] = rowValue;
        }
      }
      return shown;
    });
  }
  return kept;
}

/**
 * The input a step stores: what shownInput keeps and, for a question hidden by another answer
 * on the same page of which nothing new was sent (a browser disables what it hides; a page
 * without JavaScript sends it back as saved), what was saved for it before. So ticking "no incomes", going on and unticking it later brings the incomes back as
 * typed. Only input saved earlier is kept so, never a posted value for a hidden question; and it
 * is input, not an answer: nothing reads it until the question is shown again.
 */
export function inputToStore(
  step: Step,
  input: StepInput,
  values: DraftValues,
  unsent: ReadonlySet<string>,
  saved: StepInput | undefined,
): StepInput {
  const kept = shownInput(step, input, values);
  for (const field of step.fields) {
    const earlier = saved?.[field.id];
    // Only a question hidden by an answer on this page, where the person sees it come back: one
    // hidden by another step would come back as an answer on a step nobody looks at again.
    const onThisPage =
      field.showIf !== undefined &&
      !isAgeCondition(field.showIf) &&
      conditionStep(field.showIf) === undefined;
    if (earlier !== undefined && onThisPage && unsent.has(field.id) && !(field.id in kept)) {
      kept[field.id] = earlier;
    }
  }
  return kept;
}

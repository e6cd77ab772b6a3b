import { conditionMayHold } from './conditions';
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

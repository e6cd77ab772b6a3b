import type { ScalarField, StepContext } from './types';
import { isChoice } from './field-kinds';
import { optionsOf } from './validate-field';

/** The posted name of a field: `name`, or `<group>.<row>.<name>` inside a group. */
export function inputName(fieldId: string, group?: { id: string; row: number }): string {
  return group ? `${group.id}.${group.row}.${fieldId}` : fieldId;
}

/** Element ids are prefixed so that no answer can clash with the page's own ids. */
export function elementId(name: string): string {
  return `f-${name.replace(/\./g, '-')}`;
}

/** Where an error link should land: the input, or a choice field's first option. */
export function focusTargetId(field: ScalarField, name: string, context: StepContext): string {
  const base = elementId(name);
  const first = optionsOf(field, context)[0];
  const grouped = field.type !== 'select' && isChoice(field);
  return grouped && first !== undefined ? `${base}-${first}` : base;
}

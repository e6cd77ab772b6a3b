import type { ScalarField } from './types';
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
export function focusTargetId(field: ScalarField, name: string): string {
  const base = elementId(name);
  const first = optionsOf(field)[0];
  const grouped = field.type === 'radios' || field.type === 'yesNo' || field.type === 'checkboxes';
  return grouped && first !== undefined ? `${base}-${first}` : base;
}

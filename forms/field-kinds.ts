import type { ScalarField } from './types';

const CHOICE_TYPES: readonly ScalarField['type'][] = [
  'radios',
  'select',
  'yesNo',
  'month',
  'checkboxes',
];

/** Fields answered by choosing among options rather than by typing. */
export const isChoice = (field: ScalarField) => CHOICE_TYPES.includes(field.type);

/** Fields whose answer may run over several lines (and hold tabs). */
export const isMultiLine = (field: ScalarField) => field.type === 'textarea';

/** The most characters a field takes: its own `max` for text, a generous bound for the rest. */
export function scalarMaxLength(field: ScalarField): number {
  if (field.type === 'textarea') return field.max ?? 4000;
  if (field.type === 'text') return field.max ?? 200;
  return 100;
}

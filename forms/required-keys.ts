import { fieldKey } from './messages';
import type { Field, FormDefinition } from './types';

function fieldKeys(form: FormDefinition, path: string[], field: Field): string[] {
  const key = (part: string) => fieldKey(form, path, part);
  if (field.type === 'group') {
    return [
      key('label'),
      key('add'),
      key('remove'),
      key('rowLabel'),
      ...(field.min > 0 ? [key('tooFew')] : []),
      ...field.fields.flatMap((inner) => fieldKeys(form, [...path, inner.id], inner)),
    ];
  }
  // Yes/no and computed options (months) are labelled without keys of their own.
  const labelledOptions = field.type === 'yesNo' || field.optionsFrom ? [] : (field.options ?? []);
  return [key('label'), ...labelledOptions.map((option) => key(`option.${option}`))];
}

/** Every message key a form definition needs to render, validate and print. */
export function requiredMessageKeys(form: FormDefinition): string[] {
  return form.steps.flatMap((step) => [
    `${form.messagePrefix}.${step.id}.title`,
    ...step.fields.flatMap((field) => fieldKeys(form, [step.id, field.id], field)),
  ]);
}

/** The keys a form needs that a dictionary lacks: a test fails on any, long before a page would. */
export function missingMessageKeys(form: FormDefinition, has: (key: string) => boolean): string[] {
  return requiredMessageKeys(form).filter((key) => !has(key));
}

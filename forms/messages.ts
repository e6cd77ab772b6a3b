import type { MessageKey, Translate } from '../locales';
import type { FormDefinition } from './types';

/** Keys follow the convention in types.ts; a missing optional key (hint, help) is just absent. */
export function fieldKey(form: FormDefinition, path: readonly string[], part: string): string {
  return [form.messagePrefix, ...path, part].join('.');
}

export interface FormText {
  has(key: string): boolean;
  text(key: string, values?: Record<string, string | number>): string;
}

export function formText(t: Translate, known: (key: string) => boolean): FormText {
  return {
    has: known,
    text: (key, values) => t(key as MessageKey, values),
  };
}

/** A message's values; a month number also gets its name in the page's language ("juni"). */
export function messageValues(
  values: Record<string, string | number> | undefined,
  t: Translate,
): Record<string, string | number> {
  const month = values?.month;
  if (typeof month !== 'number' || month < 1 || month > 12) return values ?? {};
  return { ...values, monthName: t(`form.month.${month}` as MessageKey) };
}

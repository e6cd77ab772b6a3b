import type { Translate } from '../locales';
import { formatMonth } from './format';
import type { DraftValues, FormDefinition } from './types';

/**
 * A translator whose texts may name the month applied for as {month} ("Inkomster i december
 * 2026"), from the form's `period` hook; before the month is chosen, "den månad du söker för".
 */
export function withAnswerValues(
  t: Translate,
  form: FormDefinition,
  values: DraftValues,
): Translate {
  const period = form.hooks.period?.(values);
  const month = period ? formatMonth(period, t) : t('form.monthAppliedFor');
  return (key, given) => t(key, { month, ...given });
}

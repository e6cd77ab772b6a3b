import type { MessageKey, Translate } from '../locales';
import { fieldKey } from './messages';
import { formatPhone } from './phone-format';
import type { FieldValue, FormDefinition, ScalarField } from './types';

const wholeKronor = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const kronorAndOre = new Intl.NumberFormat('sv-SE', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** 1000000 -> "1 000 000", with plain spaces that read the same everywhere. */
export function groupDigits(value: number): string {
  return wholeKronor.format(value).replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * 123450 öre -> "1 234,50", 123400 -> "1 234": an amount without its unit, as an amount field
 * shows it back (the field has "kr" beside it). Plain spaces and minus print everywhere.
 */
export function formatKronor(ore: number): string {
  const format = ore % 100 === 0 ? wholeKronor : kronorAndOre;
  return format
    .format(ore / 100)
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace('\u2212', '-');
}

/** 123450 öre -> "1 234,50 kr", 123400 -> "1 234 kr". */
export function formatOre(ore: number): string {
  return `${formatKronor(ore)} kr`;
}

/** 12 digits -> YYYYMMDD-NNNN, the form caseworkers read. */
export function formatPersonnummer(digits: string): string {
  return `${digits.slice(0, 8)}-${digits.slice(8)}`;
}

/** "12345" -> "123 45", as postal codes are written in Sweden. */
export function formatPostalCode(digits: string): string {
  return /^\d{5}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
}

/** "2026-12" -> "december 2026" (or "December 2026"), in the page's language. */
export function formatMonth(yearMonth: string, t: Translate): string {
  const [year, month] = yearMonth.split('-');
  const number = Number(month);
  if (!year || !Number.isInteger(number) || number < 1 || number > 12) return yearMonth;
  return t('form.monthYear', { month: t(`form.month.${number}` as MessageKey), year });
}

/**
 * "2026-12-28" -> "28 december 2026" (or "28 December 2026"): the day before the month, as both
 * languages write it. Anything else is returned as it is.
 */
export function formatDate(day: string, t: Translate): string {
  const match = /^(\d{4}-\d{2})-(\d{2})$/.exec(day);
  const month = match?.[1] ? formatMonth(match[1], t) : day;
  return match && month !== match[1] ? `${Number(match[2])} ${month}` : day;
}

/** A saved answer as a person reads it, in the page's language. */
export function formatValue(
  form: FormDefinition,
  path: readonly string[],
  field: ScalarField,
  value: FieldValue,
  t: Translate,
): string {
  const option = (choice: string) =>
    field.type === 'yesNo'
      ? t(choice === 'ja' ? 'form.yes' : 'form.no')
      : t(fieldKey(form, path, `option.${choice}`) as MessageKey);
  switch (field.type) {
    case 'amount':
      return formatOre(Number(value));
    case 'personnummer':
      return formatPersonnummer(String(value));
    case 'postalCode':
      return formatPostalCode(String(value));
    case 'phone':
      return formatPhone(String(value));
    case 'month':
    case 'yearMonth':
      return formatMonth(String(value), t);
    case 'date':
      return formatDate(String(value), t);
    case 'yesNo':
    case 'radios':
    case 'select':
      return option(String(value));
    case 'checkboxes':
      return (value as string[]).map(option).join(', ');
    default:
      return String(value);
  }
}

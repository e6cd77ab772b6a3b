import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
import type { InboxSearch } from '../services/case-inbox';
import { nameWords } from '../services/case-columns';
import { searchedPersonnummer } from './staff-search-input';

/**
 * The inbox's search box: a personnummer in any format, a date of birth (eight digits), or (when
 * it holds a letter) a name or the start of one; otherwise the message that says what to type.
 */
export function searchedCase(
  typed: string,
  field: string,
  t: Translate,
): { ok: true; value: InboxSearch } | { ok: false; error: FieldError } {
  const error = (text: string) => ({
    ok: false as const,
    error: { field, text, href: `#${field}` },
  });
  if (typed.trim() === '') return error(t('inbox.search.required'));
  const receipt = receiptNumberOf(typed);
  if (receipt) return { ok: true, value: { receipt } };
  if (/\p{L}/u.test(typed)) {
    const words = nameWords(typed);
    if (words.join('').length < 2) return error(t('inbox.search.nameTooShort'));
    return { ok: true, value: { name: words.join(' ') } };
  }
  const born = birthDateOf(typed);
  if (born) return { ok: true, value: { born } };
  // Eight digits are a date of birth to the hint: one that does not exist is said to be so.
  if (EIGHT_DIGIT_DATE.test(typed.trim())) return error(t('inbox.search.noSuchDate'));
  // Six digits are a date of birth without its century, not a short personnummer.
  if (SIX_DIGIT_DATE.test(typed.trim())) {
    return error(t('inbox.search.sixDigitDate', { example: `19${typed.replace(/\D/g, '')}` }));
  }
  const parsed = searchedPersonnummer(typed, field, t);
  if (!parsed.ok) return parsed;
  // Ten digits with "-" are read as someone under 100; "+" (100 or older) is easily forgotten.
  const withoutCentury = typed.replace(/\D/g, '').length === 10 && !typed.includes('+');
  const older = `${String(Number(parsed.value.slice(0, 2)) - 1)}${parsed.value.slice(2)}`;
  return {
    ok: true,
    value: { personnummer: withoutCentury ? [parsed.value, older] : [parsed.value] },
  };
}

const EIGHT_DIGIT_DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const SIX_DIGIT_DATE = /^\d{2}-?\d{2}-?\d{2}$/;

/**
 * A date of birth as eight digits ("19780312", "1978-03-12"): every personnummer of that day.
 * Undefined for anything else, or a day that does not exist.
 */
export function birthDateOf(typed: string): string | undefined {
  const match = EIGHT_DIGIT_DATE.exec(typed.trim());
  if (!match) return undefined;
  const [, year = '', month = '', day = ''] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const real =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day);
  return real && Number(year) >= 1880 ? `${year}${month}${day}` : undefined;
}

/**
 * A receipt number as the applicant reads it out from the receipt or the decision letter
 * ("EB-6N9Z-T777"), in any case, with spaces or dashes or none; undefined for anything else.
 * Without separators it must hold a digit, so a ten-letter name starting "Eb" stays a name.
 */
export function receiptNumberOf(typed: string): string | undefined {
  const dash = '[\\s\\-\\u2010-\\u2015]*';
  const match = new RegExp(`^EB(${dash})([0-9A-Z]{4})(${dash})([0-9A-Z]{4})$`, 'iu').exec(
    typed.trim(),
  );
  if (!match) return undefined;
  const [, before = '', first = '', between = '', second = ''] = match;
  if (before + between === '' && !/\d/.test(first + second)) return undefined;
  return `EB-${first.toUpperCase()}-${second.toUpperCase()}`;
}

import Personnummer from 'personnummer';
import { monthFromName } from './month-names';

/**
 * Each parser forgives the ways people write a value and returns it normalised, or an error code
 * (a key under formError. in the locale files) with the values its message needs to say what is
 * wrong with what was typed.
 */
export type ParseError = { ok: false; error: string; values?: Record<string, string | number> };
export type Parsed<T> = { ok: true; value: T } | ParseError;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string, values?: Record<string, string | number>): ParseError =>
  values ? { ok: false, error, values } : { ok: false, error };

const LETTER = /\p{L}/u;
const digitCount = (text: string) => text.replace(/\D/g, '').length;
/** The first character a value may not hold, to name it in the message; '' when there is none. */
const strayCharacter = (text: string, notAllowed: RegExp) => notAllowed.exec(text)?.[0] ?? '';

/** "1 234,50 kr", "1234.5", "1.234,50", "500:-", "kr 75", "7 850 SEK" -> öre as an integer. */
export function parseAmount(text: string): Parsed<number> {
  let cleaned = text
    .toLowerCase()
    .replace(/\s/g, '')
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/^(kr|sek)\.?/, '')
    .replace(/(kronor|kr\.?|sek|[:.,]-)+$/, '');
  if (LETTER.test(cleaned)) return fail('amountLetters');
  const negative = cleaned.startsWith('-');
  if (negative || cleaned.startsWith('+')) cleaned = cleaned.slice(1);
  const stray = strayCharacter(cleaned, /[^\d.,]/u);
  if (stray) return fail('amountCharacter', { character: stray });
  if (!/\d/.test(cleaned)) return fail('amountNoDigits');
  const lastSeparator = Math.max(cleaned.lastIndexOf(','), cleaned.lastIndexOf('.'));
  let whole = cleaned;
  let fraction = '';
  // A separator followed by one or two digits is the decimal mark; any other is a thousands mark.
  if (lastSeparator >= 0 && cleaned.length - lastSeparator - 1 <= 2) {
    whole = cleaned.slice(0, lastSeparator);
    fraction = cleaned.slice(lastSeparator + 1);
  }
  if (!/^(\d{1,3}([.,]\d{3})*|\d*)$/.test(whole)) return fail('amountSeparators');
  const ore = Number(whole.replace(/[.,]/g, '') || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return fail('amountSeparators');
  return negative && ore > 0 ? fail('amountNegative') : ok(ore);
}

/** What people write after a count: "3 rum", "2 st", "4 personer". */
const COUNT_WORD = /(?<=\d)\s*(rum|st\.?|stycken|personer|person|pers\.?|barn|vuxna|vuxen)$/i;

/** A whole number, spaces allowed ("1 200", "3 rum"); the range is the field's to check. */
export function parseInteger(text: string): Parsed<number> {
  const cleaned = text
    .trim()
    .replace(COUNT_WORD, '')
    .replace(/\s/g, '')
    .replace(/\u2212/g, '-');
  if (LETTER.test(cleaned)) return fail('integerLetters');
  if (/^-?\d+[.,]\d+$/.test(cleaned)) return fail('integerDecimal');
  if (!/^-?\d{1,15}$/.test(cleaned)) return fail('integerFormat');
  return ok(Number(cleaned));
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Checks a day that was read; the message names what does not exist ("Det finns ingen 31 juni"). */
function checkedDate(year: number, month: number, day: number): Parsed<string> {
  if (year < MIN_YEAR || year > MAX_YEAR) return fail('dateYearRange', { year });
  if (month < 1 || month > 12) return fail('dateNoSuchMonth', { month });
  if (day < 1 || day > daysInMonth(year, month)) {
    return month === 2 && day === 29
      ? fail('dateNoLeapDay', { year })
      : fail('dateNoSuchDay', { day, month });
  }
  return ok(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** A day and month without a year: the message's example is made of them, not of another day. */
function noYear(day: number, month: number): Parsed<string> {
  // Measured in a leap year: "29/2" is a day some year has.
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2024, month);
  return real ? fail('dateNoYear', { day, month }) : fail('dateNoYear');
}

/**
 * "2026-12-28", "20261228", "2026/12/28", "28/12/2026", "28.12.2026", "28 december 2026",
 * "28 dec. 2026", "den 28:e december 2026", "December 28, 2026" -> "2026-12-28".
 */
export function parseDate(text: string): Parsed<string> {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/^den\s+/, '')
    .replace(/\s+/g, ' ');
  // Six digits are a year of two (261228), not a year of four with one-digit month and day.
  if (/^\d{6}$/.test(cleaned)) return fail('dateShortYear');
  const iso = /^(\d{4})[-/. ]?(\d{1,2})[-/. ]?(\d{1,2})$/.exec(cleaned);
  if (iso) return checkedDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(cleaned);
  if (dayFirst) return checkedDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  if (/^\d{1,2}[-/. ]\d{1,2}[-/. ]\d{2}$/.test(cleaned)) return fail('dateShortYear');
  // Day and month only ("28/11"): say what is missing, as for "28 nov".
  const dayMonth = /^(\d{1,2})[-/. ](\d{1,2})$/.exec(cleaned);
  if (dayMonth) return noYear(Number(dayMonth[1]), Number(dayMonth[2]));
  // In words: "28:e", "28th" and the dots and commas around names carry nothing.
  const inWords = cleaned
    .replace(/(\d)(:[ea]|st|nd|rd|th)\b/g, '$1')
    .replace(/[.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words =
    /^(?<day>\d{1,2}) ?(?<month>\p{L}+) ?(?<year>\d+)?$/u.exec(inWords) ??
    /^(?<month>\p{L}+) ?(?<day>\d{1,2})(?: (?<year>\d+))?$/u.exec(inWords);
  if (!words?.groups) return fail('dateFormat');
  const { day, month: word = '', year } = words.groups;
  const month = monthFromName(word);
  if (month === undefined) return fail('dateUnknownMonth', { word });
  if (year === undefined) return noYear(Number(day), month);
  if (year.length !== 4) return fail('dateShortYear');
  return checkedDate(Number(year), month, Number(day));
}

/** "2026-12", "202612", "2026 12", "2026/12", "december 2026" -> "2026-12". */
export function parseYearMonth(text: string): Parsed<string> {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const numeric = /^(\d{4})[-/. ]?(\d{1,2})$/.exec(cleaned);
  const named = /^(\p{L}+)\.? ?(\d{4})$/u.exec(cleaned);
  const month = numeric ? Number(numeric[2]) : named ? monthFromName(named[1] ?? '') : undefined;
  const year = numeric?.[1] ?? named?.[2];
  if (!year) return fail('yearMonthFormat');
  if (month === undefined) return fail('dateUnknownMonth', { word: named?.[1] ?? '' });
  if (month < 1 || month > 12) return fail('dateNoSuchMonth', { month });
  return ok(`${year}-${String(month).padStart(2, '0')}`);
}

const personnummerOptions = { allowCoordinationNumber: true, allowInterimNumber: false };

/** Luhn over the last ten digits, as the check digit of a personnummer is computed. */
function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let index = 0; index < 10; index++) {
    let digit = Number(tenDigits[index]) * (index % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Personnummer or samordningsnummer, with or without century and separator -> 12 digits. */
export function parsePersonnummer(text: string): Parsed<string> {
  const cleaned = text.replace(/\s/g, '').replace(/[\u2010-\u2013\u2212]/g, '-');
  if (/[^\d+-]/.test(cleaned)) return fail('personnummerCharacters');
  const count = digitCount(cleaned);
  if (count < 10) return fail('personnummerTooFew', { count });
  if (count === 11) return fail('personnummerEleven');
  if (count > 12) return fail('personnummerTooMany', { count });
  if (!/^(\d{6}|\d{8})[-+]?\d{4}$/.test(cleaned)) return fail('personnummerFormat');
  try {
    return ok(Personnummer.parse(cleaned, personnummerOptions).format(true));
  } catch {
    return luhnValid(cleaned.replace(/\D/g, '').slice(-10))
      ? fail('personnummerDate')
      : fail('personnummerChecksum');
  }
}

/** Birth date of a stored 12-digit personnummer (samordningsnummer: day minus 60). */
export function birthDateOf(personnummer: string): string {
  const day = Number(personnummer.slice(6, 8));
  const realDay = day > 60 ? day - 60 : day;
  return `${personnummer.slice(0, 4)}-${personnummer.slice(4, 6)}-${String(realDay).padStart(2, '0')}`;
}

/** Whole years between a birth date and a day, both YYYY-MM-DD. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;
const SWEDISH_MOBILE_DIGITS = 10;

/**
 * "070-123 45 67", "(070) 123 45 67", "+46 70 123 45 67", "0046 70…", "+46 (0)70…" -> digits,
 * with a leading + kept for an international number; the trunk 0 after +46 is dropped.
 */
export function parsePhone(text: string): Parsed<string> {
  const trimmed = text
    .trim()
    .replace(/[\u2010-\u2013\u2212]/g, '-')
    .replace(/^00/, '+');
  if (LETTER.test(trimmed)) return fail('phoneLetters');
  const stray = strayCharacter(trimmed.replace(/^\+/, ''), /[^\d\s\-()./]/u);
  if (stray) return fail('phoneCharacter', { character: stray });
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+') && digits.startsWith('460')) digits = `46${digits.slice(3)}`;
  if (digits.length < MIN_PHONE_DIGITS) return fail('phoneTooFew', { count: digits.length });
  if (digits.length > MAX_PHONE_DIGITS) return fail('phoneTooMany', { count: digits.length });
  // A Swedish mobile number (07…, or +46 7…) always has ten digits: one fewer never gets an SMS.
  const national =
    trimmed.startsWith('+') && digits.startsWith('46') ? `0${digits.slice(2)}` : digits;
  const swedish = !trimmed.startsWith('+') || digits.startsWith('46');
  if (swedish && national.startsWith('07') && national.length !== SWEDISH_MOBILE_DIGITS) {
    return fail('mobileDigits', { count: national.length });
  }
  return ok((trimmed.startsWith('+') ? '+' : '') + digits);
}

export function parseEmail(text: string): Parsed<string> {
  const trimmed = text
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/\.$/, '');
  if (/\s/.test(trimmed)) return fail('emailSpaces');
  const parts = trimmed.split('@');
  if (parts.length === 1) return fail('emailNoAt');
  if (parts.length > 2) return fail('emailManyAt');
  const [name = '', domain = ''] = parts;
  if (name === '') return fail('emailNoName');
  if (!/^[^.]+(\.[^.]+)*\.[^.\d]{2,}$/.test(domain)) return fail('emailNoDomain');
  if (trimmed.length > 254 || /[<>"(),;:[\]\\]/.test(trimmed)) return fail('emailFormat');
  return ok(trimmed);
}

/** "123 45", "12345", "SE-123 45" -> "12345" (shown as "123 45"). */
export function parsePostalCode(text: string): Parsed<string> {
  const cleaned = text
    .replace(/\s/g, '')
    .replace(/^se-?/i, '')
    .replace(/[\u2010-\u2013\u2212]/g, '-');
  if (/[^\d-]/.test(cleaned)) return fail('postalCodeCharacters');
  const digits = cleaned.replace(/-/g, '');
  if (digits.length !== 5) return fail('postalCodeLength', { count: digits.length });
  // Swedish postal codes run from 100 00 to 984 99.
  if (digits.startsWith('0')) return fail('postalCodeZero');
  return ok(digits);
}

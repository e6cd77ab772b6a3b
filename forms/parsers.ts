import Personnummer from 'personnummer';

/** Each parser returns the normalised value, or an error code that maps to a Swedish message. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** "1 234,50", "1234.5", "1 234 kr", "1.234,50", "500:-" -> öre as an integer. */
export function parseAmount(text: string): Parsed<number> {
  let cleaned = text
    .replace(/\s|\u00a0/g, '')
    .replace(/(kr|kronor|sek|:-)$/i, '')
    .replace(/^-0$/, '0');
  if (!/^-?[\d.,]+$/.test(cleaned)) return fail('amountFormat');
  const negative = cleaned.startsWith('-');
  if (negative) cleaned = cleaned.slice(1);
  const lastSeparator = Math.max(cleaned.lastIndexOf(','), cleaned.lastIndexOf('.'));
  let whole = cleaned;
  let fraction = '';
  // A separator followed by one or two digits is the decimal mark; any other is a thousands mark.
  if (lastSeparator >= 0 && cleaned.length - lastSeparator - 1 <= 2) {
    whole = cleaned.slice(0, lastSeparator);
    fraction = cleaned.slice(lastSeparator + 1);
  }
  if (!/^(\d{1,3}([.,]\d{3})*|\d+)$/.test(whole) && whole !== '') return fail('amountFormat');
  const digits = whole.replace(/[.,]/g, '');
  if (digits === '' && fraction === '') return fail('amountFormat');
  const ore = Number(digits || '0') * 100 + Number(fraction.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(ore)) return fail('amountFormat');
  return negative && ore > 0 ? fail('amountNegative') : ok(ore);
}

export function parseInteger(text: string): Parsed<number> {
  const cleaned = text.replace(/\s/g, '');
  if (!/^\d{1,9}$/.test(cleaned)) return fail('integerFormat');
  return ok(Number(cleaned));
}

function realDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** "2026-12-25", "20261225", "2026 12 25", "2026/12/25" -> "2026-12-25". */
export function parseDate(text: string): Parsed<string> {
  const match = /^(\d{4})[-/ .]?(\d{1,2})[-/ .]?(\d{1,2})$/.exec(text.trim());
  if (!match) return fail('dateFormat');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2100 || !realDate(year, month, day)) return fail('dateNotReal');
  return ok(`${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** "2026-12", "202612", "2026 12", "2026/12" -> "2026-12". */
export function parseYearMonth(text: string): Parsed<string> {
  const match = /^(\d{4})[-/ .]?(\d{1,2})$/.exec(text.trim());
  if (!match) return fail('yearMonthFormat');
  const month = Number(match[2]);
  if (month < 1 || month > 12) return fail('yearMonthFormat');
  return ok(`${match[1]}-${String(month).padStart(2, '0')}`);
}

const personnummerOptions = { allowCoordinationNumber: true, allowInterimNumber: false };

/** Personnummer or samordningsnummer, with or without century and separator -> 12 digits. */
export function parsePersonnummer(text: string): Parsed<string> {
  const cleaned = text.replace(/\s/g, '');
  if (!/^(\d{6}|\d{8})[-+]?\d{4}$/.test(cleaned)) return fail('personnummerFormat');
  try {
    return ok(Personnummer.parse(cleaned, personnummerOptions).format(true));
  } catch {
    return fail('personnummerInvalid');
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

/** Swedish and international numbers; stored as typed digits with a leading + kept. */
export function parsePhone(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (!/^\+?[\d\s\-()]+$/.test(trimmed)) return fail('phoneFormat');
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return fail('phoneFormat');
  return ok((trimmed.startsWith('+') ? '+' : '') + digits);
}

export function parseEmail(text: string): Parsed<string> {
  const trimmed = text.trim();
  if (trimmed.length > 254 || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]{2,}$/.test(trimmed)) {
    return fail('emailFormat');
  }
  return ok(trimmed);
}

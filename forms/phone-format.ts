/**
 * Phone numbers as people read them. A stored number is digits with a leading + for an
 * international one (see `parsePhone`); it is shown the way Swedes write it, "070-123 45 67",
 * "08-123 456 78", "0470-12 34 56". Nothing is guessed: a number that does not fit the Swedish
 * numbering plan is shown as stored, and no digit is ever added or dropped except the trunk 0
 * that stands for +46.
 */

/** Swedish mobile numbers: 070, 072, 073, 076 and 079, seven digits after the code. */
const MOBILE = /^07[02369]\d{7}$/;

/**
 * The three-digit area codes (PTS numbering plan), with the non-geographic 010 and 020. The
 * plan is prefix-free, so any other geographic code (01–06, 09) has four digits: 0470, 0980…
 */
const THREE_DIGIT_CODES = new Set([
  '010',
  '011',
  '013',
  '016',
  '018',
  '019',
  '020',
  '021',
  '023',
  '026',
  '031',
  '033',
  '035',
  '036',
  '040',
  '042',
  '044',
  '046',
  '054',
  '060',
  '063',
  '090',
]);

/**
 * Country calling codes with one or two digits (ITU-T E.164); the list is prefix-free, so every
 * other code has three digits.
 */
const SHORT_COUNTRY_CODES = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 ' +
    '60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'
  ).split(' '),
);

/** A subscriber number grouped from the left as Swedes write it: 5 -> XXX XX, 6 -> XX XX XX, 7 -> XXX XX XX, 8 -> XXX XXX XX. */
function groupSubscriber(digits: string): string {
  const sizes = { 5: [3, 2], 6: [2, 2, 2], 7: [3, 2, 2], 8: [3, 3, 2] }[digits.length];
  if (!sizes) return digits;
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  return groups.join(' ');
}

/** The area code's length for a national number starting with 0, or undefined when unknown. */
function areaCodeLength(national: string): number | undefined {
  if (national.startsWith('08')) return 2;
  if (national.startsWith('07')) return MOBILE.test(national) ? 3 : undefined;
  if (!/^0[1-69]/.test(national)) return undefined;
  return THREE_DIGIT_CODES.has(national.slice(0, 3)) ? 3 : 4;
}

/** "0701234567" -> "070-123 45 67"; undefined for what the Swedish plan does not know. */
function nationalFormat(national: string): string | undefined {
  if (!/^0\d+$/.test(national)) return undefined;
  const codeLength = areaCodeLength(national);
  if (codeLength === undefined) return undefined;
  const subscriber = national.slice(codeLength);
  // A landline's subscriber number never starts with 0 (a mobile's may: 079-000 00 00); 08
  // numbers have 5–8 digits, the others 5–7 (a four-digit code leaves at most 6, as the national
  // number has at most 10 digits).
  const longest = codeLength === 2 ? 8 : 10 - codeLength;
  const landline = !national.startsWith('07');
  if (
    (landline && subscriber.startsWith('0')) ||
    subscriber.length < 5 ||
    subscriber.length > longest
  ) {
    return undefined;
  }
  return `${national.slice(0, codeLength)}-${groupSubscriber(subscriber)}`;
}

/**
 * A stored phone number as people read it: a Swedish one nationally ("+46701234567" and
 * "0046701234567" -> "070-123 45 67"), another country's as "+47 91234567" (its code apart, the
 * rest as stored); anything else exactly as stored.
 */
export function formatPhone(stored: string): string {
  const international = /^(?:\+|00)([1-9]\d{6,14})$/.exec(stored)?.[1];
  if (international === undefined) return nationalFormat(stored) ?? stored;
  if (international.startsWith('46')) {
    // "+46 (0)70…" keeps its trunk 0 once, never twice.
    const rest = international.slice(2);
    return nationalFormat(rest.startsWith('0') ? rest : `0${rest}`) ?? stored;
  }
  const codeLength =
    [1, 2].find((length) => SHORT_COUNTRY_CODES.has(international.slice(0, length))) ?? 3;
  return `+${international.slice(0, codeLength)} ${international.slice(codeLength)}`;
}

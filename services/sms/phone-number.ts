import { parsePhone } from '../../forms/parsers';
import { formatPhone } from '../../forms/phone-format';

/** +46 7X XXX XX XX: a Swedish mobile number (07X… with 10 digits nationally). */
const SWEDISH_MOBILE = /^\+467\d{8}$/;

const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * A Swedish mobile number as people type it — "070-123 45 12", "0701234512",
 * "+46 70 123 45 12", "0046 70 123 45 12", "+46 (0)70 123 45 12" — in E.164 form
 * ("+46701234512"); undefined for anything that is not a Swedish mobile number.
 */
export function toE164(input: string): string | undefined {
  const parsed = parsePhone(input);
  if (!parsed.ok) return undefined;
  const digits = parsed.value.replace(/^\+/, '');
  let e164: string;
  if (parsed.value.startsWith('+')) e164 = parsed.value;
  else if (digits.startsWith('0')) e164 = `+46${digits.slice(1)}`;
  // 46701234512 typed without the plus: no national number starts with 46 and has 11 digits.
  else e164 = `+${digits}`;
  return SWEDISH_MOBILE.test(e164) ? e164 : undefined;
}

/**
 * A phone number with all but its first three and last two digits hidden, as a login page shows
 * it: "+46701234512" -> "070-XXX XX 12". Any other number keeps only its last two digits.
 */
export function maskedPhone(e164: string): string {
  // Written as the application shows it ("070-123 45 12"), the middle groups hidden.
  if (SWEDISH_MOBILE.test(e164)) return formatPhone(e164).replace(/(?<=-)\d{3} \d{2}/, 'XXX XX');
  return e164.replace(/\d(?=\d{2})/g, 'X');
}

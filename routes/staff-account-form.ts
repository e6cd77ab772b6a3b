import type { FieldError } from '../forms/field-error';
import { parsePersonnummer, parsePhone } from '../forms/parsers';
import type { MessageKey, Translate } from '../locales';
import { toE164 } from '../services/sms/phone-number';

export const NAME_MAX = 200;
/** C0 and C1 controls and the bidi overrides and isolates, as the application form refuses them. */
const REFUSED_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

export const FIELDS = {
  personnummer: 'personnummer',
  name: 'namn',
  mobile: 'mobil',
  municipality: 'kommun',
} as const;

/** What was typed, as the page shows it back. */
export interface NewAccountInput {
  personnummer: string;
  name: string;
  mobile: string;
  municipality: string;
}

export interface CheckedNewAccount {
  personnummer: string;
  name: string;
  mobile: string | null;
}

function error(field: string, text: string, href = `#${field}`): FieldError {
  return { field, text, href };
}

/**
 * A mobile number as typed, checked: null for none (the field is optional), E.164 for a Swedish
 * mobile number, or the message that says what is wrong.
 */
export function checkMobile(
  typed: string,
  t: Translate,
): { ok: true; value: string | null } | { ok: false; text: string } {
  if (typed.trim() === '') return { ok: true, value: null };
  const parsed = parsePhone(typed);
  // Too few or too many digits: the one message that says what a mobile number looks like.
  if (!parsed.ok && parsed.error !== 'phoneTooFew' && parsed.error !== 'phoneTooMany') {
    return { ok: false, text: t(`formError.${parsed.error}` as MessageKey, parsed.values) };
  }
  const e164 = parsed.ok ? toE164(typed) : undefined;
  return e164 ? { ok: true, value: e164 } : { ok: false, text: t('staff.error.notMobile') };
}

/** The new account's personnummer, name and mobile number, checked; the municipality is not. */
export function checkNewAccount(
  input: NewAccountInput,
  t: Translate,
): { errors: FieldError[]; checked?: CheckedNewAccount } {
  const errors: FieldError[] = [];
  let personnummer = '';
  if (input.personnummer.trim() === '') {
    errors.push(error(FIELDS.personnummer, t('staff.error.personnummerRequired')));
  } else {
    const parsed = parsePersonnummer(input.personnummer);
    if (parsed.ok) personnummer = parsed.value;
    else {
      const text = t(`formError.${parsed.error}` as MessageKey, parsed.values);
      errors.push(error(FIELDS.personnummer, text));
    }
  }

  const name = input.name.trim().replace(/\s+/g, ' ');
  const length = Array.from(name).length;
  if (name === '') errors.push(error(FIELDS.name, t('staff.error.nameRequired')));
  else if (length > NAME_MAX) {
    errors.push(error(FIELDS.name, t('staff.error.nameTooLong', { length, max: NAME_MAX })));
  } else if (REFUSED_CHARACTERS.test(name)) {
    errors.push(error(FIELDS.name, t('staff.error.nameCharacters')));
  }

  const mobile = checkMobile(input.mobile, t);
  if (!mobile.ok) errors.push(error(FIELDS.mobile, mobile.text));

  if (errors.length > 0 || !mobile.ok) return { errors };
  return { errors, checked: { personnummer, name, mobile: mobile.value } };
}

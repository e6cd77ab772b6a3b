import type { FieldError } from '../forms/field-error';
import { parsePersonnummer } from '../forms/parsers';
import type { MessageKey, Translate } from '../locales';

/**
 * A personnummer typed into a staff search box, in any format: the 12 digits, or the message
 * that says what is wrong with what was typed.
 */
export function searchedPersonnummer(
  typed: string,
  field: string,
  t: Translate,
): { ok: true; value: string } | { ok: false; error: FieldError } {
  const parsed = parsePersonnummer(typed);
  if (parsed.ok) return parsed;
  const text =
    typed.trim() === ''
      ? t('staff.search.required')
      : t(`formError.${parsed.error}` as MessageKey, parsed.values);
  return { ok: false, error: { field, text, href: `#${field}` } };
}

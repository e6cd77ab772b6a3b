import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
import type { InboxSearch } from '../services/case-inbox';
import { nameWords } from '../services/case-columns';
import { searchedPersonnummer } from './staff-search-input';

/**
 * The inbox's search box: a personnummer in any format, or (when it holds a letter) a name or
 * the start of one; otherwise the message that says what to type.
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
  if (/\p{L}/u.test(typed)) {
    const words = nameWords(typed);
    if (words.join('').length < 2) return error(t('inbox.search.nameTooShort'));
    return { ok: true, value: { name: words.join(' ') } };
  }
  const parsed = searchedPersonnummer(typed, field, t);
  return parsed.ok ? { ok: true, value: { personnummer: parsed.value } } : parsed;
}

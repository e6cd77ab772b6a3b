import type { Request } from 'express';
import type { FieldError } from '../forms/field-error';
import { groupDigits } from '../forms/format';
import { withoutRefusedCharacters } from '../forms/read-input';
import type { MessageKey, Translate } from '../locales';
import { CASE_TEXT_MAX, type CaseTextProblem } from '../services/case-text';

/** A posted free text (a note, a message), line breaks as the server stores them; '' if not one string. */
export function postedText(req: Request, name: string): string {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}

/**
 * The message for a note or message that could not be stored, and the text to show back: all
 * of it as typed, except the invisible characters that were the problem.
 */
export function postedTextError(
  problem: CaseTextProblem,
  typed: string,
  field: { name: string; label: string; required: MessageKey },
  t: Translate,
): { error: FieldError; shown: string } {
  const shown = withoutRefusedCharacters(typed, true);
  const text =
    problem === 'tooLong'
      ? t('formError.tooLong', {
          label: field.label,
          length: groupDigits(typed.length),
          max: groupDigits(CASE_TEXT_MAX),
        })
      : problem === 'controlCharacter'
        ? t('formError.controlCharacter', { label: field.label })
        : t(field.required);
  return { error: { field: field.name, text, href: `#${field.name}` }, shown };
}

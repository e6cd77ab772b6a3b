import {
  parseAmount,
  parseDate,
  parseEmail,
  parseInteger,
  parsePersonnummer,
  parsePhone,
  parseYearMonth,
  type Parsed,
} from './parsers';
import { scalarMaxLength } from './read-input';
import type { FieldInput, FieldValue, ScalarField } from './types';

export interface FieldProblem {
  code: string;
  values?: Record<string, string | number>;
}

export type FieldResult =
  { ok: true; value: FieldValue | undefined } | { ok: false; problem: FieldProblem };

const DEFAULT_MAX_KRONOR = 1_000_000;

const textParsers: Partial<Record<ScalarField['type'], (text: string) => Parsed<string | number>>> =
  {
    amount: parseAmount,
    integer: parseInteger,
    date: parseDate,
    yearMonth: parseYearMonth,
    personnummer: parsePersonnummer,
    phone: parsePhone,
    email: parseEmail,
  };

const isChoice = (field: ScalarField) =>
  field.type === 'radios' || field.type === 'select' || field.type === 'yesNo';

export function optionsOf(field: ScalarField): readonly string[] {
  return field.type === 'yesNo' ? ['ja', 'nej'] : (field.options ?? []);
}

/** One field on its own: required, format, range. An empty optional field has no value. */
export function validateField(field: ScalarField, input: FieldInput | undefined): FieldResult {
  if (field.type === 'checkboxes') {
    const chosen = Array.isArray(input) ? input : [];
    if (chosen.some((value) => !optionsOf(field).includes(value))) {
      return { ok: false, problem: { code: 'choiceUnknown' } };
    }
    if (chosen.length === 0 && !field.optional) {
      return { ok: false, problem: { code: 'checkboxRequired' } };
    }
    return { ok: true, value: chosen };
  }

  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    if (field.optional) return { ok: true, value: undefined };
    return { ok: false, problem: { code: isChoice(field) ? 'choiceRequired' : 'required' } };
  }

  if (isChoice(field)) {
    return optionsOf(field).includes(text)
      ? { ok: true, value: text }
      : { ok: false, problem: { code: 'choiceUnknown' } };
  }

  const maxLength = scalarMaxLength(field);
  if (text.length > maxLength) {
    return {
      ok: false,
      problem: { code: 'tooLong', values: { max: maxLength, length: text.length } },
    };
  }

  const parse = textParsers[field.type];
  if (!parse) return { ok: true, value: text };
  const parsed = parse(text);
  if (!parsed.ok) return { ok: false, problem: { code: parsed.error } };
  return checkRange(field, parsed.value);
}

function checkRange(field: ScalarField, value: string | number): FieldResult {
  if (field.type === 'amount' && typeof value === 'number') {
    const maxKronor = field.max ?? DEFAULT_MAX_KRONOR;
    if (value > maxKronor * 100) {
      return {
        ok: false,
        problem: { code: 'amountTooLarge', values: { max: maxKronor.toLocaleString('sv-SE') } },
      };
    }
  }
  if (field.type === 'integer' && typeof value === 'number') {
    const min = field.min ?? 0;
    const max = field.max ?? 100;
    if (value < min || value > max) {
      return { ok: false, problem: { code: 'integerRange', values: { min, max } } };
    }
  }
  return { ok: true, value };
}

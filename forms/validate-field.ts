import { isChoice, scalarMaxLength } from './field-kinds';
import { formatOre, groupDigits } from './format';
import {
  parseAmount,
  parseDate,
  parseEmail,
  parseInteger,
  parsePersonnummer,
  parsePhone,
  parsePostalCode,
  parseYearMonth,
  type Parsed,
} from './parsers';
import type { FieldInput, FieldValue, ScalarField, StepContext } from './types';

/** A code (a key under formError.) and the values its message needs to say what is wrong. */
export interface FieldProblem {
  code: string;
  values?: Record<string, string | number>;
  /** An option the message names by its label (the one box to tick). */
  option?: string;
}

export type FieldResult =
  { ok: true; value: FieldValue | undefined } | { ok: false; problem: FieldProblem };

const DEFAULT_MAX_KRONOR = 1_000_000;
const OPEN_ENDED = /^(gäller\s+)?(tills?\s*vidare|inget\s+slutdatum)\.?$/i;

const textParsers: Partial<Record<ScalarField['type'], (text: string) => Parsed<string | number>>> =
  {
    amount: parseAmount,
    integer: parseInteger,
    date: parseDate,
    yearMonth: parseYearMonth,
    personnummer: parsePersonnummer,
    postalCode: parsePostalCode,
    phone: parsePhone,
    email: parseEmail,
  };

/** The options a choice offers in this context: fixed, or computed (the months one may apply for). */
export function optionsOf(field: ScalarField, context: StepContext): readonly string[] {
  if (field.type === 'yesNo') return ['ja', 'nej'];
  return field.optionsFrom ? field.optionsFrom(context) : (field.options ?? []);
}

/** One field on its own: required, format, range. An empty optional field has no value. */
export function validateField(
  field: ScalarField,
  input: FieldInput | undefined,
  context: StepContext,
): FieldResult {
  if (field.type === 'checkboxes') {
    const chosen = Array.isArray(input) ? input : [];
    if (chosen.some((value) => !optionsOf(field, context).includes(value))) {
      return { ok: false, problem: { code: 'choiceUnknown' } };
    }
    if (chosen.length === 0 && !field.optional) {
      // One box to tick ("Jag har läst och intygar detta") is named, not counted.
      const options = optionsOf(field, context);
      return {
        ok: false,
        problem:
          options.length === 1
            ? { code: 'checkboxSingleRequired', option: options[0] }
            : { code: 'checkboxRequired' },
      };
    }
    return { ok: true, value: chosen };
  }

  const text = typeof input === 'string' ? input.trim() : '';
  // "Tills vidare" is what a contract without an end says: for a day that may be left empty, none.
  if (text === '' || (field.optional && field.type === 'date' && OPEN_ENDED.test(text))) {
    if (field.optional) return { ok: true, value: undefined };
    return { ok: false, problem: { code: isChoice(field) ? 'choiceRequired' : 'required' } };
  }

  if (isChoice(field)) {
    if (optionsOf(field, context).includes(text)) return { ok: true, value: text };
    return {
      ok: false,
      problem: { code: field.type === 'month' ? 'monthUnknown' : 'choiceUnknown' },
    };
  }

  // Reading the post refuses longer values; this guards answers stored before that rule.
  const maxLength = scalarMaxLength(field);
  if (text.length > maxLength) {
    return {
      ok: false,
      problem: {
        code: 'tooLong',
        values: { max: groupDigits(maxLength), length: groupDigits(text.length) },
      },
    };
  }

  const parse = textParsers[field.type];
  if (!parse) return { ok: true, value: text };
  const parsed = parse(text);
  if (!parsed.ok && parsed.error === 'dateNoYear' && parsed.values) {
    // "1 dec": the example is the person's own day in this year, "1 december 2026".
    const year = Number(context.today.slice(0, 4));
    return { ok: false, problem: { code: 'dateNoYearOf', values: { ...parsed.values, year } } };
  }
  if (!parsed.ok) {
    return {
      ok: false,
      problem: { code: parsed.error, ...(parsed.values && { values: parsed.values }) },
    };
  }
  return checkRange(field, parsed.value);
}

function checkRange(field: ScalarField, value: string | number): FieldResult {
  if (field.type === 'amount' && typeof value === 'number') {
    const maxKronor = field.max ?? DEFAULT_MAX_KRONOR;
    if (value > maxKronor * 100) {
      return {
        ok: false,
        problem: {
          code: 'amountTooLarge',
          values: { amount: formatOre(value), max: groupDigits(maxKronor) },
        },
      };
    }
  }
  if (field.type === 'integer' && typeof value === 'number') {
    const min = field.min ?? 0;
    const max = field.max ?? 100;
    if (value < min)
      return { ok: false, problem: { code: 'integerTooSmall', values: { min, value } } };
    if (value > max) {
      return {
        ok: false,
        problem: { code: 'integerTooLarge', values: { max, value: groupDigits(value) } },
      };
    }
  }
  return { ok: true, value };
}

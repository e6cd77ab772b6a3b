import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applicationMonths } from '../../forms/ekonomiskt-bistand';
import type { ScalarField, StepContext } from '../../forms/types';
import { optionsOf, validateField, type FieldResult } from '../../forms/validate-field';

const context: StepContext = { today: '2026-11-24', values: {} };

/** The value, or the problem's code with its values, as one comparable thing. */
const outcome = (result: FieldResult) =>
  result.ok
    ? result.value
    : result.problem.values
      ? { code: result.problem.code, ...result.problem.values }
      : result.problem.code;

const check = (field: ScalarField, input: string | string[] | undefined) =>
  outcome(validateField(field, input, context));

describe('validateField', () => {
  it('an empty answer: required, or no value when optional', () => {
    assert.equal(check({ id: 'name', type: 'text' }, '  '), 'required');
    assert.equal(check({ id: 'name', type: 'text', optional: true }, ''), undefined);
    assert.equal(check({ id: 'civil', type: 'radios', options: ['a'] }, ''), 'choiceRequired');
    assert.equal(
      check({ id: 'job', type: 'checkboxes', options: ['a', 'b'] }, []),
      'checkboxRequired',
    );
  });

  it('"tills vidare" in a day that may be left empty is no day, as an empty answer; a required day still needs one', () => {
    const until: ScalarField = { id: 'until', type: 'date', optional: true };
    for (const typed of [
      'tills vidare',
      'Tillsvidare',
      'gäller tills vidare.',
      'inget slutdatum',
    ]) {
      assert.equal(check(until, typed), undefined, typed);
    }
    assert.equal(check({ id: 'due', type: 'date' }, 'tills vidare'), 'dateFormat');
  });

  it('one required box to tick is named in its problem, not counted', () => {
    const confirm: ScalarField = { id: 'confirm', type: 'checkboxes', options: ['ja'] };
    assert.deepEqual(validateField(confirm, [], context), {
      ok: false,
      problem: { code: 'checkboxSingleRequired', option: 'ja' },
    });
    assert.deepEqual(check(confirm, ['ja']), ['ja']);
  });

  it('choices must be among the options', () => {
    const field: ScalarField = { id: 'civil', type: 'radios', options: ['gift', 'sambo'] };
    assert.equal(check(field, 'sambo'), 'sambo');
    assert.equal(check(field, 'kung'), 'choiceUnknown');
    assert.equal(check({ id: 'ok', type: 'yesNo' }, 'ja'), 'ja');
    const boxes: ScalarField = { id: 'job', type: 'checkboxes', options: ['a', 'b'] };
    assert.deepEqual(check(boxes, ['a', 'b']), ['a', 'b']);
    assert.equal(check(boxes, ['a', 'c']), 'choiceUnknown');
  });

  it('a month field offers the months its context allows, and accepts only those', () => {
    const period: ScalarField = {
      id: 'period',
      type: 'month',
      optionsFrom: ({ today }) => applicationMonths(today),
    };
    assert.deepEqual(optionsOf(period, context), ['2026-10', '2026-11', '2026-12']);
    assert.deepEqual(optionsOf(period, { today: '2026-12-31', values: {} }), [
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    assert.equal(check(period, '2026-12'), '2026-12');
    assert.equal(check(period, '2027-01'), 'monthUnknown');
    assert.equal(check(period, '202612'), 'monthUnknown');
    assert.equal(check(period, ''), 'choiceRequired');
  });

  it('text longer than the field allows says how long it is and may be', () => {
    const field: ScalarField = { id: 'about', type: 'textarea', max: 1000 };
    assert.deepEqual(check(field, 'å'.repeat(1200)), {
      code: 'tooLong',
      max: '1 000',
      length: '1 200',
    });
    assert.equal(check(field, 'å'.repeat(1000)), 'å'.repeat(1000));
  });

  it('amounts are parsed and bounded, and the message gets the amount typed', () => {
    const field: ScalarField = { id: 'rent', type: 'amount', max: 100_000 };
    assert.equal(check(field, '1 234,50 kr'), 123450);
    assert.deepEqual(check(field, '5 000 000'), {
      code: 'amountTooLarge',
      amount: '5 000 000 kr',
      max: '100 000',
    });
    assert.equal(check(field, 'mycket'), 'amountLetters');
  });

  it('whole numbers are bounded by the field, and the message gets the number typed', () => {
    const field: ScalarField = { id: 'rooms', type: 'integer', min: 1, max: 20 };
    assert.equal(check(field, '3'), 3);
    assert.deepEqual(check(field, '0'), { code: 'integerTooSmall', min: 1, value: 0 });
    assert.deepEqual(check(field, '2500'), { code: 'integerTooLarge', max: 20, value: '2 500' });
    assert.equal(check(field, 'tre'), 'integerLetters');
  });

  it('dates, phones, postal codes and personnummer come back normalised, or say what is wrong', () => {
    assert.equal(check({ id: 'due', type: 'date' }, '28/12/2026'), '2026-12-28');
    assert.deepEqual(check({ id: 'due', type: 'date' }, '31 juni 2026'), {
      code: 'dateNoSuchDay',
      day: 31,
      month: 6,
    });
    assert.equal(check({ id: 'tel', type: 'phone' }, '+46 70 123 45 67'), '+46701234567');
    assert.equal(check({ id: 'zip', type: 'postalCode' }, '123 45'), '12345');
    assert.deepEqual(check({ id: 'zip', type: 'postalCode' }, '1234'), {
      code: 'postalCodeLength',
      count: 4,
    });
    assert.deepEqual(check({ id: 'pnr', type: 'personnummer' }, '850101-123'), {
      code: 'personnummerTooFew',
      count: 9,
    });
  });
});

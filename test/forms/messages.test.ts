import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { formatMonth, formatPostalCode, formatValue } from '../../forms/format';
import { messageValues } from '../../forms/messages';
import { messageKeys, translator } from '../../locales';

/** Every error code the engine can give, as written in its source. */
function errorCodesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const file of ['parsers.ts', 'validate-field.ts', 'read-input.ts']) {
    const source = readFileSync(`forms/${file}`, 'utf8');
    for (const match of source.matchAll(/(?:fail\(|code: )'(\w+)'/g)) codes.add(match[1] ?? '');
    for (const match of source.matchAll(/\? '(\w+)' : '(\w+)'/g)) {
      codes.add(match[1] ?? '');
      codes.add(match[2] ?? '');
    }
  }
  return codes;
}

describe('error messages', () => {
  it('every error code has a message, and every message has a code that gives it', () => {
    const codes = errorCodesInSource();
    assert.ok(codes.size > 30, `found ${codes.size} codes`);
    const messages = new Set(
      messageKeys('sv')
        .filter((key) => key.startsWith('formError.'))
        // A code's message may come in variants: formError.hiddenAnswer.notIf and .onlyIf.
        .map((key) => key.slice('formError.'.length).split('.')[0] ?? ''),
    );
    assert.deepEqual([...codes].filter((code) => !messages.has(code)).sort(), []);
    assert.deepEqual([...messages].filter((code) => !codes.has(code)).sort(), []);
  });

  it('a month number in a message is named in the page’s language', () => {
    const values = { day: 31, month: 6 };
    assert.equal(
      translator('sv')('formError.dateNoSuchDay', messageValues(values, translator('sv'))),
      'Det finns ingen 31 juni. Kontrollera datumet.',
    );
    assert.equal(
      translator('en')('formError.dateNoSuchDay', messageValues(values, translator('en'))),
      'There is no 31 June. Check the date.',
    );
  });
});

describe('answers as people read them', () => {
  const [periodStep, , , , housing] = ekonomisktBistand.steps;

  it('a month in words, in Swedish and in English', () => {
    assert.equal(formatMonth('2026-12', translator('sv')), 'december 2026');
    assert.equal(formatMonth('2027-01', translator('en')), 'January 2027');
    const field = periodStep?.fields[0];
    assert.ok(field && field.type === 'month');
    assert.equal(
      formatValue(ekonomisktBistand, ['period', 'period'], field, '2026-11', translator('sv')),
      'november 2026',
    );
  });

  it('a postal code with its space', () => {
    assert.equal(formatPostalCode('12345'), '123 45');
    const field = housing?.fields.find((candidate) => candidate.id === 'postalCode');
    assert.ok(field && field.type === 'postalCode');
    assert.equal(
      formatValue(ekonomisktBistand, ['boende', 'postalCode'], field, '90184', translator('sv')),
      '901 84',
    );
  });
});

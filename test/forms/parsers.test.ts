import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ageOn,
  birthDateOf,
  parseAmount,
  parseDate,
  parseEmail,
  parseInteger,
  parsePersonnummer,
  parsePhone,
  parseYearMonth,
} from '../../forms/parsers';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; error: string }) =>
  parsed.ok ? parsed.value : parsed.error;

describe('parsers', () => {
  it('amounts in kronor the ways people write them, stored as öre', () => {
    const cases: [string, number | string][] = [
      ['1 234,50', 123450],
      ['1234.5', 123450],
      ['1 234 kr', 123400],
      ['1.234,50', 123450],
      ['1,234', 123400],
      ['500:-', 50000],
      ['0', 0],
      ['12 000 000', 1200000000],
      ['\u00a07\u00a0850 SEK', 785000],
      ['-5', 'amountNegative'],
      ['12,34,5', 'amountFormat'],
      ['tusen', 'amountFormat'],
      ['1,2,3', 'amountFormat'],
      ['', 'amountFormat'],
    ];
    for (const [text, expected] of cases) assert.equal(value(parseAmount(text)), expected, text);
  });

  it('personnummer and samordningsnummer, with or without century and separator', () => {
    for (const text of [
      '850101-1236',
      '8501011236',
      '198501011236',
      '19850101-1236',
      ' 850101 1236 ',
    ]) {
      assert.equal(value(parsePersonnummer(text)), '198501011236', text);
    }
    assert.equal(value(parsePersonnummer('850161-1233')), '198501611233');
    assert.equal(value(parsePersonnummer('850101-1234')), 'personnummerInvalid');
    assert.equal(value(parsePersonnummer('85-01-01')), 'personnummerFormat');
    assert.equal(birthDateOf('198501611233'), '1985-01-01');
  });

  it('ages count whole years up to the day', () => {
    assert.equal(ageOn('2016-05-24', '2026-05-23'), 9);
    assert.equal(ageOn('2016-05-24', '2026-05-24'), 10);
  });

  it('dates must exist; year-months must be real months', () => {
    assert.equal(value(parseDate('2026-12-31')), '2026-12-31');
    assert.equal(value(parseDate('20261231')), '2026-12-31');
    assert.equal(value(parseDate('2026/1/5')), '2026-01-05');
    assert.equal(value(parseDate('2026-02-29')), 'dateNotReal');
    assert.equal(value(parseDate('2028-02-29')), '2028-02-29');
    assert.equal(value(parseDate('31/12/2026')), 'dateFormat');
    assert.equal(value(parseYearMonth('202612')), '2026-12');
    assert.equal(value(parseYearMonth('2026-13')), 'yearMonthFormat');
  });

  it('phone numbers, e-mail and whole numbers', () => {
    assert.equal(value(parsePhone('070-123 45 67')), '0701234567');
    assert.equal(value(parsePhone('+46 70 123 45 67')), '+46701234567');
    assert.equal(value(parsePhone('ring mig')), 'phoneFormat');
    assert.equal(value(parseEmail('namn@exempel.se')), 'namn@exempel.se');
    assert.equal(value(parseEmail('namn@exempel')), 'emailFormat');
    assert.equal(value(parseInteger(' 3 ')), 3);
    assert.equal(value(parseInteger('3.5')), 'integerFormat');
  });
});

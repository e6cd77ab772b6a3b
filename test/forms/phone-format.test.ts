import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { formatValue } from '../../forms/format';
import { parsePhone } from '../../forms/parsers';
import { formatPhone } from '../../forms/phone-format';
import type { ScalarField } from '../../forms/types';
import { translator } from '../../locales';

function check(cases: [string, string][]): void {
  for (const [stored, shown] of cases) assert.equal(formatPhone(stored), shown, stored);
}

describe('formatPhone: a stored number as Swedes read it', () => {
  it('a mobile number in every stored form, shown nationally', () => {
    check([
      ['0701234567', '070-123 45 67'],
      ['+46701234567', '070-123 45 67'],
      ['0046701234567', '070-123 45 67'],
      ['+460701234567', '070-123 45 67'],
      ['0729990001', '072-999 00 01'],
      ['+46739990001', '073-999 00 01'],
      ['0761112233', '076-111 22 33'],
      ['0790000000', '079-000 00 00'],
    ]);
  });

  it('every way a person types a mobile number reads back the same', () => {
    for (const typed of [
      '070-123 45 67',
      '(070) 123 45 67',
      '+46 70 123 45 67',
      '0046 70 123 45 67',
      '+46 (0)70 123 45 67',
    ]) {
      const parsed = parsePhone(typed);
      assert.ok(parsed.ok, typed);
      assert.equal(formatPhone(parsed.value), '070-123 45 67', typed);
    }
  });

  it('Stockholm numbers of 5 to 8 digits after 08', () => {
    check([
      ['0812345', '08-123 45'],
      ['08123456', '08-12 34 56'],
      ['081234567', '08-123 45 67'],
      ['0812345678', '08-123 456 78'],
      ['+46812345678', '08-123 456 78'],
    ]);
  });

  it('other landlines by their three- or four-digit area code', () => {
    check([
      ['031123456', '031-12 34 56'],
      ['0311234567', '031-123 45 67'],
      ['+46901234567', '090-123 45 67'],
      ['0101000000', '010-100 00 00'],
      ['0470123456', '0470-12 34 56'],
      ['047012345', '0470-123 45'],
      ['090161000', '090-16 10 00'],
      ['0980123456', '0980-12 34 56'],
      ['0120123456', '0120-12 34 56'],
    ]);
  });

  it('a foreign number keeps its country code apart and the rest as stored', () => {
    check([
      ['+4791234567', '+47 91234567'],
      ['004791234567', '+47 91234567'],
      ['+4930123456', '+49 30123456'],
      ['+12025550123', '+1 2025550123'],
      ['+358401234567', '+358 401234567'],
      ['+3725123456', '+372 5123456'],
    ]);
  });

  it('what the Swedish plan does not know, or is no number, is shown exactly as stored', () => {
    check([
      // Too short or too long for its area code, a subscriber starting with 0.
      ['070123456', '070123456'],
      ['07012345678', '07012345678'],
      ['08123', '08123'],
      ['08123456789', '08123456789'],
      ['04701234567', '04701234567'],
      ['0200123456', '0200123456'],
      ['+46701', '+46701'],
      // Not a mobile series, no trunk 0, words and marks.
      ['0771123456', '0771123456'],
      ['1234567', '1234567'],
      ['46701234567', '46701234567'],
      ['ring mig', 'ring mig'],
      ['070-123 45 67', '070-123 45 67'],
      ['+', '+'],
      ['', ''],
    ]);
  });

  it('never adds, drops or changes a digit but the trunk 0 for +46', () => {
    const digitsOf = (text: string) => text.replace(/\D/g, '');
    for (const stored of [
      '0701234567',
      '0812345678',
      '0470123456',
      '+4791234567',
      '+358401234567',
      'x070',
    ]) {
      assert.equal(digitsOf(formatPhone(stored)), digitsOf(stored), stored);
    }
    assert.equal(digitsOf(formatPhone('+46812345678')), '0812345678');
  });

  it('formatValue shows a phone answer formatted', () => {
    const field = { id: 'phone', type: 'phone' } as ScalarField;
    const shown = formatValue(
      ekonomisktBistand,
      ['om-dig', 'phone'],
      field,
      '+46701234567',
      translator('sv'),
    );
    assert.equal(shown, '070-123 45 67');
  });
});

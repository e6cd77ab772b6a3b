import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isE164, maskedPhone, toE164 } from '../../../services/sms/phone-number';

describe('Swedish mobile numbers', () => {
  it('reads a mobile number in the ways people type it', () => {
    for (const typed of [
      '070-123 45 12',
      '0701234512',
      '070 123 45 12',
      ' 070–123 45 12 ',
      '(070) 123 45 12',
      '+46 70 123 45 12',
      '+46701234512',
      '+46 (0)70 123 45 12',
      '+46 070 123 45 12',
      '0046 70 123 45 12',
      '0046701234512',
      '46701234512',
    ]) {
      assert.equal(toE164(typed), '+46701234512', typed);
    }
    assert.equal(toE164('073-999 00 01'), '+46739990001');
    assert.equal(toE164('079 000 00 00'), '+46790000000');
  });

  it('refuses what is not a Swedish mobile number', () => {
    for (const typed of [
      '',
      '070-123 45 1',
      '070-123 45 123',
      '08-123 456 78',
      '+46 8 123 456 78',
      '031-12 34 56',
      '+47 912 34 567',
      '+4970123456',
      '70 123 45 12',
      '070-ABC 45 12',
      'noll sju noll',
      '070-123 45 12; 070-765 43 21',
    ]) {
      assert.equal(toE164(typed), undefined, typed);
    }
  });

  it('masks all but the first three and the last two digits, as the login page shows it', () => {
    assert.equal(maskedPhone('+46701234512'), '070-XXX XX 12');
    assert.equal(maskedPhone('+46739990001'), '073-XXX XX 01');
    assert.equal(maskedPhone('+4791234567'), '+XXXXXXXX67');
  });

  it('tells an E.164 number from other spellings', () => {
    assert.equal(isE164('+46701234512'), true);
    assert.equal(isE164('+4791234567'), true);
    for (const other of ['0701234512', '46701234512', '+46 70 123 45 12', '+0701234512', '+']) {
      assert.equal(isE164(other), false, other);
    }
  });
});

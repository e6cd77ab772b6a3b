import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthFromName } from '../../forms/month-names';
import {
  ageOn,
  birthDateOf,
  parseAmount,
  parseDate,
  parseEmail,
  parseInteger,
  parsePersonnummer,
  parsePhone,
  parsePostalCode,
  parseYearMonth,
  type Parsed,
} from '../../forms/parsers';

/** The value, or the error code with the values its message gets, as one comparable thing. */
const outcome = <T>(parsed: Parsed<T>) =>
  parsed.ok
    ? parsed.value
    : parsed.values
      ? { error: parsed.error, ...parsed.values }
      : parsed.error;

function check<T>(parse: (text: string) => Parsed<T>, cases: [string, unknown][]) {
  for (const [text, expected] of cases) assert.deepEqual(outcome(parse(text)), expected, text);
}

describe('parsers', () => {
  it('amounts in kronor the ways people write them, stored as öre', () => {
    check(parseAmount, [
      ['1 234,50 kr', 123450],
      ['1 234,50', 123450],
      ['1234.5', 123450],
      ['1 234 kr', 123400],
      ['1.234,50', 123450],
      ['1,234', 123400],
      ['500:-', 50000],
      ['500,-', 50000],
      ['500 :-', 50000],
      ['kr 75', 7500],
      ['75 kronor', 7500],
      ['1 234,50 Kr.', 123450],
      ['0', 0],
      ['-0', 0],
      ['12 000 000', 1200000000],
      ['\u00a07\u00a0850 SEK', 785000],
      ['-5', 'amountNegative'],
      ['\u22125 kr', 'amountNegative'],
      ['12,34,5', 'amountSeparators'],
      ['1,2,3', 'amountSeparators'],
      ['tusen', 'amountLetters'],
      ['5 000 euro', 'amountLetters'],
      ['50/50', { error: 'amountCharacter', character: '/' }],
      ['kr', 'amountNoDigits'],
      [':-', 'amountNoDigits'],
    ]);
  });

  it('whole numbers, with what is wrong named', () => {
    check(parseInteger, [
      [' 3 ', 3],
      ['1 200', 1200],
      ['-1', -1],
      ['tre', 'integerLetters'],
      ['3.5', 'integerDecimal'],
      ['2,5', 'integerDecimal'],
      ['3-4', 'integerFormat'],
      // The word people write after a count.
      ['3 rum', 3],
      ['2 st', 2],
      ['4 personer', 4],
      ['3rum', 3],
      ['rum', 'integerLetters'],
      ['3 katter', 'integerLetters'],
    ]);
  });

  it('dates as numbers, day first or year first', () => {
    check(parseDate, [
      ['2026-12-28', '2026-12-28'],
      ['20261228', '2026-12-28'],
      ['2026/1/5', '2026-01-05'],
      ['2026 12 28', '2026-12-28'],
      ['28/12/2026', '2026-12-28'],
      ['28.12.2026', '2026-12-28'],
      ['28-12-2026', '2026-12-28'],
      ['5/1/2027', '2027-01-05'],
      ['2028-02-29', '2028-02-29'],
    ]);
  });

  it('dates in words: Swedish and English month names, abbreviated, in any case', () => {
    check(parseDate, [
      ['28 december 2026', '2026-12-28'],
      ['28 December 2026', '2026-12-28'],
      ['28 DEC 2026', '2026-12-28'],
      ['28 dec. 2026', '2026-12-28'],
      ['den 28:e december 2026', '2026-12-28'],
      ['1 maj 2027', '2027-05-01'],
      ['1 okt 2027', '2027-10-01'],
      ['3 sept 2027', '2027-09-03'],
      ['15 mars 2027', '2027-03-15'],
      ['15 March 2027', '2027-03-15'],
      ['December 28, 2026', '2026-12-28'],
      ['May 1st 2027', '2027-05-01'],
      ['28december2026', '2026-12-28'],
    ]);
  });

  it('a date that cannot be is named: "Det finns ingen 31 juni"', () => {
    check(parseDate, [
      ['2026-06-31', { error: 'dateNoSuchDay', day: 31, month: 6 }],
      ['31 juni 2026', { error: 'dateNoSuchDay', day: 31, month: 6 }],
      ['31/6/2026', { error: 'dateNoSuchDay', day: 31, month: 6 }],
      ['2026-02-29', { error: 'dateNoLeapDay', year: 2026 }],
      ['2026-13-01', { error: 'dateNoSuchMonth', month: 13 }],
      ['12/28/2026', { error: 'dateNoSuchMonth', month: 28 }],
      ['1026-12-28', { error: 'dateYearRange', year: 1026 }],
      ['28/12/26', 'dateShortYear'],
      ['261228', 'dateShortYear'],
      ['28 december 26', 'dateShortYear'],
      ['28 december', { error: 'dateNoYear', day: 28, month: 12 }],
      ['28 decembre 2026', { error: 'dateUnknownMonth', word: 'decembre' }],
      ['i morgon', 'dateFormat'],
      ['28/12', { error: 'dateNoYear', day: 28, month: 12 }],
      ['31/2', 'dateNoYear'],
    ]);
  });

  it('month names: a beginning of three letters or more, Swedish or English', () => {
    assert.equal(monthFromName('Okt'), 10);
    assert.equal(monthFromName('october'), 10);
    assert.equal(monthFromName('MAJ'), 5);
    assert.equal(monthFromName('may'), 5);
    assert.equal(monthFromName('ju'), undefined);
    assert.equal(monthFromName('jux'), undefined);
  });

  it('year-months as numbers or in words', () => {
    check(parseYearMonth, [
      ['202612', '2026-12'],
      ['2026 12', '2026-12'],
      ['december 2026', '2026-12'],
      ['2026-13', { error: 'dateNoSuchMonth', month: 13 }],
      ['snart', 'yearMonthFormat'],
    ]);
  });

  it('personnummer and samordningsnummer, with or without century and separator', () => {
    for (const text of [
      '850101-1236',
      '8501011236',
      '198501011236',
      '19850101-1236',
      ' 850101 1236 ',
      '850101\u20131236',
    ]) {
      assert.equal(outcome(parsePersonnummer(text)), '198501011236', text);
    }
    assert.equal(outcome(parsePersonnummer('850161-1233')), '198501611233');
    assert.equal(birthDateOf('198501611233'), '1985-01-01');
  });

  it('a wrong personnummer says what is wrong with it', () => {
    check(parsePersonnummer, [
      ['850101-123', { error: 'personnummerTooFew', count: 9 }],
      ['85-01-01', { error: 'personnummerTooFew', count: 6 }],
      ['1985010112360', { error: 'personnummerTooMany', count: 13 }],
      ['85010112361', 'personnummerEleven'],
      ['8501-011236', 'personnummerFormat'],
      ['850101-123A', 'personnummerCharacters'],
      ['850101-1234', 'personnummerChecksum'],
      ['851301-1232', 'personnummerDate'],
    ]);
  });

  it('ages count whole years up to the day', () => {
    assert.equal(ageOn('2016-05-24', '2026-05-23'), 9);
    assert.equal(ageOn('2016-05-24', '2026-05-24'), 10);
  });

  it('phone numbers with spaces, dashes, parentheses or +46', () => {
    check(parsePhone, [
      ['070-123 45 67', '0701234567'],
      ['+46 70 123 45 67', '+46701234567'],
      ['+46 (0)70 123 45 67', '+46701234567'],
      ['+46 070-123 45 67', '+46701234567'],
      ['0046 70 123 45 67', '+46701234567'],
      ['(070) 123 45 67', '0701234567'],
      ['070/123 45 67', '0701234567'],
      ['08-123 456 78', '0812345678'],
      ['ring mig', 'phoneLetters'],
      ['070*123', { error: 'phoneCharacter', character: '*' }],
      ['070 12', { error: 'phoneTooFew', count: 5 }],
      ['0701234567012345678', { error: 'phoneTooMany', count: 19 }],
      // A Swedish mobile number has ten digits; one short never gets the SMS.
      ['070-12345', { error: 'mobileDigits', count: 8 }],
      ['+46 70 123 45 6', { error: 'mobileDigits', count: 9 }],
      ['0701 234 5678', { error: 'mobileDigits', count: 11 }],
      ['+45 70 12 34 56', '+4570123456'],
    ]);
  });

  it('e-mail addresses, with what is missing named', () => {
    check(parseEmail, [
      ['namn@exempel.se', 'namn@exempel.se'],
      [' namn@exempel.se. ', 'namn@exempel.se'],
      ['namn@exempel', 'emailNoDomain'],
      ['namn(at)exempel.se', 'emailNoAt'],
      ['namn@@exempel.se', 'emailManyAt'],
      ['@exempel.se', 'emailNoName'],
      ['na mn@exempel.se', 'emailSpaces'],
      ['"namn"@exempel.se', 'emailFormat'],
    ]);
  });

  it('postal codes are five digits, stored without the space', () => {
    check(parsePostalCode, [
      ['123 45', '12345'],
      ['12345', '12345'],
      ['SE-123 45', '12345'],
      ['123-45', '12345'],
      ['1234', { error: 'postalCodeLength', count: 4 }],
      ['123 456', { error: 'postalCodeLength', count: 6 }],
      ['12A45', 'postalCodeCharacters'],
      ['01234', 'postalCodeZero'],
    ]);
  });
});

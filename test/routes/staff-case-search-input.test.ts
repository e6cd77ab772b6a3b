import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../locales';
import { birthDateOf, receiptNumberOf, searchedCase } from '../../routes/staff-case-search-input';

describe('the inbox search box', () => {
  const t = translator('sv');

  it('reads a receipt number in any case, with spaces, dashes or none', () => {
    for (const typed of [
      'EB-6N9Z-T777',
      'eb-6n9z-t777',
      ' EB 6N9Z T777 ',
      'EB–6N9Z–T777',
      'EB6N9ZT777',
    ]) {
      assert.equal(receiptNumberOf(typed), 'EB-6N9Z-T777', typed);
      assert.deepEqual(searchedCase(typed, 'sokord', t), {
        ok: true,
        value: { receipt: 'EB-6N9Z-T777' },
      });
    }
  });

  it('keeps names that look a little like one as names, and personnummer as personnummer', () => {
    assert.equal(receiptNumberOf('Ebbakarlss'), undefined);
    assert.equal(receiptNumberOf(' Ebbakarlss '), undefined);
    assert.deepEqual(searchedCase('Ebbakarlss', 'sokord', t), {
      ok: true,
      value: { name: 'ebbakarlss' },
    });
    assert.equal(receiptNumberOf('EB-6N9Z'), undefined);
    assert.deepEqual(searchedCase('19121212-1212', 'sokord', t), {
      ok: true,
      value: { personnummer: ['191212121212'] },
    });
  });

  it('ten digits with "-" also ask for the person a hundred years older, whose "+" is easily forgotten', () => {
    assert.deepEqual(searchedCase('121212-1212', 'sokord', t), {
      ok: true,
      value: { personnummer: ['201212121212', '191212121212'] },
    });
    assert.deepEqual(searchedCase('121212+1212', 'sokord', t), {
      ok: true,
      value: { personnummer: ['191212121212'] },
    });
  });

  it('eight digits that are a day are a date of birth; a day that does not exist is said not to exist', () => {
    assert.deepEqual(searchedCase('19780312', 'sokord', t), {
      ok: true,
      value: { born: '19780312' },
    });
    assert.deepEqual(searchedCase(' 1978-03-12 ', 'sokord', t), {
      ok: true,
      value: { born: '19780312' },
    });
    assert.equal(birthDateOf('19780230'), undefined);
    for (const typed of ['19780230', '1978-02-30']) {
      assert.deepEqual(searchedCase(typed, 'sokord', t), {
        ok: false,
        error: {
          field: 'sokord',
          text: 'Det datumet finns inte. Skriv födelsedatumet som år, månad och dag med 8 siffror, till exempel 19780312.',
          href: '#sokord',
        },
      });
    }
  });

  it('six digits are a date of birth without its century: the message asks for eight, not for a longer personnummer', () => {
    for (const typed of ['780312', '78-03-12']) {
      assert.deepEqual(searchedCase(typed, 'sokord', t), {
        ok: false,
        error: {
          field: 'sokord',
          text: 'Skriv födelsedatumet med 8 siffror, med århundradet först, till exempel 19780312.',
          href: '#sokord',
        },
      });
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../locales';
import { receiptNumberOf, searchedCase } from '../../routes/staff-case-search-input';

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
});

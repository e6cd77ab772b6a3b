import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Personnummer from 'personnummer';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';

describe('example personnummer in hints and messages', () => {
  it('every "till exempel"/"for example" personnummer passes the check digit, as the form will check it', () => {
    let seen = 0;
    for (const [language, texts] of [
      ['sv', sv],
      ['en', en],
    ] as const) {
      for (const [key, text] of Object.entries(texts)) {
        for (const match of text.matchAll(/(?:exempel|example) ((?:\d{2})?\d{6}-\d{4})/g)) {
          seen += 1;
          assert.ok(Personnummer.valid(match[1] ?? ''), `${language} ${key}: ${match[1]}`);
        }
      }
    }
    assert.ok(seen >= 10, `${seen} examples`);
  });
});

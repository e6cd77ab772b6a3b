import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FALLBACK_FILE_NAME,
  MAX_FILE_NAME_LENGTH,
  sanitiseFileName,
  withExtensionOf,
} from '../../services/attachment-names';

const charactersOf = (text: string) =>
  Array.from(new Intl.Segmenter('sv', { granularity: 'grapheme' }).segment(text)).length;

describe('the shown name of an uploaded file', () => {
  it('SEC-27 keeps only the last path part, from Unix and Windows paths alike', () => {
    assert.equal(sanitiseFileName('../../etc/passwd'), 'passwd');
    assert.equal(sanitiseFileName('C:\\Users\\anna\\Documents\\hyra.pdf'), 'hyra.pdf');
    assert.equal(sanitiseFileName('..\\..\\windows\\win.ini'), 'win.ini');
  });

  it('SEC-27 drops NUL and other control characters', () => {
    assert.equal(sanitiseFileName('intyg.pdf\u0000.exe'), 'intyg.pdf.exe');
    assert.equal(sanitiseFileName('lön\u0007\u001b[31m.pdf'), 'lön[31m.pdf');
  });

  it('SEC-27 drops right-to-left overrides and other bidi controls, so the name reads as it is', () => {
    assert.equal(sanitiseFileName('kvitto\u202Egpj.exe'), 'kvittogpj.exe');
    assert.equal(sanitiseFileName('\u2066a\u2069\u200Fb\u061C.png'), 'ab.png');
  });

  it('SEC-27 cuts a 300-character name to 100 characters and keeps the extension', () => {
    const name = sanitiseFileName(`${'å'.repeat(300)}.pdf`);
    assert.equal(charactersOf(name), MAX_FILE_NAME_LENGTH);
    assert.ok(name.endsWith('å.pdf'), name);
  });

  it('never cuts a letter with its accent or an emoji in half', () => {
    const name = sanitiseFileName(`${'e\u0301'.repeat(120)}👨‍👩‍👧.jpg`);
    assert.equal(charactersOf(name), MAX_FILE_NAME_LENGTH);
    assert.ok(name.normalize('NFC').startsWith('é'));
    assert.ok(name.endsWith('.jpg'));
  });

  it('folds white space and trims dots and spaces at the ends', () => {
    assert.equal(sanitiseFileName('  Hyres\tavi \n\n mars .pdf  '), 'Hyres avi mars .pdf');
    assert.equal(sanitiseFileName('...hemlig.pdf...'), 'hemlig.pdf');
  });

  it('falls back to "bilaga" when nothing readable is left', () => {
    for (const name of ['', '   ', '..', '../', '\u0000\u202E', 'mapp/']) {
      assert.equal(sanitiseFileName(name), FALLBACK_FILE_NAME, JSON.stringify(name));
    }
  });

  it('keeps Swedish and other letters as they are (in composed form)', () => {
    assert.equal(sanitiseFileName('Lönebesked för mars.PDF'), 'Lönebesked för mars.PDF');
    assert.equal(sanitiseFileName('Ha\u0308lsa.png'), 'Hälsa.png');
    assert.equal(sanitiseFileName('Nguyễn Thị Minh.heic'), 'Nguyễn Thị Minh.heic');
  });

  it('gives a name the extension of what the file is, unless it already has one of its own', () => {
    assert.equal(withExtensionOf('intyg', ['pdf']), 'intyg.pdf');
    assert.equal(withExtensionOf('foto.JPEG', ['jpg', 'jpeg']), 'foto.JPEG');
    assert.equal(withExtensionOf('scan.png', ['pdf']), 'scan.png.pdf');
    const long = withExtensionOf('a'.repeat(100), ['pdf']);
    assert.equal(long, `${'a'.repeat(96)}.pdf`);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { printedCode } from '../../services/code-list-pdf';
import { demoMunicipalities } from '../../services/demo-data';
import { PdfRenderer } from '../../services/pdf-renderer';
import { ManualClock } from '../helpers/manual-clock';
import { pdfPageCount, pdfPageTexts, pdfWords, popplerSkipReason } from '../helpers/pdf';

const municipality = demoMunicipalities[0];
if (!municipality) throw new Error('no demo municipality');

/** Forty codes that differ, with leading zeros among them. */
const codes = Array.from({ length: 40 }, (_, index) => ({
  number: index + 1,
  code: String((index * 7_654_321 + 1_234) % 100_000_000).padStart(8, '0'),
}));

const issuedAt = new Date('2026-11-24T09:30:00+01:00');
const MM = 72 / 25.4;

describe('credential PDFs', () => {
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  let renderer: PdfRenderer;
  before(() => {
    renderer = new PdfRenderer({ workers: 1, queueMax: 4, cacheEntries: 4 }, clock);
  });
  after(() => renderer.close());

  it('the new code list: a letter on page 1, the 40 numbered codes, how to use them and whom to call on page 2', async (t) => {
    const pdf = await renderer.renderCodeList({
      municipality,
      name: 'Łukasz Øvergård',
      issuedAt,
      codes,
    });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    assert.equal(pdfPageCount(pdf), 2);
    const [letter = '', text = ''] = pdfPageTexts(pdf);
    for (const expected of [
      'Datum: 24 november 2026',
      'Din nya kodlista',
      'Hej Łukasz Øvergård!',
      'Kodlistan finns på nästa sida.',
      'Din gamla kodlista fungerar inte längre.',
      'Sida 1 av 2',
    ]) {
      assert.ok(letter.includes(expected), `the letter has "${expected}": ${letter}`);
    }
    assert.ok(!letter.includes(printedCode(codes[0]?.code ?? '')), 'no codes in the letter itself');
    for (const expected of [
      'Exempelby kommun',
      'Din kodlista',
      'Namn: Łukasz Øvergård',
      'Datum: 24 november 2026',
      'frågar e-tjänsten efter en kod med ett visst nummer',
      'Varje kod fungerar bara en gång.',
      'Om du får en ny kodlista slutar den här listan att fungera.',
      'inte tillsammans med ditt lösenord',
      `Ring Exempelby kommun på ${municipality.phone}.`,
      'Sida 2 av 2',
    ]) {
      assert.ok(text.includes(expected), `the code list has "${expected}": ${text}`);
    }
    for (const { number, code } of codes) {
      assert.ok(text.includes(` ${number} ${printedCode(code)} `), `code ${number}`);
    }
    assert.ok(text.includes(' 1 0000 1234 '), 'leading zeros kept');
  });

  it('the new code list: the name and address where a window envelope shows them, nothing else near', async (t) => {
    const pdf = await renderer.renderCodeList({
      municipality,
      name: 'Nguyễn Thị Minh',
      address: ['Storgatan 5 B', '123 45 Exempelby'],
      issuedAt,
      codes,
    });
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const page1 = pdfWords(pdf).filter((word) => word.page === 1);
    const inWindow = page1.filter(
      (word) =>
        word.top >= 45 * MM - 1 &&
        word.top + word.height <= 70 * MM + 1 &&
        word.left >= 20 * MM - 1 &&
        word.left < 105 * MM,
    );
    assert.deepEqual(
      inWindow.map((word) => word.text),
      ['Nguyễn', 'Thị', 'Minh', 'Storgatan', '5', 'B', '123', '45', 'Exempelby'],
    );
    for (const word of inWindow) assert.ok(word.left + word.width <= 105 * MM, word.text);
    // Nothing else within 20 mm below the window, where a sliding sheet could show it.
    assert.deepEqual(
      page1.filter((word) => word.top >= 70 * MM && word.top < 88 * MM).map((word) => word.text),
      [],
    );
  });

  it('the letters: a long unit name keeps the sender above the highest envelope windows (39-40 mm)', async (t) => {
    const longUnit = {
      ...municipality,
      unitName: 'Socialförvaltningen, avdelningen för ekonomiskt bistånd och arbetsmarknad',
      streetAddress: 'Dragonvägen 86, Box 12345',
    };
    const letters = [
      await renderer.renderCodeList({
        municipality: longUnit,
        name: 'Nguyễn Thị Minh',
        address: ['Storgatan 5 B', '123 45 Exempelby'],
        issuedAt,
        codes,
      }),
      await renderer.renderActivationLetter({
        municipality: longUnit,
        name: 'Nguyễn Thị Minh',
        address: ['Storgatan 5 B', '123 45 Exempelby'],
        personnummer: '198507099805',
        activationCode: 'ACDE-FHJK-MNPR',
        expiresAt: new Date('2026-12-24T09:30:00+01:00'),
        loginUrl: 'https://ekonomiskt-bistand.exempelby.se/',
        codes,
      }),
    ];
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    for (const pdf of letters) {
      const page1 = pdfWords(pdf).filter((word) => word.page === 1);
      const sender = page1.filter((word) => word.top < 45 * MM);
      assert.ok(
        sender.some((word) => word.text === 'arbetsmarknad'),
        'the whole unit name',
      );
      assert.ok(
        sender.some((word) => word.text === '12345'),
        'the postal address',
      );
      for (const word of sender) {
        assert.ok(word.top + word.height <= 35 * MM, `${word.text} ends 35 mm down at most`);
      }
    }
  });

  it('the activation letter: how to activate, the personnummer and code, then the code list', async (t) => {
    const pdf = await renderer.renderActivationLetter({
      municipality,
      name: 'Łukasz Øvergård',
      personnummer: '198507099805',
      activationCode: 'ACDE-FHJK-MNPR',
      expiresAt: new Date('2026-12-24T09:30:00+01:00'),
      loginUrl: 'https://ekonomiskt-bistand.exempelby.se/',
      codes,
    });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const [letter = '', list = ''] = pdfPageTexts(pdf);
    assert.equal(pdfPageCount(pdf), 2);
    for (const expected of [
      'Exempelby kommun',
      municipality.unitName,
      municipality.streetAddress,
      'Datum: 24 november 2026',
      'Aktivera ditt konto',
      'Hej Łukasz Øvergård!',
      'Personnummer 19850709-9805',
      'Aktiveringskod ACDE-FHJK-MNPR',
      'Koden gäller till 24 december 2026 klockan 09:30.',
      'https://ekonomiskt-bistand.exempelby.se/aktivera',
      'Skriv ditt personnummer och aktiveringskoden.',
      'Välj ett lösenord med minst 12 tecken.',
      'Sida 1 av 2',
    ]) {
      assert.ok(letter.includes(expected), `the letter has "${expected}": ${letter}`);
    }
    assert.ok(!letter.includes('0000 1234'), 'no codes in the letter itself');
    assert.ok(list.includes('Din kodlista'), list);
    assert.ok(list.includes(`40 ${printedCode(codes[39]?.code ?? '')}`), list);
    assert.ok(list.includes('Sida 2 av 2'), list);
  });

  it('the activation letter: the address in the window, and two pages even with long texts', async (t) => {
    const pdf = await renderer.renderActivationLetter({
      municipality: {
        ...municipality,
        unitName:
          'Socialförvaltningen, avdelningen för ekonomiskt bistånd och arbetsmarknadsfrågor, enheten för försörjningsstöd',
        email: 'ekonomiskt.bistand.forsorjningsstod@socialforvaltningen.exempelby.example',
      },
      name: 'Nguyễn Thị Minh',
      address: ['Storgatan 5 B', '123 45 Exempelby'],
      personnummer: '19850709-9805',
      activationCode: 'ACDE-FHJK-MNPR',
      expiresAt: new Date('2026-12-24T09:30:00+01:00'),
      loginUrl: 'https://ekonomiskt-bistand.exempelby.se',
      codes,
      language: 'en',
    });
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    assert.equal(pdfPageCount(pdf), 2);
    const inWindow = pdfWords(pdf).filter(
      (word) =>
        word.page === 1 &&
        word.top >= 45 * MM - 1 &&
        word.top < 70 * MM &&
        word.left >= 20 * MM - 1 &&
        word.left + word.width <= 105 * MM,
    );
    assert.deepEqual(
      inWindow.map((word) => word.text),
      ['Nguyễn', 'Thị', 'Minh', 'Storgatan', '5', 'B', '123', '45', 'Exempelby'],
    );
    // Nothing else within 20 mm below the window, where a sliding sheet could show it.
    const below = pdfWords(pdf).filter(
      (word) => word.page === 1 && word.top >= 70 * MM && word.top < 88 * MM,
    );
    assert.deepEqual(
      below.map((word) => word.text),
      [],
    );
  });

  it('writes the letter in English when asked, still on two pages', async (t) => {
    const pdf = await renderer.renderActivationLetter({
      municipality,
      name: 'Nguyễn Thị Minh',
      personnummer: '19850709-9805',
      activationCode: 'ACDE-FHJK-MNPR',
      expiresAt: new Date('2026-12-24T09:30:00+01:00'),
      loginUrl: 'https://ekonomiskt-bistand.exempelby.se',
      codes,
      language: 'en',
    });
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const [letter = ''] = pdfPageTexts(pdf);
    assert.equal(pdfPageCount(pdf), 2);
    assert.ok(letter.includes('The code is valid until 24 December 2026 at 09:30.'), letter);
    assert.ok(letter.includes('Personal identity number 19850709-9805'), letter);
    assert.ok(letter.includes('https://ekonomiskt-bistand.exempelby.se/aktivera'), letter);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  renderActivationLetterPdf,
  type ActivationLetterPdfContent,
} from '../../services/activation-letter-pdf';
import {
  renderCodeListLetterPdf,
  type CodeListLetterPdfContent,
} from '../../services/code-list-letter-pdf';
import { printedCode } from '../../services/code-list-pdf';
import { demoMunicipalities } from '../../services/demo-data';
import { pdfPageTexts, popplerSkipReason } from '../helpers/pdf';
import {
  pdfStructure,
  structTableRows,
  structTexts,
  taggedPdfFacts,
  type StructElement,
} from '../helpers/pdf-tags';

const municipality = demoMunicipalities[0];
if (!municipality) throw new Error('no demo municipality');

/** Forty codes that differ, with leading zeros among them. */
const codes = Array.from({ length: 40 }, (_, index) => ({
  number: index + 1,
  code: String((index * 7_654_321 + 1_234) % 100_000_000).padStart(8, '0'),
}));

const codeListLetter = (
  changes: Partial<CodeListLetterPdfContent> = {},
): CodeListLetterPdfContent => ({
  language: 'sv',
  municipality,
  name: 'Łukasz Øvergård',
  address: ['Storgatan 5 B', '123 45 Exempelby'],
  issuedAt: new Date('2026-11-24T09:30:00+01:00'),
  codes,
  ...changes,
});

const activationLetter = (
  changes: Partial<ActivationLetterPdfContent> = {},
): ActivationLetterPdfContent => ({
  language: 'sv',
  municipality,
  date: new Date('2026-11-24T09:30:00+01:00'),
  name: 'Nguyễn Thị Minh',
  address: ['Storgatan 5 B', '123 45 Exempelby'],
  personnummer: '198507099805',
  activationCode: 'ACDE-FHJK-MNPR',
  expiresAt: new Date('2026-12-24T09:30:00+01:00'),
  loginUrl: 'https://ekonomiskt-bistand.exempelby.se',
  codes,
  ...changes,
});

/** The code list as a screen reader reads its table: each row a number and its code. */
const codeRows = codes.map(({ number, code }) => [
  `TH/Scope /Row: ${number}`,
  `TD: ${printedCode(code)}`,
]);

/** The texts of the code list page, from its letterhead to whom to call. */
function codeListPageTexts(structure: StructElement[], title: 'H1' | 'H2'): string[] {
  const how = title === 'H1' ? 'H2' : 'H3';
  const texts = structTexts(structure, [title, how, 'P', 'Lbl', 'LBody']);
  const start = texts.indexOf(`${title}: Din kodlista`) - 2;
  return texts.slice(start);
}

const codeListPage = (title: 'H1' | 'H2', name: string) => {
  const how = title === 'H1' ? 'H2' : 'H3';
  return [
    'P: Exempelby kommun',
    `P: ${municipality.unitName}`,
    `${title}: Din kodlista`,
    `P: Namn: ${name}`,
    'P: Datum: 24 november 2026',
    `${how}: Så använder du kodlistan`,
    'Lbl: •',
    'LBody: När du loggar in frågar e-tjänsten efter en kod med ett visst nummer, till exempel kod nummer 17. Skriv koden som står vid det numret.',
    'Lbl: •',
    'LBody: Varje kod fungerar bara en gång. Stryk gärna över koden när du har använt den.',
    'Lbl: •',
    'LBody: Om du får en ny kodlista slutar den här listan att fungera.',
    'Lbl: •',
    'LBody: Ha listan på ett säkert ställe, inte tillsammans med ditt lösenord. Visa den inte för någon annan.',
    `P: Har du tappat bort listan? Ring Exempelby kommun på ${municipality.phone}. Då stänger vi av listan och du får en ny.`,
  ];
};

/** Whether each part comes after the one before it in the text. */
function assertInOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at >= 0, `"${part}" after "${text.slice(0, from)}" in: ${text}`);
    from = at + part.length;
  }
}

describe('the credential PDFs are tagged', { skip: popplerSkipReason() }, () => {
  it('the new code list letter: a tagged PDF in Swedish with its title, nothing drawn untagged', async () => {
    const pdf = await renderCodeListLetterPdf(codeListLetter());
    assert.match(pdf.subarray(0, 8).toString(), /^%PDF-1\.7/);
    assert.deepEqual(taggedPdfFacts(pdf), {
      structTree: true,
      marked: true,
      language: 'sv-SE',
      displayDocTitle: true,
      title: 'Din nya kodlista',
      // The grid's lines, the page numbers: artifacts. The codes: in the structure.
      untagged: [],
    });
    const english = taggedPdfFacts(
      await renderCodeListLetterPdf(codeListLetter({ language: 'en' })),
    );
    assert.equal(english.language, 'en-GB');
    assert.equal(english.title, 'Your new code list');
  });

  it('the new code list letter reads as a letter, then the list: the codes a table of number and code', async () => {
    const structure = pdfStructure(await renderCodeListLetterPdf(codeListLetter()));
    assert.deepEqual(structTexts(structure, ['H1', 'H2', 'H3']), [
      'H1: Din nya kodlista',
      'H2: Din kodlista',
      'H3: Så använder du kodlistan',
    ]);
    const texts = structTexts(structure, ['H1', 'H2', 'H3', 'P']);
    assert.deepEqual(texts.slice(0, 8), [
      'P: Exempelby kommun',
      `P: ${municipality.unitName} ${municipality.streetAddress} ${municipality.postalCode} ${municipality.city}`,
      'P: Datum: 24 november 2026',
      // The window's lines, kept apart by spaces.
      'P: Łukasz Øvergård Storgatan 5 B 123 45 Exempelby',
      'H1: Din nya kodlista',
      'P: Hej Łukasz Øvergård!',
      'P: Här får du en ny kodlista till e-tjänsten för ekonomiskt bistånd. Kodlistan finns på nästa sida.',
      'P: Din gamla kodlista fungerar inte längre. Riv sönder den och släng den.',
    ]);
    assert.deepEqual(codeListPageTexts(structure, 'H2'), codeListPage('H2', 'Łukasz Øvergård'));
    assert.deepEqual(structTableRows(structure), codeRows);
    assert.equal(structure.filter((element) => element.type === 'Table').length, 1);
    // The page numbers are artifacts: printed, not read out.
    assert.ok(!texts.some((text) => /Sida \d/.test(text)));
  });

  it('the new code list letter: pdftotext reads page 1 as a letter and page 2 as number and code', async () => {
    const [letter = '', list = ''] = pdfPageTexts(await renderCodeListLetterPdf(codeListLetter()));
    assertInOrder(letter, [
      'Exempelby kommun',
      'Łukasz Øvergård Storgatan 5 B 123 45 Exempelby',
      'Din nya kodlista',
      'Hej Łukasz Øvergård!',
      'Din gamla kodlista fungerar inte längre.',
      'Med vänliga hälsningar',
      'Sida 1 av 2',
    ]);
    assertInOrder(list, [
      'Din kodlista',
      'Namn: Łukasz Øvergård',
      // Row by row as drawn (1, 11, 21, 31, 2, …), each number beside its code; a screen reader
      // reads the table above, 1 to 40.
      ...codes
        .map((_, index) => codes[(index % 4) * 10 + Math.floor(index / 4)])
        .map((entry) => ` ${entry?.number} ${printedCode(entry?.code ?? '')}`),
      'Så använder du kodlistan',
      'Har du tappat bort listan?',
      'Sida 2 av 2',
    ]);
  });

  it('the activation letter: a tagged PDF in Swedish with its title, nothing drawn untagged', async () => {
    const pdf = await renderActivationLetterPdf(activationLetter());
    assert.deepEqual(taggedPdfFacts(pdf), {
      structTree: true,
      marked: true,
      language: 'sv-SE',
      displayDocTitle: true,
      title: 'Aktivera ditt konto',
      // The box around the code, the grid's lines, the page numbers: artifacts.
      untagged: [],
    });
    const english = taggedPdfFacts(
      await renderActivationLetterPdf(activationLetter({ language: 'en' })),
    );
    assert.equal(english.language, 'en-GB');
    assert.equal(english.title, 'Activate your account');
  });

  it('the activation letter reads in order: sender, recipient, the code, numbered steps, then the list', async () => {
    const structure = pdfStructure(await renderActivationLetterPdf(activationLetter()));
    assert.deepEqual(structTexts(structure, ['H1', 'H2', 'H3']), [
      'H1: Aktivera ditt konto',
      'H2: Så aktiverar du kontot',
      'H2: Din kodlista',
      'H3: Så använder du kodlistan',
    ]);
    const texts = structTexts(structure, ['H1', 'H2', 'P', 'Lbl', 'LBody']);
    assert.deepEqual(texts.slice(0, 24), [
      'P: Exempelby kommun',
      `P: ${municipality.unitName} ${municipality.streetAddress} ${municipality.postalCode} ${municipality.city}`,
      'P: Datum: 24 november 2026',
      'P: Nguyễn Thị Minh Storgatan 5 B 123 45 Exempelby',
      'H1: Aktivera ditt konto',
      'P: Hej Nguyễn Thị Minh!',
      'P: Nu har du ett konto i e-tjänsten för ekonomiskt bistånd. Med kontot kan du skicka din ansökan direkt till oss, utan papper. Innan du loggar in första gången behöver du aktivera kontot.',
      'P: Personnummer',
      'P: 19850709-9805',
      'P: Aktiveringskod',
      'P: ACDE-FHJK-MNPR',
      'P: Koden gäller till 24 december 2026 klockan 09:30. Den fungerar bara en gång.',
      'H2: Så aktiverar du kontot',
      'Lbl: 1.',
      // The address read apart from the words before it.
      'LBody: Gå till den här adressen: https://ekonomiskt-bistand.exempelby.se/aktivera',
      'Lbl: 2.',
      'LBody: Skriv ditt personnummer och aktiveringskoden. Du hittar dem i rutan ovanför.',
      'Lbl: 3.',
      'LBody: Välj ett lösenord med minst 12 tecken. Gärna några ord i en mening som du kommer ihåg men som andra inte kan gissa.',
      'Lbl: 4.',
      'LBody: Sedan loggar du in med ditt lösenord och en kod från kodlistan. Kodlistan finns på nästa sida.',
      'P: Har koden slutat gälla innan du hann använda den? Ring oss, så får du en ny.',
      'P: Visa inte koden eller kodlistan för någon annan. Vi frågar aldrig efter ditt lösenord.',
      `P: Har du frågor? Ring oss på ${municipality.phone} eller skicka e-post till ${municipality.email}.`,
    ]);
    assert.deepEqual(
      structure.filter((element) => element.type === 'L').map((list) => list.depth),
      [1, 1],
    );
    assert.deepEqual(codeListPageTexts(structure, 'H2'), codeListPage('H2', 'Nguyễn Thị Minh'));
    assert.deepEqual(structTableRows(structure), codeRows);
  });

  it('the activation letter: pdftotext reads the first page as a letter, top to bottom', async () => {
    const [letter = ''] = pdfPageTexts(await renderActivationLetterPdf(activationLetter()));
    assertInOrder(letter, [
      'Exempelby kommun',
      'Nguyễn Thị Minh Storgatan 5 B 123 45 Exempelby',
      'Aktivera ditt konto',
      'Hej Nguyễn Thị Minh!',
      'Personnummer 19850709-9805',
      'Aktiveringskod ACDE-FHJK-MNPR',
      'Så aktiverar du kontot',
      '1. Gå till den här adressen: https://ekonomiskt-bistand.exempelby.se/aktivera',
      '2. Skriv ditt personnummer',
      '4. Sedan loggar du in',
      'Med vänliga hälsningar',
      'Sida 1 av 2',
    ]);
  });
});

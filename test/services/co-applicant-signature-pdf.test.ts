import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  renderCoApplicantSignaturePdf,
  type CoApplicantSignaturePdfContent,
} from '../../services/co-applicant-signature-pdf';
import { demoMunicipalities } from '../../services/demo-data';
import { pdfPageTexts, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { pdfStructure, structTableRows, structTexts, taggedPdfFacts } from '../helpers/pdf-tags';

const municipality = demoMunicipalities[0];
if (!municipality) throw new Error('no demo municipality');

const form = (
  changes: Partial<CoApplicantSignaturePdfContent> = {},
): CoApplicantSignaturePdfContent => ({
  language: 'sv',
  municipality,
  title: 'Ansökan om ekonomiskt bistånd – december 2026',
  receiptNumber: 'EB-ABCD-EFGH',
  submittedAt: new Date('2026-11-24T09:30:00+01:00'),
  applicant: { name: 'Nguyễn Thị Minh', personnummer: '198507099805' },
  coApplicant: { name: 'Łukasz Øvergård', personnummer: '198601019806' },
  declaration: {
    title: 'Intygande',
    text: 'Jag intygar att uppgifterna är riktiga.\nJag vet att felaktiga uppgifter kan leda till återkrav.',
  },
  ...changes,
});

const municipalityAddress = `${municipality.name} ${municipality.unitName} ${municipality.streetAddress} ${municipality.postalCode} ${municipality.city}`;

describe('the co-applicant signature page', { skip: popplerSkipReason() }, () => {
  it('is a tagged PDF in Swedish with its title, nothing drawn untagged', async () => {
    const pdf = await renderCoApplicantSignaturePdf(form());
    assert.match(pdf.subarray(0, 8).toString(), /^%PDF-1\.7/);
    assert.deepEqual(taggedPdfFacts(pdf), {
      structTree: true,
      marked: true,
      language: 'sv-SE',
      displayDocTitle: true,
      title: 'Underskrift av medsökande',
      // The signature lines and the footer: artifacts.
      untagged: [],
    });
    const english = taggedPdfFacts(await renderCoApplicantSignaturePdf(form({ language: 'en' })));
    assert.equal(english.language, 'en-GB');
    assert.deepEqual(english.untagged, []);
  });

  it('reads in order: receipt number, the address, the title, who is who as a table, the declaration and where to send it', async () => {
    const structure = pdfStructure(await renderCoApplicantSignaturePdf(form()));
    assert.deepEqual(structTexts(structure, ['H1', 'H2']), [
      'H1: Underskrift av medsökande',
      'H2: Intygande',
      'H2: Skicka blanketten till kommunen',
    ]);
    assert.deepEqual(structTexts(structure, ['H1', 'H2', 'P', 'Table']), [
      'P: Kvittonummer',
      'P: EB-ABCD-EFGH',
      'P: Ansökan skickades in 24 november 2026',
      `P: ${municipalityAddress}`,
      'H1: Underskrift av medsökande',
      'P: Blanketten hör till ”Ansökan om ekonomiskt bistånd – december 2026”. Nguyễn Thị Minh skickade in ansökan elektroniskt den 24 november 2026. Du är medsökande och behöver skriva under. Läs ansökan först. Den sökande kan skriva ut en kopia från Mina sidor.',
      'Table: ',
      'H2: Intygande',
      // Two typed lines are read with a space between them.
      'P: Jag intygar att uppgifterna är riktiga. Jag vet att felaktiga uppgifter kan leda till återkrav.',
      'P: Underskrift: Łukasz Øvergård',
      'P: Datum',
      'H2: Skicka blanketten till kommunen',
      'P: Vik blanketten så att adressen syns i fönstret på ett fönsterkuvert. Eller skriv adressen på kuvertet:',
      `P: ${municipality.name}, ${municipality.unitName}, ${municipality.streetAddress}, ${municipality.postalCode} ${municipality.city}`,
      `P: Har du frågor? Ring ${municipality.phone} eller skriv till ${municipality.email}.`,
    ]);
    assert.deepEqual(structTableRows(structure), [
      ['TH/Scope /Row: Sökande', 'TD: Nguyễn Thị Minh'],
      ['TH/Scope /Row: Personnummer', 'TD: 19850709-9805'],
      ['TH/Scope /Row: Medsökande', 'TD: Łukasz Øvergård'],
      ['TH/Scope /Row: Personnummer', 'TD: 19860101-9806'],
    ]);
    // The footer is an artifact: printed on the page, not read out.
    assert.ok(
      pdfPageTexts(await renderCoApplicantSignaturePdf(form()))[0]?.includes('sida 1 av 1'),
    );
    assert.ok(!structTexts(structure, ['P']).some((text) => /sida 1 av 1/.test(text)));
  });

  it('without a declaration, goes from the table to the signature', async () => {
    const structure = pdfStructure(
      await renderCoApplicantSignaturePdf(form({ declaration: undefined })),
    );
    const texts = structTexts(structure, ['H2', 'P', 'Table']);
    assert.deepEqual(texts.slice(texts.indexOf('Table: '), texts.indexOf('P: Datum') + 1), [
      'Table: ',
      'P: Underskrift: Łukasz Øvergård',
      'P: Datum',
    ]);
  });

  it('pdftotext reads it top to bottom, each name and personnummer on the line of its label', async () => {
    const pdf = await renderCoApplicantSignaturePdf(form());
    const [text = ''] = pdfPageTexts(pdf);
    let from = 0;
    for (const part of [
      'Kvittonummer EB-ABCD-EFGH',
      municipalityAddress,
      'Underskrift av medsökande',
      'Sökande',
      'Intygande',
      'Underskrift: Łukasz Øvergård',
      'Datum',
      'Skicka blanketten till kommunen',
      'sida 1 av 1',
    ]) {
      const at = text.indexOf(part, from);
      assert.ok(at >= 0, `"${part}" after position ${from} in: ${text}`);
      from = at + part.length;
    }
    // pdftotext reads the labels' column before the values'; on the page each pair is a line.
    const lines = new Map<number, string[]>();
    for (const word of pdfWords(pdf)) {
      const top = Math.round(word.top);
      lines.set(top, [...(lines.get(top) ?? []), word.text]);
    }
    const table = [...lines.values()]
      .map((words) => words.join(' '))
      .filter((line) => /^(Sökande|Medsökande|Personnummer) /.test(line));
    assert.deepEqual(table, [
      'Sökande Nguyễn Thị Minh',
      'Personnummer 19850709-9805',
      'Medsökande Łukasz Øvergård',
      'Personnummer 19860101-9806',
    ]);
  });
});

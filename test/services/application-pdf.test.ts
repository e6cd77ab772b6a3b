import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderApplicationPdf, type ApplicationPdfContent } from '../../services/application-pdf';
import { pdfPageTexts, pdfText, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { familyPaperPdf, longMessage } from '../helpers/paper-application';
import {
  pdfCatalog,
  pdfStructure,
  structStrings,
  structTexts,
  untaggedDrawing,
  type StructElement,
} from '../helpers/pdf-tags';

/** Each table in reading order as its rows, a row as "TH: question" and "TD: answer". */
function tables(structure: StructElement[]): string[][][] {
  const found: string[][][] = [];
  for (const element of structure) {
    if (element.type === 'Table') found.push([]);
    else if (element.type === 'TR') found.at(-1)?.push([]);
    else if (element.type === 'TH' || element.type === 'TD') {
      found
        .at(-1)
        ?.at(-1)
        ?.push(`${element.type}: ${element.text ?? ''}`);
    }
  }
  return found;
}

/** An answer as printed: several options chosen each on a line of their own. */
const printedValue = (row: { value: string; items?: string[] }) =>
  row.items && row.items.length > 1 ? row.items.map((item) => `• ${item}`).join('\n') : row.value;

/** An answer as it is read out: its lines joined by a space. */
const asRead = (text: string) => text.replace(/ *\n/g, ' ');

/** The family's application as the copy of an electronic submission, `changes` on top. */
async function familyCopyPdf(changes: Partial<ApplicationPdfContent> = {}) {
  const { content } = await familyPaperPdf();
  const pdf = await renderApplicationPdf({
    ...content,
    qrCodes: [],
    signers: [],
    submitted: 'Inskickad elektroniskt 24 november 2026 kl. 10.00.',
    ...changes,
  });
  return { content, pdf };
}

describe('the paper application PDF', { skip: popplerSkipReason() }, () => {
  it('is a tagged PDF in Swedish whose window shows its title, nothing drawn outside the structure but artifacts', async () => {
    const { pdf, content } = await familyPaperPdf();
    const { catalog, entry } = pdfCatalog(pdf);
    assert.match(catalog, /\/StructTreeRoot \d+ 0 R/);
    assert.match(catalog, /\/Lang \(sv-SE\)/);
    assert.match(entry('MarkInfo'), /\/Marked true/);
    assert.match(entry('ViewerPreferences'), /\/DisplayDocTitle true/);
    assert.match(pdf.toString('latin1'), /<pdfuaid:part>1<\/pdfuaid:part>/);
    assert.deepEqual(untaggedDrawing(pdf), []);
    const english = await renderApplicationPdf({ ...content, language: 'en' });
    assert.match(pdfCatalog(english).catalog, /\/Lang \(en-GB\)/);
    assert.deepEqual(structStrings(english, 'Figure', 'Alt').slice(0, 1), [
      `QR code, part 1 of ${content.qrCodes.length}, with the answers in the application`,
    ]);
  });

  it('reads in order: the title, the address, then each section as a heading and a table of questions and answers', async () => {
    const { pdf, content } = await familyPaperPdf('Hej!\nVi har flyttat.');
    const structure = pdfStructure(pdf);
    const texts = structTexts(structure, ['H1', 'H2', 'P']);
    const { municipality } = content;
    assert.deepEqual(texts.slice(0, 3), [
      `H1: ${content.title}`,
      `P: ${municipality.name} ${municipality.unitName} ${municipality.streetAddress} ${municipality.postalCode} ${municipality.city}`,
      'P: Skriv ut ansökan och läs igenom den. Skriv under vid rubriken ”Underskrift” nära slutet. Skicka den till adressen ovan eller lämna den till kommunen.',
    ]);
    // The tick of "Intygande" is not printed: the declaration is, whole, above the signatures.
    const sections = content.sections.filter(
      (section) => section.rows.length > 0 && section.stepId !== content.declaration?.stepId,
    );
    assert.ok(sections.length > 3);
    assert.deepEqual(structTexts(structure, ['H1', 'H2']).slice(1), [
      ...sections.map((section) => `H2: ${section.title}`),
      `H2: ${content.estimate?.title ?? ''}`,
      `H2: ${content.declaration?.title ?? ''}`,
      'H2: Underskrift',
      'H2: Bilagor att skicka med',
      'H2: För handläggaren',
    ]);
    // Each heading is followed by its table; each row is headed by its question.
    const expected = [...sections.map((section) => section.rows), content.estimate?.rows ?? []];
    assert.deepEqual(
      tables(structure),
      expected.map((rows) =>
        rows.map((row) => [`TH: ${row.label}`, `TD: ${asRead(printedValue(row))}`]),
      ),
    );
    const order = structure
      .map((element) => element.type)
      .filter((type) => /^(H2|Table)$/.test(type));
    assert.deepEqual(
      order.slice(0, 2 * sections.length),
      sections.flatMap(() => ['H2', 'Table']),
    );
    assert.ok(
      structTexts(structure, ['TD']).includes('TD: Hej! Vi har flyttat.'),
      'two typed lines read with a space between them',
    );
    for (const signer of content.signers) assert.ok(texts.includes(`P: Underskrift: ${signer}`));
    // The mark on every page and the page numbers are artifacts: printed, not read out.
    assert.ok(pdfText(pdf).includes('Inte underskriven – skriv under'));
    assert.ok(!texts.some((text) => /Inte underskriven|Sida \d/.test(text)));
  });

  it('folded into a window envelope, the window shows the address of the municipality and nothing else', async () => {
    const { pdf, content } = await familyPaperPdf();
    const MM = 72 / 25.4;
    const page1 = pdfWords(pdf).filter((word) => word.page === 1);
    // The window of a C5, E65 or DL envelope with a left-hand window: 20 mm in, 45 mm down.
    const inWindow = page1.filter(
      (word) => word.top >= 45 * MM - 1 && word.top + word.height <= 70 * MM + 1,
    );
    const { municipality } = content;
    const address = [
      municipality.name,
      municipality.unitName,
      municipality.streetAddress,
      municipality.postalCode,
      municipality.city,
    ].join(' ');
    assert.equal(inWindow.map((word) => word.text).join(' '), address);
    for (const word of inWindow) {
      assert.ok(word.left >= 20 * MM - 1 && word.left + word.width <= 105 * MM, word.text);
    }
    // Nothing else where a window may open (39 mm down) or a sliding sheet may show it.
    const near = page1.filter(
      (word) => !inWindow.includes(word) && word.top + word.height > 35 * MM && word.top < 88 * MM,
    );
    assert.deepEqual(
      near.map((word) => word.text),
      [],
    );
  });

  it('lists the attachments with their boxes read out as ticked or not', async () => {
    const { pdf, content } = await familyPaperPdf();
    const structure = pdfStructure(pdf);
    assert.ok(content.attachments.some((item) => item.enclosed));
    assert.ok(content.attachments.some((item) => !item.enclosed));
    assert.deepEqual(
      structTexts(structure, ['Lbl', 'LBody']),
      content.attachments.flatMap((item) => [
        `Lbl: ${item.enclosed ? '☒' : '☐'}`,
        `LBody: ${item.needed ? `${item.label} (behövs utifrån dina svar)` : item.label}`,
      ]),
    );
    assert.ok(content.attachments.some((item) => item.needed === true));
    assert.ok(content.attachments.some((item) => item.needed !== true));
    assert.deepEqual(
      structStrings(pdf, 'Lbl', 'ActualText'),
      content.attachments.map((item) => (item.enclosed ? 'Kryssad:' : 'Inte kryssad:')),
    );
  });

  it('gives each QR code as a figure with its alternative text, its caption inside it', async () => {
    const { pdf, content } = await familyPaperPdf(longMessage(1500));
    const parts = content.qrCodes.length;
    assert.ok(parts > 1, `${parts} codes`);
    assert.deepEqual(
      structStrings(pdf, 'Figure', 'Alt'),
      content.qrCodes.map(
        (_, index) => `QR-kod, del ${index + 1} av ${parts}, med svaren i ansökan`,
      ),
    );
    const structure = pdfStructure(pdf);
    assert.deepEqual(
      structTexts(structure, ['Figure']),
      content.qrCodes.map((_, index) => `Figure: Del ${index + 1} av ${parts}`),
    );
    const paragraphs = structTexts(structure, ['H2', 'P']);
    const heading = paragraphs.indexOf('H2: För handläggaren');
    assert.deepEqual(paragraphs.slice(heading, heading + 2), [
      'H2: För handläggaren',
      'P: QR-koderna innehåller svaren i ansökan, så att handläggaren kan registrera den utan att skriva av den. Skicka med alla sidor med koder.',
    ]);
  });

  it('a page with codes but without their heading says what it is and that it goes too', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { pdf } = await familyPaperPdf(longMessage(3990));
    const codePages = pdfPageTexts(pdf).filter((text) => /Del \d+ av \d+/.test(text));
    assert.ok(codePages.length > 1, `${codePages.length} pages of codes`);
    const [first, ...more] = codePages.map((text) => text.replace(/\s+/g, ' '));
    assert.match(first ?? '', /För handläggaren QR-koderna innehåller/);
    for (const page of more) {
      assert.match(page, /^\s*För handläggaren, fortsättning\. Skicka med den här sidan också\./);
    }
  });

  it('keeps an answer that runs over a page break whole, and tagged on both pages', async () => {
    // Near the form's 4000 characters: longer than a page, so it starts where it is and runs on.
    const message = longMessage(3990);
    const { pdf } = await familyPaperPdf(message);
    assert.deepEqual(untaggedDrawing(pdf), []);
    // One cell holds content on two pages (a marked-content reference to the other page).
    assert.match(pdf.toString('latin1'), /\/Type \/MCR/);
    const cells = structTexts(pdfStructure(pdf), ['TD']).map((text) => text.replace(/\s+/g, ' '));
    assert.ok(cells.includes(`TD: ${message.replace(/\s+/g, ' ').trim()}`));
  });

  it('the copy of an electronic submission: no signatures or codes, the files sent as a list', async () => {
    const { content, pdf } = await familyCopyPdf();
    assert.deepEqual(untaggedDrawing(pdf), []);
    const structure = pdfStructure(pdf);
    assert.equal(
      structTexts(structure, ['P'])[1],
      'P: Inskickad elektroniskt 24 november 2026 kl. 10.00.',
    );
    assert.deepEqual(structStrings(pdf, 'Figure', 'Alt'), []);
    assert.deepEqual(structTexts(structure, ['H2']).slice(-1), ['H2: Filer som skickades med']);
    assert.deepEqual(
      structTexts(structure, ['Lbl', 'LBody']),
      content.attachments.flatMap((item) => ['Lbl: •', `LBody: ${item.label}`]),
    );
  });

  it('the copy: "Intygande" once, its text and then the tick that confirmed it', async () => {
    const { pdf } = await familyCopyPdf();
    const structure = pdfStructure(pdf);
    assert.deepEqual(
      structTexts(structure, ['H2']).filter((heading) => heading === 'H2: Intygande'),
      ['H2: Intygande'],
    );
    const text = pdfPageTexts(pdf).join(' ').replace(/\s+/g, ' ');
    const declaration = text.indexOf('Jag intygar att uppgifterna i ansökan är sanna');
    const tick = text.indexOf('Din bekräftelse Jag har läst och intygar detta');
    assert.ok(declaration > 0 && tick > declaration, 'the tick below the text it confirms');
    assert.equal(text.split('Jag har läst och intygar detta').length - 1, 1);
  });

  it('the copy: a list of files that runs over a page break keeps each file beside its bullet', async () => {
    const files = Array.from({ length: 24 }, (_, index) => `kontoutdrag-${index + 1}-Øvergård.pdf`);
    const { pdf } = await familyCopyPdf({
      attachments: files.map((label) => ({ label, enclosed: true })),
    });
    const words = pdfWords(pdf);
    // The list's bullets at the margin (answers with several choices have theirs in the answer).
    const bullets = words.filter((word) => word.text === '•' && word.left < 60);
    const labels = words.filter((word) => word.text.startsWith('kontoutdrag-'));
    assert.equal(labels.length, files.length);
    assert.ok(new Set(labels.map((word) => word.page)).size > 1, 'the list runs over a page');
    const bottom = 841.89 - 50 - 50;
    for (const label of labels) {
      const bullet = bullets.find(
        (word) => word.page === label.page && Math.abs(word.top - label.top) < 1,
      );
      assert.ok(bullet, `${label.text}: its bullet on page ${label.page} beside it`);
      assert.ok(label.top + label.height <= bottom, `${label.text}: above the footer`);
    }
    assert.equal(bullets.length, labels.length, 'no bullet left alone at the foot of a page');
  });
});

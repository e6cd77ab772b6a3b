import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDecisionLetterPdf } from '../../services/decision-letter-pdf';
import { sampleLetter as letter, XSS } from '../helpers/decision-letter';
import { pdfPageCount, pdfPageSize, pdfText, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { pdfCatalog, pdfStructure, structTexts, untaggedDrawing } from '../helpers/pdf-tags';

const MM = 72 / 25.4;

describe('the decision letter', { skip: popplerSkipReason() }, () => {
  it('is A4 with the address where a left-hand window envelope shows it', async () => {
    const pdf = await renderDecisionLetterPdf(letter());
    const [width, height] = pdfPageSize(pdf);
    assert.ok(
      Math.abs(width - 595.28) < 1 && Math.abs(height - 841.89) < 1,
      `${width} x ${height}`,
    );
    const words = pdfWords(pdf).filter((word) => word.page === 1);
    for (const text of ['Nguyễn', 'Storgatan', 'Exempelby']) {
      const word = words.find((one) => one.text === text && one.top > 40 * MM);
      assert.ok(word, text);
      // The window: from 20 mm in and 45 mm down, 85 mm wide and about 25 mm high.
      assert.ok(word.left >= 20 * MM - 1 && word.left + word.width <= 105 * MM, `${text} across`);
      assert.ok(word.top >= 45 * MM - 1 && word.top + word.height <= 70 * MM, `${text} down`);
    }
    // Nothing else lies in the window.
    const inWindow = words.filter(
      (word) => word.top >= 45 * MM - 1 && word.top < 70 * MM && word.left < 105 * MM,
    );
    assert.deepEqual(
      inWindow.map((word) => word.text),
      ['Nguyễn', 'Thị', 'Minh', 'Storgatan', '5', 'B', '123', '45', 'Exempelby'],
    );
  });

  it('SEC-20 prints what a caseworker or applicant typed as literal text; a refusal says why and how to appeal', async () => {
    const text = pdfText(await renderDecisionLetterPdf(letter()));
    assert.ok(text.includes(`Annat: ${XSS}`), text);
    assert.ok(text.includes(`Du sökte 500 kr. Vi har beviljat 0 kr av det. ${XSS}`), text);
    assert.ok(
      text.includes('Du får inte ekonomiskt bistånd för december 2026. Längre ner står varför.'),
    );
    assert.ok(
      text.includes(
        'Riksnormen för hushållet Du sökte 5 220 kr. Vi har beviljat 0 kr av det. Du har inte sökt arbete som vi kom överens om.',
      ),
    );
    assert.ok(text.includes('inom tre veckor från den dag du fick beslutet'));
    assert.ok(text.includes('Beslut, kvittonummer EB-ABCD-EFGH – sida 1 av 2'));
    // Applied alone: nothing about applying together.
    assert.doesNotMatch(text, /Ni sökte tillsammans/);
  });

  it('incomes that cover everything granted: an avslag that says so, never "Du får ekonomiskt bistånd … Du får 0 kr"', async () => {
    const granted = { reason: null, grantedOre: 0 };
    const text = pdfText(
      await renderDecisionLetterPdf(
        letter({
          outcome: 'avslag',
          parts: [
            {
              label: 'Riksnormen för hushållet',
              kind: 'norm' as const,
              appliedOre: 300_000,
              ...granted,
            },
            { label: 'Hyra', kind: 'cost' as const, appliedOre: 300_000, ...granted },
          ].map((part) => ({ ...part, grantedOre: part.appliedOre })),
          totalAppliedOre: 600_000,
          totalGrantedOre: 600_000,
          incomeOre: 620_000,
          incomes: [{ label: 'Lön', amountOre: 620_000 }],
          payableOre: 0,
        }),
      ),
    );
    assert.ok(
      text.includes('Du får inte ekonomiskt bistånd för december 2026. Längre ner står varför.'),
    );
    assert.ok(
      text.includes(
        'Därför får du inte pengar Dina inkomster för månaden är 6 200 kr. Det du behöver är 6 000 kr. Inkomsterna räcker alltså till det du behöver, och då får du inget ekonomiskt bistånd för månaden.',
      ),
      text,
    );
    assert.doesNotMatch(text, /Du får ekonomiskt bistånd/);
    assert.doesNotMatch(text, /Det här får du inte, och varför/);
  });

  it('many parts flow onto more pages with the footer on each', async () => {
    const parts = Array.from({ length: 20 }, (_, index) => ({
      label: `Kostnad nummer ${index + 1} med en lång beskrivning som bryts på två rader i tabellen`,
      kind: 'cost' as const,
      appliedOre: 100_000,
      grantedOre: 50_000,
      reason: 'Vi beviljar hälften, eftersom resten redan är betalt av någon annan.',
    }));
    const pdf = await renderDecisionLetterPdf(
      letter({
        outcome: 'delvis-beviljad',
        parts,
        totalAppliedOre: 2_000_000,
        totalGrantedOre: 1_000_000,
        payableOre: 1_000_000,
      }),
    );
    const pages = pdfPageCount(pdf);
    assert.ok(pages >= 3, `${pages} pages`);
    const text = pdfText(pdf);
    assert.equal(text.match(/Postadress: Box 101, 123 45 Exempelby/g)?.length, pages);
    assert.ok(text.includes(`sida ${pages} av ${pages}`));
  });

  it('is a tagged PDF in Swedish whose window shows its title', async () => {
    const pdf = await renderDecisionLetterPdf(letter());
    const { catalog, entry } = pdfCatalog(pdf);
    assert.match(pdf.subarray(0, 8).toString(), /^%PDF-1\.7/);
    assert.match(catalog, /\/StructTreeRoot \d+ 0 R/);
    assert.match(catalog, /\/Lang \(sv-SE\)/);
    assert.match(entry('MarkInfo'), /\/Marked true/);
    assert.match(entry('ViewerPreferences'), /\/DisplayDocTitle true/);
    // The PDF/UA identification that accessibility checkers look for first.
    assert.match(pdf.toString('latin1'), /<pdfuaid:part>1<\/pdfuaid:part>/);
    // Everything drawn is either in the structure or an artifact (rules, footers, page numbers).
    assert.deepEqual(untaggedDrawing(pdf), []);

    const english = await renderDecisionLetterPdf(letter({ language: 'en' }));
    assert.match(pdfCatalog(english).catalog, /\/Lang \(en-GB\)/);
  });

  it('reads, in order, as a letter: sender, recipient, the title, then headed sections', async () => {
    const structure = pdfStructure(
      await renderDecisionLetterPdf(
        letter({
          outcome: 'delvis-beviljad',
          parts: [
            {
              label: 'Hyra',
              kind: 'cost',
              appliedOre: 800_000,
              grantedOre: 650_000,
              reason: 'För hög.\nSe riktlinjerna.',
            },
            { label: 'El', kind: 'cost', appliedOre: 50_000, grantedOre: 50_000, reason: null },
          ],
          totalAppliedOre: 850_000,
          totalGrantedOre: 700_000,
          incomeOre: 300_000,
          incomes: [{ label: 'Lön', amountOre: 300_000 }],
          payableOre: 400_000,
        }),
      ),
    );
    const texts = structTexts(structure, ['H1', 'H2', 'H3', 'P', 'Lbl', 'LBody']);
    assert.deepEqual(texts.slice(0, 12), [
      'P: Exempelby kommun',
      'P: Socialtjänsten, enheten för ekonomiskt bistånd',
      'P: Beslut',
      'P: Datum: 24 november 2026',
      'P: Kvittonummer: EB-ABCD-EFGH',
      // Beside the reference, never in the envelope's window.
      'P: Personnummer: 19850101-1236',
      // The address lines, kept apart by spaces.
      'P: Nguyễn Thị Minh Storgatan 5 B 123 45 Exempelby',
      'H1: Beslut om ekonomiskt bistånd för december 2026',
      'P: Du får ekonomiskt bistånd för december 2026, men inte allt du sökte. Du får 4 000 kr. Längre ner står vad du inte får och varför.',
      'P: Vi har prövat din ansökan enligt socialtjänstlagen (2025:400).',
      'P: Beslutet är fattat av Karin Handläggare, Socialtjänsten, enheten för ekonomiskt bistånd.',
      'H2: Så har vi räknat',
    ]);
    assert.deepEqual(structTexts(structure, ['H1', 'H2', 'H3']), [
      'H1: Beslut om ekonomiskt bistånd för december 2026',
      'H2: Så har vi räknat',
      'H2: Det här får du inte, och varför',
      'H3: Hyra',
      'H2: När du får pengarna',
      'H2: Om riksnormen',
      'H2: Om du inte är nöjd med beslutet',
      'H2: Har du frågor?',
    ]);
    const appeal = texts.slice(texts.indexOf('H2: Om du inte är nöjd med beslutet'));
    assert.deepEqual(appeal.slice(0, 14), [
      'H2: Om du inte är nöjd med beslutet',
      'P: Du kan överklaga beslutet. Då prövar förvaltningsrätten beslutet.',
      'P: Överklaga skriftligt. Vi måste ha fått ditt överklagande inom tre veckor från den dag du fick beslutet. Om det kommer in senare kan det inte prövas.',
      'P: Skicka överklagandet till oss, inte direkt till förvaltningsrätten:',
      'P: Exempelby kommun Socialtjänsten, enheten för ekonomiskt bistånd Box 101 123 45 Exempelby',
      'P: Skriv i överklagandet:',
      'Lbl: •',
      'LBody: vilket beslut du överklagar: beslutet från 24 november 2026, kvittonummer EB-ABCD-EFGH',
      'Lbl: •',
      'LBody: vad i beslutet du tycker är fel, och varför',
      'Lbl: •',
      'LBody: hur du vill att beslutet ska ändras',
      'Lbl: •',
      'LBody: ditt namn, personnummer, adress och telefonnummer. Skriv under överklagandet. Skicka gärna med papper som stöder det du skriver.',
    ]);
    // A reason typed on two lines is read with a space between them.
    assert.ok(texts.includes('P: För hög. Se riktlinjerna.'), texts.join('\n'));
    // The footer and the page numbers are artifacts: on the page, not in the text read out.
    assert.ok(!texts.some((text) => /Postadress|sida 1 av/.test(text)));
    assert.deepEqual(
      structure.filter((element) => element.type === 'L').map((list) => list.depth),
      [1],
    );
    assert.equal(structure.filter((element) => element.type === 'LI').length, 4);
  });

  it('gives the sums as a table with column and row headings', async () => {
    const structure = pdfStructure(
      await renderDecisionLetterPdf(
        letter({
          incomeOre: 100_000,
          incomes: [
            { label: 'Lön, Städbolaget AB (medsökande)', amountOre: 80_000 },
            { label: 'Barnbidrag och flerbarnstillägg', amountOre: 20_000 },
          ],
        }),
      ),
    );
    const table = structure.slice(structure.findIndex((element) => element.type === 'Table'));
    const end = table.findIndex((element, index) => index > 0 && element.depth <= 1);
    const rows: string[][] = [];
    for (const element of table.slice(1, end)) {
      if (element.type === 'TR') rows.push([]);
      else
        rows.at(-1)?.push(`${element.type}${element.attributes.join('')}: ${element.text ?? ''}`);
    }
    assert.deepEqual(rows, [
      [
        'TH/Scope /Column: Det här sökte du för',
        'TH/Scope /Column: Sökt',
        'TH/Scope /Column: Beviljat',
      ],
      ['TH/Scope /Row: Riksnormen för hushållet', 'TD: 5 220 kr', 'TD: 0 kr'],
      [`TH/Scope /Row: Annat: ${XSS}`, 'TD: 500 kr', 'TD: 0 kr'],
      ['TH/Scope /Row: Summa', 'TD: 5 720 kr', 'TD: 0 kr'],
      // An empty cell is there, empty, so the amount stays in its column.
      ['TH/Scope /Row: Vi drar av dina inkomster för månaden:', 'TD: ', 'TD: '],
      // Each income on a row of its own: what it is, whose, and how much.
      ['TH/Scope /Row: Lön, Städbolaget AB (medsökande)', 'TD: ', 'TD: − 800 kr'],
      ['TH/Scope /Row: Barnbidrag och flerbarnstillägg', 'TD: ', 'TD: − 200 kr'],
      ['TH/Scope /Row: Du får', 'TD: ', 'TD: 0 kr'],
    ]);
  });

  it('over several pages: the column headings repeated on a new page are not read again, no text is lost', async () => {
    const parts = Array.from({ length: 30 }, (_, index) => ({
      label: `Kostnad nummer ${index + 1}`,
      kind: 'cost' as const,
      appliedOre: 100_000,
      grantedOre: 50_000,
      reason: 'Vi beviljar hälften, eftersom resten redan är betalt av någon annan.',
    }));
    const pdf = await renderDecisionLetterPdf(letter({ parts }));
    assert.ok(pdfPageCount(pdf) >= 3);
    // The table starts on page 1 and goes on to page 2, where its headings are drawn again.
    assert.equal(pdfText(pdf).match(/Det här sökte du för/g)?.length, 2);
    assert.deepEqual(untaggedDrawing(pdf), []);
    const structure = pdfStructure(pdf);
    assert.equal(structTexts(structure, ['TH']).filter((text) => text.includes('Sökt')).length, 1);
    assert.equal(structure.filter((element) => element.type === 'TR').length, 1 + 30 + 3);
    assert.equal(structTexts(structure, ['H3']).length, 30);
    const reason = 'P: Vi beviljar hälften, eftersom resten redan är betalt av någon annan.';
    assert.equal(structTexts(structure, ['P']).filter((text) => text === reason).length, 30);
    assert.equal(structTexts(structure, ['H2']).at(-1), 'H2: Har du frågor?');
  });

  it('a refused part is never parted over a page break: its heading, sums, reason and law on one page', async () => {
    // Reasons of three lines: part after part, some of them reach the foot of a page.
    const parts = Array.from({ length: 16 }, (_, index) => ({
      label: `Kostnad-${index + 1}`,
      kind: 'cost' as const,
      appliedOre: 100_000,
      grantedOre: 0,
      reason: `Början-${index + 1} ${'Kostnaden är inte nödvändig för en skälig levnadsnivå. '.repeat(4)}Slut-${index + 1}`,
    }));
    const pdf = await renderDecisionLetterPdf(letter({ parts }));
    const words = pdfWords(pdf);
    const pages = new Set<number>();
    for (let number = 1; number <= parts.length; number++) {
      // The label's last use is the part's own heading (the first is the sums table's row).
      const heading = words.filter((word) => word.text === `Kostnad-${number}`).at(-1);
      const start = words.find((word) => word.text === `Början-${number}`);
      const end = words.find((word) => word.text.startsWith(`Slut-${number}`));
      const law = words.find(
        (word) => word.text === 'bygger' && end && word.page === end.page && word.top > end.top,
      );
      assert.ok(heading && start && end && law, `part ${number}: heading, reason and law`);
      assert.deepEqual(
        [start.page, end.page, law.page],
        [heading.page, heading.page, heading.page],
        `part ${number}`,
      );
      pages.add(heading.page);
    }
    assert.ok(pages.size > 1, 'the parts fill more than a page');
    // The section's heading starts a page's text only with its first part below it.
    const section = words.find((word) => word.text === 'varför');
    assert.equal(section?.page, words.filter((word) => word.text === 'Kostnad-1').at(-1)?.page);
  });
});

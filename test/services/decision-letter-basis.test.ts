import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDecisionLetterPdf } from '../../services/decision-letter-pdf';
import { sampleLetter } from '../helpers/decision-letter';
import { pdfText, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { pdfStructure, structTableRows, structTexts, untaggedDrawing } from '../helpers/pdf-tags';

const NORM =
  'Riksnormen är ett belopp som regeringen har bestämt för 2026. Den ska räcka till mat, kläder och skor, hygien och fritid. Den ska också räcka till förbrukningsvaror, dagstidning och telefon. Den är lika i hela landet.';

/** Partly granted: the rent cut, the electricity in full; two incomes; 4 000 kr to pay. */
const partly = sampleLetter({
  outcome: 'delvis-beviljad',
  parts: [
    { label: 'Hyra', kind: 'cost', appliedOre: 800_000, grantedOre: 650_000, reason: 'För hög.' },
    { label: 'El', kind: 'cost', appliedOre: 50_000, grantedOre: 50_000, reason: null },
  ],
  totalAppliedOre: 850_000,
  totalGrantedOre: 700_000,
  incomeOre: 300_050,
  incomes: [
    { label: 'Lön, Städbolaget AB (medsökande)', amountOre: 250_050 },
    { label: 'Barnbidrag och flerbarnstillägg', amountOre: 50_000 },
  ],
  payableOre: 399_950,
  normNotes: [NORM],
  legalBasis: 'socialtjänstlagen (2025:400)',
  paymentInfo: 'Vi betalar ut pengarna till ditt bankkonto inom tre bankdagar.',
});

describe('the decision letter: reasons, incomes, payment', { skip: popplerSkipReason() }, () => {
  it('names the law it rests on at the top and again under each refused part', async () => {
    const texts = structTexts(pdfStructure(await renderDecisionLetterPdf(partly)), [
      'H2',
      'H3',
      'P',
    ]);
    const title = texts.indexOf(
      'P: Du får ekonomiskt bistånd för december 2026, men inte allt du sökte. Du får 3 999,50 kr. Längre ner står vad du inte får och varför.',
    );
    assert.equal(
      texts[title + 1],
      'P: Vi har prövat din ansökan enligt socialtjänstlagen (2025:400).',
    );
    const refused = texts.slice(texts.indexOf('H3: Hyra'), texts.indexOf('H3: Hyra') + 4);
    assert.deepEqual(refused, [
      'H3: Hyra',
      'P: Du sökte 8 000 kr. Vi har beviljat 6 500 kr av det.',
      'P: För hög.',
      'P: Beslutet om det här bygger på socialtjänstlagen (2025:400).',
    ]);
    // Only the refused part has it; the part granted in full has no heading of its own.
    assert.ok(!texts.includes('H3: El'));
  });

  it("uses the municipality's own words for the law and the payment", async () => {
    const text = pdfText(
      await renderDecisionLetterPdf({
        ...partly,
        legalBasis: 'Exempelby kommuns text om lagrummet',
        paymentInfo: 'Exempelby betalar ut pengarna den 25:e varje månad.',
      }),
    );
    assert.ok(
      text.includes('Vi har prövat din ansökan enligt Exempelby kommuns text om lagrummet.'),
    );
    assert.ok(text.includes('Beslutet om det här bygger på Exempelby kommuns text om lagrummet.'));
    assert.ok(
      text.includes('När du får pengarna Exempelby betalar ut pengarna den 25:e varje månad.'),
    );
    assert.ok(!text.includes('tre bankdagar'));
  });

  it('lists the incomes one by one: what, whose and how much', async () => {
    const pdf = await renderDecisionLetterPdf(partly);
    const rows = structTableRows(pdfStructure(pdf)).map((row) => row.join(' | '));
    assert.deepEqual(rows.slice(-5), [
      'TH/Scope /Row: Summa | TD: 8 500 kr | TD: 7 000 kr',
      'TH/Scope /Row: Vi drar av dina inkomster för månaden: | TD:  | TD: ',
      'TH/Scope /Row: Lön, Städbolaget AB (medsökande) | TD:  | TD: − 2 500,50 kr',
      'TH/Scope /Row: Barnbidrag och flerbarnstillägg | TD:  | TD: − 500 kr',
      'TH/Scope /Row: Du får | TD:  | TD: 3 999,50 kr',
    ]);
    assert.ok(!pdfText(pdf).includes('Vi drar av dina inkomster för månaden: −'));
    // Without any income the letter says so instead of deducting nothing.
    const none = structTableRows(pdfStructure(await renderDecisionLetterPdf(sampleLetter())));
    assert.deepEqual(none.at(-2), [
      'TH/Scope /Row: Du har inga inkomster för månaden',
      'TD: ',
      'TD: 0 kr',
    ]);
  });

  it('says when and how the money is paid, and nothing of it on a refusal', async () => {
    const structure = pdfStructure(await renderDecisionLetterPdf(partly));
    const texts = structTexts(structure, ['H2', 'P']);
    const at = texts.indexOf('H2: När du får pengarna');
    assert.equal(
      texts[at + 1],
      'P: Vi betalar ut pengarna till ditt bankkonto inom tre bankdagar.',
    );
    const refusal = pdfText(await renderDecisionLetterPdf(sampleLetter()));
    assert.ok(!refusal.includes('När du får pengarna'));
    assert.ok(!refusal.includes('bankdagar'));
  });

  it('explains the riksnorm once, in one size, and stays a tagged PDF', async () => {
    const pdf = await renderDecisionLetterPdf(partly);
    const text = pdfText(pdf);
    assert.equal(text.match(/Riksnormen är/g)?.length, 1, text);
    assert.equal(text.match(/regeringen/g)?.length, 1, text);
    assert.ok(!text.includes('bestämmer för varje år'));
    const texts = structTexts(pdfStructure(pdf), ['H2', 'P']);
    const at = texts.indexOf('H2: Om riksnormen');
    assert.equal(texts[at + 1], `P: ${NORM}`);
    // The explanation is set in the letter's body size, like the paragraphs around it.
    const words = pdfWords(pdf);
    const heightOf = (word: string) => words.find((one) => one.text === word)?.height;
    assert.equal(heightOf('Riksnormen'), heightOf('prövat'));
    assert.deepEqual(untaggedDrawing(pdf), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  renderDecisionLetterPdf,
  type DecisionLetterPdfContent,
} from '../../services/decision-letter-pdf';
import { pdfPageCount, pdfPageSize, pdfText, pdfWords, popplerSkipReason } from '../helpers/pdf';

const MM = 72 / 25.4;
const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)> javascript:alert(1)';

const letter = (changes: Partial<DecisionLetterPdfContent> = {}): DecisionLetterPdfContent => ({
  language: 'sv',
  municipality: {
    code: '9901',
    name: 'Exempelby kommun',
    unitName: 'Socialtjänsten, enheten för ekonomiskt bistånd',
    streetAddress: 'Box 101',
    postalCode: '123 45',
    city: 'Exempelby',
    phone: '0123-456 00',
    email: 'ekonomisktbistand@exempelby.example',
    website: null,
  },
  date: new Date('2026-11-24T09:00:00Z'),
  recipient: { name: 'Nguyễn Thị Minh', address: ['Storgatan 5 B', '123 45 Exempelby'] },
  receiptNumber: 'EB-ABCD-EFGH',
  period: '2026-12',
  outcome: 'avslag',
  parts: [
    {
      label: 'Riksnormen för hushållet',
      kind: 'norm',
      appliedOre: 522_000,
      grantedOre: 0,
      reason: 'Du har inte sökt arbete som vi kom överens om.',
    },
    { label: `Annat: ${XSS}`, kind: 'cost', appliedOre: 50_000, grantedOre: 0, reason: XSS },
  ],
  totalAppliedOre: 572_000,
  totalGrantedOre: 0,
  incomeOre: 0,
  payableOre: 0,
  normNotes: ['Beräknat med riksnormen för 2026.'],
  caseworkerName: 'Karin Handläggare',
  ...changes,
});

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
    assert.ok(text.includes(`Du sökte 500 kr. Du får 0 kr. ${XSS}`), text);
    assert.ok(
      text.includes('Du får inte ekonomiskt bistånd för december 2026. Längre ner står varför.'),
    );
    assert.ok(
      text.includes(
        'Riksnormen för hushållet Du sökte 5 220 kr. Du får 0 kr. Du har inte sökt arbete som vi kom överens om.',
      ),
    );
    assert.ok(text.includes('inom tre veckor från den dag du fick del av beslutet'));
    assert.ok(text.includes('Beslut, ärende EB-ABCD-EFGH – sida 1 av 2'));
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
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApplicationPdfContent } from '../../services/application-pdf';
import { demoMunicipalities } from '../../services/demo-data';
import { decodeAnswers } from '../../services/paper-parts';
import { encodeAnswers } from '../../services/paper-qr';
import { PdfQueueFullError, PdfRenderer } from '../../services/pdf-renderer';
import { ManualClock } from '../helpers/manual-clock';
import { pdfPageCount, pdfQrCodes, pdfText, popplerSkipReason } from '../helpers/pdf';
import { pdfCatalog, untaggedDrawing } from '../helpers/pdf-tags';

const answers = {
  formId: 'ekonomiskt-bistand',
  formVersion: 1,
  values: { 'om-dig': { firstName: 'Łukasz', lastName: 'Øvergård' } },
};

const municipality = demoMunicipalities[0];
if (!municipality) throw new Error('no demo municipality');

/** What the paper application shows, built by hand as plain data (no functions, no Buffers). */
function content(language: 'sv' | 'en' = 'sv'): ApplicationPdfContent {
  return {
    title: 'Ansökan om ekonomiskt bistånd – period 2026-12',
    language,
    municipality: municipality as NonNullable<typeof municipality>,
    sections: [
      {
        stepId: 'om-dig',
        title: 'Om dig',
        rows: [
          { label: 'Förnamn', value: 'Łukasz' },
          { label: 'Efternamn', value: 'Øvergård' },
          { label: 'Medsökande', value: 'Nguyễn Thị Minh' },
          {
            label: 'Meddelande',
            value: 'Första raden.\nAndra raden, som är lite längre än den första.',
          },
        ],
      },
    ],
    estimate: {
      title: 'Preliminär beräkning – inte ett beslut',
      rows: [
        { label: 'Kostnader du söker för', value: '7 850 kr' },
        { label: 'Beräknat behov', value: '12 250 kr', total: true },
      ],
      notes: ['Beräknat med riksnormen för 2026.'],
    },
    declaration: { title: 'Intygande', text: 'Jag intygar att uppgifterna är sanna.' },
    signers: ['Łukasz Øvergård'],
    attachments: [{ label: 'Kontoutdrag', enclosed: true }],
    qrCodes: encodeAnswers(answers),
  };
}

describe('PDF renderer', () => {
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  let renderer: PdfRenderer;
  before(() => {
    renderer = new PdfRenderer({ workers: 1, queueMax: 4, cacheEntries: 4 }, clock);
  });
  after(() => renderer.close());

  it('makes the paper application in a worker, with its answers, texts and readable QR codes', async (t) => {
    const pdf = await renderer.render(content());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    // Tagged in the worker as on this thread: a structure for screen readers, nothing outside it.
    assert.match(pdfCatalog(pdf).catalog, /\/StructTreeRoot \d+ 0 R/);
    assert.deepEqual(untaggedDrawing(pdf), []);
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const text = pdfText(pdf);
    for (const expected of [
      'Exempelby kommun',
      'Ansökan om ekonomiskt bistånd – period 2026-12',
      'Łukasz',
      'Nguyễn Thị Minh',
      'Första raden. Andra raden, som är lite längre än den första.',
      'Preliminär beräkning – inte ett beslut',
      'Underskrift: Łukasz Øvergård',
      '☒ Kontoutdrag',
      `Sida 1 av ${pdfPageCount(pdf)}`,
    ]) {
      assert.ok(text.includes(expected), `PDF has ${expected}`);
    }
    assert.deepEqual(decodeAnswers(pdfQrCodes(pdf)), answers);
  });

  it('writes its own fixed texts in the language it is given', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const text = pdfText(await renderer.render(content('en')));
    assert.ok(text.includes('Not signed – sign and send to the municipality'), text);
    assert.ok(text.includes('Page 1 of'), text);
  });

  it('serves an unchanged PDF again from its recent ones, for a few minutes', async () => {
    const first = await renderer.render(content(), 'application-1:3');
    assert.equal(await renderer.render(content(), 'application-1:3'), first);
    const changed = await renderer.render(content(), 'application-1:4');
    assert.notEqual(changed, first);
    clock.advanceMinutes(6);
    assert.notEqual(await renderer.render(content(), 'application-1:4'), changed);
  });

  it('renders a double click once', async () => {
    const [one, two] = await Promise.all([
      renderer.render(content(), 'application-2:1'),
      renderer.render(content(), 'application-2:1'),
    ]);
    assert.equal(one, two);
  });
});

describe('PDF renderer under load', () => {
  let renderer: PdfRenderer;
  before(() => {
    renderer = new PdfRenderer(
      { workers: 1, queueMax: 1, cacheEntries: 4 },
      new ManualClock('2026-11-24T09:30:00+01:00'),
    );
  });
  after(() => renderer.close());

  it('refuses at once, with a typed error, when every worker is busy and the queue is full', async () => {
    const running = renderer.render(content());
    const waiting = renderer.render(content(), 'application-3:1');
    await assert.rejects(renderer.render(content(), 'application-4:1'), (error: unknown) => {
      assert.ok(error instanceof PdfQueueFullError);
      assert.equal(error.status, 503);
      assert.equal(error.retryAfterSeconds, 60);
      return true;
    });
    for (const pdf of await Promise.all([running, waiting])) {
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    }
    // The refusal was not kept as that application's PDF: once there is room, it is made.
    const later = await renderer.render(content(), 'application-4:1');
    assert.equal(later.subarray(0, 5).toString(), '%PDF-');
  });
});

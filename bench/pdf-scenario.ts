import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import { newDraft } from '../forms/journey';
import { printoutOf } from '../forms/printout';
import { readStepInput } from '../forms/read-input';
import { validateStep } from '../forms/validate-step';
import { translator } from '../locales';
import { renderApplicationPdf } from '../services/application-pdf';
import { paperApplication } from '../services/application-print';
import { PdfRenderer } from '../services/pdf-renderer';
import { systemClock } from '../services/clock';
import { demoMunicipalities } from '../services/demo-data';
import { familyAnswers } from '../test/helpers/application';
import { median, type Goal } from './stats';

const ROUNDS = 60;
const WARMUP_ROUNDS = 5;

function sink(): { stream: Writable; done: Promise<number> } {
  let bytes = 0;
  let finish: (size: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  stream.on('finish', () => finish(bytes));
  return { stream, done };
}

/** The family's completed draft, validated step by step as the routes would. */
function familyDraft() {
  const draft = newDraft(ekonomisktBistand);
  const t = translator('sv');
  for (const [stepId, answers] of familyAnswers) {
    const step = ekonomisktBistand.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(stepId);
    const { input } = readStepInput(step, answers);
    const { values, errors } = validateStep(
      ekonomisktBistand,
      step,
      input,
      { today: '2026-11-24', values: draft.values },
      t,
    );
    if (errors.length > 0)
      throw new Error(`${stepId}: ${errors.map((error) => error.text).join(', ')}`);
    draft.values[stepId] = values;
  }
  return draft;
}

/** pdfkit writing one page of plain text: what any PDF costs at the least. */
function plainPage(): Promise<number> {
  const { stream, done } = sink();
  const doc = new PDFDocument({ size: 'A4' });
  doc.pipe(stream);
  doc.fontSize(11).text('Ansökan om ekonomiskt bistånd. '.repeat(60));
  doc.end();
  return done;
}

async function timed(work: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const bytes = await work();
  return { ms: performance.now() - start, bytes };
}

/**
 * Scenario 1: the whole paper application of a realistic family (answers, estimate, two
 * signatures, QR codes), against pdfkit's one plain page. Both are made on this thread, where
 * they compete alike for the machine; the worker pool's round trip (the same drawing in a
 * worker thread that yields to other threads) is shown beside them. The three take turns in
 * each round.
 */
export async function pdfScenario(): Promise<Goal> {
  const municipality = demoMunicipalities[0];
  if (!municipality) throw new Error('no demo municipality');
  const printout = printoutOf(ekonomisktBistand, familyDraft(), translator('sv'));
  if (!printout) throw new Error('the bench draft is incomplete');
  const content = () => paperApplication(printout, ekonomisktBistand, municipality);
  // No cache key: every round makes the PDF anew.
  const renderer = new PdfRenderer({ workers: 1, queueMax: 0, cacheEntries: 0 }, systemClock);
  const here = async () => (await renderApplicationPdf(content())).length;
  const pooled = async () => (await renderer.render(content())).length;

  const baseline: number[] = [];
  const subject: number[] = [];
  const inPool: number[] = [];
  let bytes = 0;
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const one = await timed(plainPage);
      const other = await timed(here);
      const third = await timed(pooled);
      if (round < WARMUP_ROUNDS) continue;
      baseline.push(one.ms);
      subject.push(other.ms);
      inPool.push(third.ms);
      bytes = other.bytes;
    }
  } finally {
    await renderer.close();
  }
  const ratio = median(subject) / median(baseline);
  console.log(
    `1. PDF, ${ROUNDS} rounds: plain page median ${median(baseline).toFixed(1)} ms, ` +
      `full application median ${median(subject).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} kB); ` +
      `through the worker pool ${median(inPool).toFixed(1)} ms ` +
      `(${(median(inPool) / median(baseline)).toFixed(1)}×)`,
  );
  return {
    name: '1. full application PDF vs one plain pdfkit page',
    figure: ratio,
    shown: `${ratio.toFixed(1)}×`,
    goal: '≤ 10×',
    met: ratio <= 10,
  };
}

/**
 * npm run bench: the printable PDF of a full application (answers, estimate, two signatures,
 * QR codes), against pdfkit writing one page of plain text as the baseline measured in the same
 * run. Prints medians, rates and the ratio; asserts nothing.
 */
import { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import { newDraft } from '../forms/journey';
import { printoutOf } from '../forms/printout';
import { readStepInput } from '../forms/read-input';
import { validateStep } from '../forms/validate-step';
import { translator } from '../locales';
import { writeApplicationPdf } from '../services/application-pdf';
import { paperApplication } from '../services/application-print';
import { demoMunicipalities } from '../services/demo-data';
import { familyAnswers } from '../test/helpers/application';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;

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

async function measure(name: string, work: () => Promise<number>) {
  for (let run = 0; run < WARMUP; run++) await work();
  const times: number[] = [];
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    size = await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  return { name, median, perSecond: 1000 / median, size };
}

function completeDraft() {
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

const draft = completeDraft();
const municipality = demoMunicipalities[0];
if (!municipality) throw new Error('no demo municipality');
const printout = printoutOf(ekonomisktBistand, draft, translator('sv'));
if (!printout) throw new Error('the bench draft is incomplete');

const baseline = await measure('baseline: pdfkit, one page of plain text', () => {
  const { stream, done } = sink();
  const doc = new PDFDocument({ size: 'A4' });
  doc.pipe(stream);
  doc.fontSize(11).text('Ansökan om ekonomiskt bistånd. '.repeat(60));
  doc.end();
  return done;
});

const application = await measure(
  'full application PDF (answers, estimate, QR codes)',
  async () => {
    const { stream, done } = sink();
    writeApplicationPdf(stream, await paperApplication(printout, ekonomisktBistand, municipality));
    return done;
  },
);

console.log(
  `PDF benchmark, ${RUNS} runs each after ${WARMUP} warm-up runs, node ${process.version}`,
);
for (const result of [baseline, application]) {
  console.log(
    `${result.name.padEnd(52)} median ${result.median.toFixed(1).padStart(6)} ms  ${result.perSecond.toFixed(1).padStart(7)}/s  ${(result.size / 1024).toFixed(0)} kB  ratio ${(result.median / baseline.median).toFixed(2)}x`,
  );
}
console.log(
  `goal: full application under 100 ms median -> ${application.median < 100 ? 'met' : 'NOT met'}`,
);

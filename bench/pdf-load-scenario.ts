import type autocannon from 'autocannon';
import { fillUntilPdf, startApplication } from './journey';
import { load } from './load';
import { longestAnswers } from './long-answers';
import { probeLatencies } from './probe';
import { median, percentile, type Goal } from './stats';

const ROUNDS = 3;
const PROBE_MS = 3000;
const DOWNLOADERS = 8;
/** The downloaders start this long before the probe, so it sees them at full pace. */
const RAMP_MS = 1000;

/** pdfkit writes each page object uncompressed: counting them needs no PDF reader. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

/**
 * Scenario 2: a static page's p95 while 8 people download the longest paper application in a
 * loop, against its p95 with nobody downloading; idle and loaded alternate in each round.
 */
export async function pdfLoadScenario(urls: { portal: string }): Promise<Goal> {
  const answers = longestAnswers();
  const downloaders = await Promise.all(
    Array.from({ length: DOWNLOADERS }, async () => {
      const { session, firstStep } = await startApplication(urls.portal);
      return { session, pdfUrl: await fillUntilPdf(session, firstStep, answers) };
    }),
  );
  const first = downloaders[0];
  if (!first) throw new Error('no downloader');
  const sample = await fetch(first.pdfUrl, { headers: { cookie: first.session.cookieHeader() } });
  const pdf = Buffer.from(await sample.arrayBuffer());
  if (sample.status !== 200 || !pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    throw new Error(`The PDF download answered ${sample.status}`);
  }

  let nextDownloader = 0;
  const setupClient = (client: autocannon.Client) => {
    const downloader = downloaders[nextDownloader++ % downloaders.length];
    client.setHeaders({ cookie: downloader?.session.cookieHeader() ?? '' });
  };
  const pageUrl = new URL('/tillganglighet', urls.portal).href;
  await probeLatencies(pageUrl, 500);

  const idle: number[] = [];
  const loaded: number[] = [];
  const downloads: number[] = [];
  let refused = 0;
  for (let round = 0; round < ROUNDS; round++) {
    idle.push(percentile(await probeLatencies(pageUrl, PROBE_MS), 0.95));
    const seconds = (RAMP_MS + PROBE_MS) / 1000 + 0.5;
    const downloading = load(first.pdfUrl, seconds, DOWNLOADERS, { setupClient, timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
    loaded.push(percentile(await probeLatencies(pageUrl, PROBE_MS), 0.95));
    const result = await downloading;
    downloads.push(result.perSecond);
    refused += result.non2xx + result.errors;
  }
  const ratio = median(loaded) / median(idle);
  console.log(
    `2. static page under PDF load, ${ROUNDS} rounds: ${pageCount(pdf)}-page PDF of ` +
      `${(pdf.length / 1024).toFixed(0)} kB, ${DOWNLOADERS} downloaders got ` +
      `${median(downloads).toFixed(1)} PDFs/s (${refused} refused or failed); ` +
      `${new URL(pageUrl).pathname} p95 idle ${median(idle).toFixed(2)} ms, loaded ${median(loaded).toFixed(2)} ms`,
  );
  return {
    name: '2. static page p95 while 8 download 16-page PDFs vs idle',
    figure: ratio,
    shown: `${ratio.toFixed(2)}×`,
    goal: '≤ 2×',
    met: ratio <= 2,
  };
}

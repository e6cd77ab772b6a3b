import * as cheerio from 'cheerio';
import type { StepAnswers } from '../test/helpers/application';
import { BrowserSession, type PageResponse } from './browser-session';

/** The last path segment of a step's URL is the step id, whatever the routes around it are. */
export function stepIdOf(url: string): string {
  return new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
}

/** Chooses the first municipality offered at /kommun and lands where /ansokan sends a visitor. */
export async function startApplication(origin: string) {
  const session = new BrowserSession(origin);
  const choose = await session.open('/kommun');
  const code = cheerio.load(choose.text)('input[name="kommun"]').first().val();
  if (typeof code !== 'string') throw new Error('/kommun offers no municipality');
  await session.submit(choose, { kommun: code });
  const firstStep = await session.open('/ansokan');
  return { session, firstStep };
}

/**
 * Fills every step it is shown with `answers` (by step id) until a page links to the PDF; pages
 * without a step form (the review) are left through their primary button.
 */
export async function fillUntilPdf(
  session: BrowserSession,
  firstPage: PageResponse,
  answers: Map<string, StepAnswers>,
): Promise<string> {
  let page = firstPage;
  for (let hop = 0; hop < 40; hop++) {
    const $ = cheerio.load(page.text);
    const pdf = $('a[href$=".pdf"]').attr('href');
    if (pdf) return new URL(pdf, page.url).href;
    const stepAnswers = answers.get(stepIdOf(page.url));
    if (stepAnswers) {
      page = await session.submit(page, stepAnswers);
      continue;
    }
    const onward = $('main a.button--primary').attr('href');
    if (!onward) throw new Error(`Stuck at ${page.url}: no answers, no PDF link, no way on`);
    page = await session.open(new URL(onward, page.url).href);
  }
  throw new Error('The journey never reached a PDF link');
}

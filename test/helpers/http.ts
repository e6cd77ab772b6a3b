import * as cheerio from 'cheerio';
import type { Application } from 'express';
import request from 'supertest';

export type Agent = ReturnType<typeof request.agent>;
export type Page = cheerio.CheerioAPI;

export function agentFor(app: Application): Agent {
  return request.agent(app);
}

export async function getPage(agent: Agent, path: string) {
  const response = await agent.get(path);
  return { response, $: cheerio.load(response.text) };
}

/** Reads the CSRF token from the first form on a page, as a browser would submit it. */
export function csrfTokenOf($: Page): string {
  const token = $('input[name="_csrf"]').first().val();
  if (typeof token !== 'string' || token === '') throw new Error('The page has no CSRF token');
  return token;
}

/** Opens the page with the form, then posts it with the page's real CSRF token. */
export async function submitForm(
  agent: Agent,
  formPath: string,
  fields: Record<string, string | string[]>,
  action = formPath,
) {
  const { $ } = await getPage(agent, formPath);
  const response = await agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf($) });
  return { response, $: cheerio.load(response.text) };
}

/** Text with its white space folded as a reader would see it. */
export function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The visible text of an element, with white space folded as a reader would see it. */
export function textOf($: Page, selector: string): string {
  return fold($(selector).text());
}

/** Each row of the table body at `selector` as its cells' texts (header cells included). */
export function tableCells($: Page, selector: string): string[][] {
  return $(`${selector} tbody tr`)
    .toArray()
    .map((row) =>
      $(row)
        .find('th, td')
        .toArray()
        .map((cell) => $(cell).text().trim()),
    );
}

/** The links in the error summary at the top of the page, as a person reads them. */
export function errorSummaryLinks($: Page): { text: string; href: string }[] {
  return $('#error-summary a')
    .toArray()
    .map((link) => ({
      text: $(link).text().replace(/\s+/g, ' ').trim(),
      href: $(link).attr('href') ?? '',
    }));
}

/** The `name=value` pairs a response sets, as a browser would send them back. */
export function cookiesOf(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  const list = Array.isArray(header) ? (header as string[]) : [];
  return list.map((cookie) => cookie.split(';')[0] ?? '').filter(Boolean);
}

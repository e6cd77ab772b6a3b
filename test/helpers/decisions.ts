import * as cheerio from 'cheerio';
import { downloadPdf } from './application';
import { buttonNamed, fieldByLabel } from './fields';
import { csrfTokenOf, getPage, type Agent } from './http';

export const GRANTED_LABEL = 'Beviljat belopp';
export const REASON_LABEL = 'Skäl om du beviljar mindre än sökt';

/** What the caseworker types for one part, found by the part's name (the fieldset's legend). */
export interface PartChange {
  granted?: string;
  reason?: string;
}

/**
 * "Fatta beslut" on a case as a caseworker does it: opens the link on the case page, keeps the
 * amounts filled in, changes the parts named (by their legend, e.g. "Hushållsel"), presses
 * "Kontrollera beslutet" and, on the check page, "Fatta beslut och skapa brev". A form the check
 * refuses (400, 409) or sends elsewhere (303) is returned as it came.
 */
export async function decide(
  agent: Agent,
  casePath: string,
  changes: Record<string, PartChange> = {},
) {
  const checked = await checkDecision(agent, casePath, changes);
  if (checked.response.status !== 200) return checked;
  const confirmed = await confirmDecision(agent, checked.$, checked.href);
  return { ...confirmed, href: checked.href };
}

/** The check page's "Fatta beslut och skapa brev", posted as the browser does. */
export async function confirmDecision(agent: Agent, $: cheerio.CheerioAPI, href: string) {
  const form = buttonNamed($, 'Fatta beslut och skapa brev').closest('form');
  if (form.length !== 1) throw new Error('The page has no "Fatta beslut och skapa brev"');
  const body: Record<string, string> = { steg: 'bekrafta' };
  form.find('input[type="hidden"]').each((_, element) => {
    body[String($(element).attr('name'))] = String($(element).val() ?? '');
  });
  const response = await agent
    .post(form.attr('action') ?? href)
    .type('form')
    .send(body);
  return { response, $: cheerio.load(response.text) };
}

/** The decision form filled in and sent to "Kontrollera beslutet": the check page, or a refusal. */
export async function checkDecision(
  agent: Agent,
  casePath: string,
  changes: Record<string, PartChange> = {},
) {
  const casePage = await getPage(agent, casePath);
  const href = casePage
    .$('a')
    .filter((_, link) => casePage.$(link).text().trim() === 'Fatta beslut')
    .attr('href');
  if (!href) throw new Error('The case page has no "Fatta beslut" link');
  const { $ } = await getPage(agent, href);
  const form = $('form[method="post"]').filter((_, element) =>
    ($(element).attr('action') ?? '').endsWith('/beslut'),
  );
  const body: Record<string, string> = { _csrf: csrfTokenOf($) };
  form.find('input[name], textarea[name]').each((_, element) => {
    const field = $(element);
    body[String(field.attr('name'))] =
      element.tagName === 'textarea' ? field.text() : String(field.val() ?? '');
  });
  for (const [part, change] of Object.entries(changes)) {
    if (change.granted !== undefined) {
      body[String(fieldByLabel($, GRANTED_LABEL, { within: part }).attr('name'))] = change.granted;
    }
    if (change.reason !== undefined) {
      body[String(fieldByLabel($, REASON_LABEL, { within: part }).attr('name'))] = change.reason;
    }
  }
  const posted = await agent.post(href).type('form').send(body);
  // A check goes on to its own page (a GET, so Back never asks to send the form again).
  const location = posted.headers.location;
  const response =
    posted.status === 303 && location?.endsWith('/beslut/kontrollera')
      ? await agent.get(location)
      : posted;
  return { response, $: cheerio.load(response.text), href, posted };
}

/** A link's target on a page, found by its text. */
export function hrefOf($: cheerio.CheerioAPI, text: string): string {
  const href = $('a')
    .filter((_, link) => $(link).text().replace(/\s+/g, ' ').trim() === text)
    .attr('href');
  if (!href) throw new Error(`No link reads "${text}"`);
  return href;
}

/** The decision letter as a browser downloads it. */
export function downloadLetter(agent: Agent, path: string) {
  return downloadPdf(agent, path);
}

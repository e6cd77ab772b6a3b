import * as cheerio from 'cheerio';
import { buttonNamed, fieldByLabel } from './fields';
import { getPage, type Agent } from './http';

export const SIGNATURE_ACTION = 'Underskrift från medsökande har kommit in';
export const SIGNATURE_DATE_LABEL = 'Dag då underskriften kom in';

/**
 * "Underskrift från medsökande har kommit in" on the case page, as a caseworker does it: opens
 * the link, types the day (the page's own suggestion, today, unless one is given) and registers.
 */
export async function registerSignature(agent: Agent, casePath: string, day?: string) {
  const casePage = await getPage(agent, casePath);
  const href = casePage
    .$('a')
    .filter((_, link) => casePage.$(link).text().trim() === SIGNATURE_ACTION)
    .attr('href');
  if (!href) throw new Error(`The case page has no "${SIGNATURE_ACTION}" link`);
  const { $ } = await getPage(agent, href);
  const form = buttonNamed($, 'Registrera underskriften').closest('form');
  const field = fieldByLabel($, SIGNATURE_DATE_LABEL);
  const response = await agent
    .post(form.attr('action') ?? href)
    .type('form')
    .send({
      _csrf: String(form.find('input[name="_csrf"]').val()),
      [String(field.attr('name'))]: day ?? String(field.val() ?? ''),
    });
  return { response, $: cheerio.load(response.text), href };
}

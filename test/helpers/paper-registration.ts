import * as cheerio from 'cheerio';
import sharp from 'sharp';
import { fieldByLabel, optionOf } from './fields';
import { getPage, type Agent, type Page } from './http';
import { multipartBody, type FilePart } from './multipart';

export const PAPER_START = '/handlaggare/pappersansokan';

/** A page as a phone would photograph it: turned 2° and slightly out of focus. */
export async function turnedAndBlurred(page: Buffer): Promise<Buffer> {
  return sharp(page).rotate(2, { background: '#ffffff' }).blur(1).png().toBuffer();
}

/** The form on the registration page that holds the control labelled `label`. */
function formWith($: Page, label: string) {
  const form = fieldByLabel($, label).closest('form');
  const fields: Record<string, string> = {};
  for (const input of form.find('input[type="hidden"]').toArray()) {
    fields[String($(input).attr('name'))] = String($(input).val() ?? '');
  }
  return { action: form.attr('action') ?? '', fields };
}

/** "Läs in bilderna": the pictures chosen in the upload form, posted as a browser does. */
export async function uploadScans(
  agent: Agent,
  files: readonly FilePart[],
  { path = PAPER_START, token }: { path?: string; token?: string | null } = {},
) {
  const { $ } = await getPage(agent, path);
  return postFiles(agent, $, 'Bilder av sidorna', files, token);
}

/** The form of the file field labelled `label` posted as a browser does, with `files` chosen. */
async function postFiles(
  agent: Agent,
  $: Page,
  label: string,
  files: readonly FilePart[],
  token: string | null | undefined,
) {
  const form = formWith($, label);
  const name = String(fieldByLabel($, label).attr('name'));
  const fields = { ...form.fields };
  if (token === null) delete fields._csrf;
  else if (token !== undefined) fields._csrf = token;
  const { contentType, body } = multipartBody([
    ...Object.entries(fields).map(([field, value]) => ({ name: field, value })),
    ...files.map((file) => ({ name, ...file })),
  ]);
  const response = await agent.post(form.action).set('Content-Type', contentType).send(body);
  return { response, $: cheerio.load(response.text) };
}

/** "Läs in koderna": the codes' text typed into its box, as a hand scanner does. */
export async function typeCodes(agent: Agent, text: string, path = PAPER_START) {
  const { $ } = await getPage(agent, path);
  const form = formWith($, 'Kodernas text');
  const name = String(fieldByLabel($, 'Kodernas text').attr('name'));
  const response = await agent
    .post(form.action)
    .type('form')
    .send({ ...form.fields, [name]: text });
  return { response, $: cheerio.load(response.text) };
}

/** The registration's overview from a started one's redirect (by hand it goes to a step). */
export function draftPathOf(response: { headers: Record<string, string | undefined> }): string {
  return (response.headers.location ?? '').replace(/\/steg\/[^/]+$/, '');
}

/** "Fyll i för hand". */
export async function startByHand(agent: Agent, path = PAPER_START) {
  const { $ } = await getPage(agent, path);
  const form = $('button:contains("Fyll i för hand")').closest('form');
  const fields: Record<string, string> = {};
  for (const input of form.find('input[type="hidden"]').toArray()) {
    fields[String($(input).attr('name'))] = String($(input).val() ?? '');
  }
  return agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send(fields);
}

/** The signature boxes the registration offers, by their labels, under their legend. */
export const SIGNED_LEGEND = 'Underskrift';
export const SIGNED_BY_APPLICANT = 'Ansökan är underskriven av sökanden';
export const SIGNED_BY_CO_APPLICANT = 'Ansökan är underskriven av medsökanden';

export const NOT_SAME_LEGEND = 'Inte samma ansökan';

/**
 * "Registrera ansökan" on the registration's page, with the date it came by post and the
 * signature boxes ticked as `signed` says (by default every box the page offers). "Inte samma
 * ansökan", offered when the person has another application for the month, is ticked unless
 * `notSame` is false. `shown` is the page as loaded earlier (another tab), else it is loaded now.
 */
export async function registerReceived(
  agent: Agent,
  draftPath: string,
  received: string,
  signed?: readonly string[],
  { shown, notSame = true }: { shown?: Page; notSame?: boolean } = {},
) {
  const $ = shown ?? (await getPage(agent, draftPath)).$;
  const form = formWith($, 'Datum då ansökan kom in med post');
  const name = String(fieldByLabel($, 'Datum då ansökan kom in med post').attr('name'));
  const offered = [SIGNED_BY_APPLICANT, SIGNED_BY_CO_APPLICANT].filter(
    (label) => $(`label:contains("${label}")`).length > 0,
  );
  const ticked = (signed ?? offered).map((label) => optionOf($, SIGNED_LEGEND, label));
  const body = new URLSearchParams({ ...form.fields, [name]: received });
  for (const box of ticked) body.append(String(box.attr('name')), String(box.attr('value')));
  const notSameBox = $(`legend:contains("${NOT_SAME_LEGEND}")`).closest('fieldset').find('input');
  if (notSame && notSameBox.length > 0) {
    body.append(String(notSameBox.attr('name')), String(notSameBox.attr('value')));
  }
  const response = await agent.post(form.action).type('form').send(body.toString());
  return { response, $: cheerio.load(response.text) };
}

/** The label of "Lägg till skannade sidor" on a started registration's page. */
export const ADD_SCANS_LABEL = 'Skannade sidor eller foton';

/**
 * "Lägg till sidorna" on a started registration's page: the pictures posted as a browser does,
 * from the page as loaded now or as `shown` earlier (another tab); `token: null` leaves it out.
 */
export async function addScans(
  agent: Agent,
  draftPath: string,
  files: readonly FilePart[],
  { shown, token }: { shown?: Page; token?: string | null } = {},
) {
  const $ = shown ?? (await getPage(agent, draftPath)).$;
  return postFiles(agent, $, ADD_SCANS_LABEL, files, token);
}

import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import type { Application } from 'express';
import type { Services } from '../../services';
import { familyAnswers, familyAnswersOf, postStep } from './application';
import { fieldByLabel } from './fields';
import { agentFor, getPage, type Agent, type Page } from './http';
import { createApplicant, loginWithCodeList } from './login';
import { multipartBody, type FilePart } from './multipart';

export const BILAGOR = '/ansokan/ekonomiskt-bistand/bilagor';

/** A new applicant (municipality 9901) logged in through the real login, with a code from the list. */
export async function loggedInApplicant(
  app: Application,
  services: Services,
): Promise<{ agent: Agent; accountId: string; personnummer: string }> {
  const applicant = await createApplicant(services);
  const agent = agentFor(app);
  await loginWithCodeList(agent, applicant);
  return { agent, accountId: applicant.account.id, personnummer: applicant.personnummer };
}

/** Answers every step before "Bilagor" (in `personnummer`'s name when given), so that step can be opened. */
export async function reachAttachmentStep(agent: Agent, personnummer?: string): Promise<void> {
  for (const [stepId, answers] of personnummer ? familyAnswersOf(personnummer) : familyAnswers) {
    if (stepId === 'bilagor') return;
    const response = await postStep(agent, stepId, answers);
    assert.equal(response.status, 303, `${stepId}: ${response.text.slice(0, 2000)}`);
  }
}

/**
 * The upload part of a page: the field labelled "Välj filer", the page's form that holds it and
 * the "Ladda upp" button, which sends that form as multipart to its own address.
 */
export function uploadFormOf($: Page) {
  const input = fieldByLabel($, 'Välj filer');
  const form = input.closest('form');
  const button = form.find('button').filter((_, one) => $(one).text().trim() === 'Ladda upp');
  assert.equal(button.length, 1, 'no "Ladda upp" in the form of the file input');
  return {
    input,
    form,
    button,
    action: button.attr('formaction') ?? '',
    enctype: button.attr('formenctype') ?? '',
    token: String(form.find('input[name="_csrf"]').val() ?? ''),
  };
}

/**
 * Chooses files and presses "Ladda upp" with only the form's own CSRF token (unless `token`
 * replaces it, or null leaves it out) and the files under the input's name: the page's answers
 * are left out (test/helpers/submit-as-browser.ts sends the whole form as a browser does).
 */
export async function uploadFiles(
  agent: Agent,
  files: readonly FilePart[],
  { token, path = BILAGOR }: { token?: string | null; path?: string } = {},
) {
  const { $ } = await getPage(agent, path);
  const upload = uploadFormOf($);
  const csrf = token === undefined ? upload.token : token;
  const name = upload.input.attr('name') ?? '';
  const { contentType, body } = multipartBody([
    ...(csrf === null ? [] : [{ name: '_csrf', value: csrf }]),
    ...files.map((file) => ({ name, ...file })),
  ]);
  const response = await agent.post(upload.action).set('Content-Type', contentType).send(body);
  return { response, $: cheerio.load(response.text) };
}

/** The uploaded files as the step lists them: name (the link's text) and size. */
export function listedFiles($: Page): { name: string; size: string; href: string }[] {
  return $('ul.file-item-list > li')
    .toArray()
    .map((item) => ({
      name: $(item).find('a').text().trim(),
      size: $(item).find('.portal-file-item__size').text().trim(),
      href: $(item).find('a').attr('href') ?? '',
    }));
}

/** How many attachment rows and blobs the database holds. */
export async function storedFileCount(services: Services) {
  const count = async (table: 'attachment' | 'blob') => {
    const row = await services.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  return { attachments: await count('attachment'), blobs: await count('blob') };
}

/** A response body as bytes, whatever its type. */
export function asBytes(request: ReturnType<Agent['get']>) {
  return request.buffer(true).parse((response, done) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import type { Application } from 'express';
import type { Services } from '../../services';
import { familyAnswers, postStep } from './application';
import { fieldByLabel } from './fields';
import { agentFor, getPage, type Agent, type Page } from './http';
import { createApplicant, loginWithCodeList } from './login';
import { multipartBody, type FilePart } from './multipart';

export const BILAGOR = '/ansokan/ekonomiskt-bistand/bilagor';

/** A new applicant (municipality 9901) logged in through the real login, with a code from the list. */
export async function loggedInApplicant(
  app: Application,
  services: Services,
): Promise<{ agent: Agent; accountId: string }> {
  const applicant = await createApplicant(services);
  const agent = agentFor(app);
  await loginWithCodeList(agent, applicant);
  return { agent, accountId: applicant.account.id };
}

/** Answers every step before "Bilagor", so that step can be opened. */
export async function reachAttachmentStep(agent: Agent): Promise<void> {
  for (const [stepId, answers] of familyAnswers) {
    if (stepId === 'bilagor') return;
    const response = await postStep(agent, stepId, answers);
    assert.equal(response.status, 303, `${stepId}: ${response.text.slice(0, 2000)}`);
  }
}

/** The upload form of a page: the form that holds the field labelled "Välj filer". */
export function uploadFormOf($: Page) {
  const input = fieldByLabel($, 'Välj filer');
  const form = input.closest('form');
  return {
    input,
    form,
    action: form.attr('action') ?? '',
    token: String(form.find('input[name="_csrf"]').val() ?? ''),
  };
}

/**
 * Chooses files in the step's upload form and presses "Ladda upp", as a browser would: the
 * form's own CSRF token (unless `token` replaces it, or null leaves it out) and the input's name.
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

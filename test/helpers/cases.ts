import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import {
  familyAnswersOf,
  fillSteps,
  sendFromReview,
  startNewApplication,
  type StepAnswers,
} from './application';
import { uploadFiles, BILAGOR } from './attachments';
import { buttonNamed, optionOf } from './fields';
import { agentFor, csrfTokenOf, getPage, type Agent } from './http';
import { createApplicant, loginWithSms, type TestApplicant } from './login';
import type { FilePart } from './multipart';
import type { TestApp } from './test-services';

export interface SentApplication {
  id: string;
  applicant: TestApplicant;
  agent: Agent;
}

/**
 * An applicant of `municipalityCode` logs in, starts an application on Mina sidor, fills in the
 * family's answers (with `changes` merged into some steps), uploads `files` and sends it.
 */
export async function sendApplication(
  testApp: TestApp,
  options: {
    municipalityCode?: string;
    changes?: Record<string, StepAnswers>;
    files?: readonly FilePart[];
  } = {},
): Promise<SentApplication> {
  const { app, services } = testApp;
  const applicant = await createApplicant(services, {
    municipalityCode: options.municipalityCode ?? '9901',
  });
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  const answers = familyAnswersOf(applicant.personnummer).map(
    ([stepId, stepAnswers]): [string, StepAnswers] => [
      stepId,
      { ...stepAnswers, ...options.changes?.[stepId] },
    ],
  );
  await fillSteps(agent, answers);
  if (options.files) {
    const uploaded = await uploadFiles(agent, options.files, { path: BILAGOR });
    assert.equal(uploaded.response.status, 303, uploaded.response.text.slice(0, 1000));
  }
  const sent = await sendFromReview(agent);
  assert.equal(sent.status, 303, sent.text.slice(0, 2000));
  const id = /\/mina-sidor\/ansokningar\/([0-9a-f-]{36})/.exec(sent.headers.location ?? '')?.[1];
  assert.ok(id, `no application in ${sent.headers.location ?? ''}`);
  return { id, applicant, agent };
}

/** Presses a button on a page by its name, with the button's own form and CSRF token. */
export async function pressButton(
  agent: Agent,
  path: string,
  name: string,
  fields: Record<string, string> = {},
) {
  const { $ } = await getPage(agent, path);
  const form = buttonNamed($, name).closest('form');
  const response = await agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send({ ...fields, _csrf: String(form.find('input[name="_csrf"]').val()) });
  return { response, $: cheerio.load(response.text) };
}

/**
 * "Ändra status" on the case page: the option by its label, and a reason. Ending a case
 * (Återtagen, Makulerad) asks once more on a page of its own: its "Ja, ändra till …" is pressed.
 */
export async function changeStatus(agent: Agent, casePath: string, option: string, reason = '') {
  const { $ } = await getPage(agent, casePath);
  const input = optionOf($, 'Ny status', option);
  const pressed = await pressButton(agent, casePath, 'Ändra status', {
    [String(input.attr('name'))]: String(input.attr('value')),
    orsak: reason,
  });
  const confirm = pressed.$('form:has(input[name="bekrafta"])');
  if (pressed.response.status !== 200 || confirm.length === 0) {
    return { ...pressed, confirmPage: undefined };
  }
  const fields = Object.fromEntries(
    confirm
      .find('input[type="hidden"]')
      .toArray()
      .map((hidden) => [String(pressed.$(hidden).attr('name')), String(pressed.$(hidden).val())]),
  );
  const response = await agent
    .post(confirm.attr('action') ?? '')
    .type('form')
    .send(fields);
  return { response, $: cheerio.load(response.text), confirmPage: pressed.$ };
}

/** The rows of the case table on a page, as a caseworker reads them. */
export function caseRows($: cheerio.CheerioAPI) {
  return $('table tbody tr')
    .toArray()
    .map((row) => {
      const cells = $(row)
        .find('th, td')
        .toArray()
        .map((cell) => $(cell).text().replace(/\s+/g, ' ').trim());
      return {
        received: cells[0] ?? '',
        period: cells[1] ?? '',
        name: cells[2] ?? '',
        personnummer: cells[3] ?? '',
        household: cells[4] ?? '',
        // The status badge; a second badge, "Inte öppnad", says no caseworker has opened it yet.
        status: $(row).find('td').eq(4).find('.badge').first().text().trim(),
        unread: $(row).find('td').eq(4).find('.badge').eq(1).text().trim() === 'Inte öppnad',
        assignee: cells[6] ?? '',
        warning: cells[7] ?? '',
        href: $(row).find('a').attr('href') ?? '',
      };
    });
}

/** The inbox's tabs by name, without the count a short list shows after it ("Nya 3 ärenden"). */
export function inboxTabs($: cheerio.CheerioAPI) {
  return $('nav.portal-tabs a')
    .toArray()
    .map((link) => ({
      name: $(link).contents().first().text().trim(),
      href: $(link).attr('href') ?? '',
      current: $(link).attr('aria-current') === 'page',
    }));
}

/** The tab the inbox shows, by name. */
export function currentTab($: cheerio.CheerioAPI): string | undefined {
  return inboxTabs($).find((tab) => tab.current)?.name;
}

/** The address of the inbox tab called `name`. */
export function tabHref($: cheerio.CheerioAPI, name: string): string {
  const tab = inboxTabs($).find((one) => one.name === name);
  assert.ok(tab, `no inbox tab "${name}"`);
  return tab.href;
}

/** A caseworker searches the inbox as at the desk: the search form, then its results page. */
export async function searchCases(agent: Agent, typed: string) {
  const { $ } = await getPage(agent, '/handlaggare');
  const response = await agent
    .post('/handlaggare/arenden/sok')
    .redirects(1)
    .type('form')
    .send({ sokord: typed, _csrf: csrfTokenOf($) });
  return { response, $: cheerio.load(response.text) };
}

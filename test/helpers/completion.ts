import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import type { StaffGrant } from '../../services/accounts';
import { changeStatus, sendApplication, type SentApplication } from './cases';
import { buttonNamed, fieldByLabel, linkNamed } from './fields';
import { type Agent, fold, getPage, type Page } from './http';
import { staffAgent, type TestStaff } from './staff';
import type { TestApp } from './test-services';

export const CASEWORKER_9901: StaffGrant[] = [{ municipalityCode: '9901', role: 'caseworker' }];

/** The answer row of the case view whose question reads `question`. */
export function answerRow($: Page, question: string) {
  const rows = $('.portal-review-section .portal-summary__row').filter(
    (_, row) => fold($(row).children('dt').text()) === question,
  );
  if (rows.length !== 1) throw new Error(`Expected one answer "${question}", found ${rows.length}`);
  return rows.first();
}

/**
 * Posts a form of a page with its hidden fields (its CSRF token, the version it was shown with)
 * and `fields` (by name), as a browser would.
 */
export async function postFormOf(agent: Agent, form: cheerio.Cheerio<never>, fields: object) {
  const hidden: Record<string, string> = {};
  for (const input of form.find('input[type=hidden]').toArray()) {
    const name = input.attribs.name;
    if (name) hidden[name] = input.attribs.value ?? '';
  }
  const response = await agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send({ ...hidden, ...fields, _csrf: String(form.find('input[name="_csrf"]').val()) });
  return { response, $: cheerio.load(response.text) };
}

/** "Markera som fel" on one answer of the case view, with a reason. */
export async function markAnswer(agent: Agent, casePath: string, question: string, reason: string) {
  const { $ } = await getPage(agent, casePath);
  const form = answerRow($, question).find('form');
  assert.equal(form.length, 1, `no mark form for "${question}"`);
  const hidden = Object.fromEntries(
    form
      .find('input[type=hidden]')
      .toArray()
      .map((input) => [$(input).attr('name') ?? '', $(input).attr('value') ?? '']),
  );
  return postFormOf(agent, form as never, { ...hidden, orsak: reason });
}

/** "Markera som saknas" for a checklist item, with a reason. */
export async function markMissingFile(
  agent: Agent,
  casePath: string,
  item: string,
  reason: string,
) {
  const { $ } = await getPage(agent, casePath);
  const select = fieldByLabel($, 'Papper');
  const option = select.find('option').filter((_, one) => fold($(one).text()) === item);
  assert.equal(option.length, 1, `no checklist item "${item}"`);
  const form = select.closest('form');
  return postFormOf(agent, form as never, { mal: option.attr('value'), orsak: reason });
}

/** "Begär komplettering" from the case page, with a due date (else the one offered). */
export async function requestCompletion(
  agent: Agent,
  casePath: string,
  fields: { due?: string; message?: string } = {},
) {
  const { $ } = await getPage(agent, casePath);
  const href = linkNamed($, 'Begär komplettering').attr('href') ?? '';
  assert.ok(href, 'no "Begär komplettering" on the case page');
  const page = await getPage(agent, href);
  const due = fieldByLabel(page.$, 'Sista dag att komplettera');
  const form = buttonNamed(page.$, 'Begär komplettering').closest('form');
  return postFormOf(agent, form as never, {
    'sista-dag': fields.due ?? due.val(),
    meddelande: fields.message ?? '',
  });
}

export interface CaseInHand {
  sent: SentApplication;
  casePath: string;
  caseworker: { staff: TestStaff; agent: Agent };
}

/**
 * The caseworker marks these answers (question → reason) and missing papers (checklist item →
 * reason) and asks for completion; the applicant's completion page is returned.
 */
export async function askForCompletion(
  inHand: CaseInHand,
  marks: { answers?: [string, string][]; papers?: [string, string][] },
): Promise<string> {
  const { casePath, caseworker } = inHand;
  for (const [question, reason] of marks.answers ?? []) {
    await markAnswer(caseworker.agent, casePath, question, reason);
  }
  for (const [item, reason] of marks.papers ?? []) {
    await markMissingFile(caseworker.agent, casePath, item, reason);
  }
  const requested = await requestCompletion(caseworker.agent, casePath);
  assert.equal(requested.response.status, 303);
  return `/mina-sidor/ansokningar/${inHand.sent.id}/komplettering`;
}

/** An application sent by an applicant of 9901 and taken up ("Under handläggning") by a caseworker. */
export async function caseUnderHandling(testApp: TestApp): Promise<CaseInHand> {
  const sent = await sendApplication(testApp);
  const caseworker = await staffAgent(testApp, CASEWORKER_9901);
  const casePath = `/handlaggare/arenden/${sent.id}`;
  const moved = await changeStatus(caseworker.agent, casePath, 'Under handläggning');
  assert.equal(moved.response.status, 303);
  return { sent, casePath, caseworker };
}

/** The marks listed under "Fel och brister": question, reason line, and whether still open. */
export function listedMarks($: Page) {
  return $('.portal-mark-list > li')
    .toArray()
    .map((item) => ({
      label: fold($(item).find('strong').first().text()),
      text: fold($(item).text()),
      open: $(item).hasClass('portal-marked'),
    }));
}

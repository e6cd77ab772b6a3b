import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as cheerio from 'cheerio';
import type { Services } from '../../services';
import { familyAnswersOf, fillSteps, sendFromReview, startNewApplication } from './application';
import { buttonNamed, fieldByLabel } from './fields';
import { agentFor, getPage, type Agent, type Page } from './http';
import { createApplicant, loginWithSms } from './login';
import type { SentApplication } from './cases';
import type { TestApp } from './test-services';

/** The estimate box on a page (the review page or the case view), as label -> value and notes. */
export function estimateOn($: Page, headingId: string) {
  const box = $(`section[aria-labelledby="${headingId}"]`);
  return {
    title: box.find(`#${headingId}`).text().trim(),
    rows: box
      .find('.portal-summary__row')
      .toArray()
      .map((row) => [$(row).find('dt').text().trim(), $(row).find('dd').text().trim()]),
    notes: box
      .children('p')
      .toArray()
      .map((p) => $(p).text().trim()),
  };
}

/**
 * Like sendApplication (helpers/cases.ts), and also returns the estimate the applicant saw on
 * the review page just before sending.
 */
export async function sendAfterReview(
  testApp: TestApp,
  options: { municipalityCode?: string; mobile?: string | null } = {},
) {
  const { app, services } = testApp;
  const applicant = await createApplicant(services, {
    municipalityCode: options.municipalityCode ?? '9901',
    ...(options.mobile === undefined ? {} : { mobile: options.mobile }),
  });
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  await fillSteps(agent, familyAnswersOf(applicant.personnummer));
  const review = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
  const estimate = estimateOn(review.$, 'estimate-heading');
  const sent = await sendFromReview(agent);
  assert.equal(sent.status, 303, sent.text.slice(0, 2000));
  const id = /\/mina-sidor\/ansokningar\/([0-9a-f-]{36})/.exec(sent.headers.location ?? '')?.[1];
  assert.ok(id);
  return { sent: { id, applicant, agent } satisfies SentApplication, estimate };
}

/** Fills a text area by its label and presses the button of its form, as a person would. */
export async function writeAndPress(
  agent: Agent,
  path: string,
  label: string,
  text: string,
  button: string,
) {
  const { $ } = await getPage(agent, path);
  const field = fieldByLabel($, label);
  const form = buttonNamed($, button).closest('form');
  assert.equal(field.closest('form').attr('action'), form.attr('action'));
  const response = await agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send({
      [String(field.attr('name'))]: text,
      _csrf: String(form.find('input[name="_csrf"]').val()),
    });
  return { response, $: cheerio.load(response.text) };
}

/** The notes or messages in a section of the page (by its heading id), in the order shown. */
export function threadIn($: Page, headingId: string) {
  return $(`section[aria-labelledby="${headingId}"] .portal-thread__item`)
    .toArray()
    .map((item) => ({
      byline: $(item).find('.portal-thread__byline').text().replace(/\s+/g, ' ').trim(),
      text: $(item).find('.portal-thread__text').text(),
      read: $(item).find('.portal-thread__read').text().trim(),
    }));
}

/** A sent application put straight into the database, for a person's history. */
export async function insertSentApplication(
  services: Services,
  options: {
    municipalityCode: string;
    ownerId?: string | null;
    coApplicantPersonnummer?: string;
    period: string;
    status?: string;
    receivedAt: number;
  },
): Promise<string> {
  const id = randomUUID();
  const db = services.database.db;
  await db
    .insertInto('application')
    .values({
      id,
      form_id: 'ekonomiskt-bistand',
      form_version: 1,
      municipality_code: options.municipalityCode,
      owner_id: options.ownerId ?? null,
      channel: 'e-tjanst',
      status: options.status ?? 'inkommen',
      input: '{}',
      answers: '{}',
      row_version: 2,
      created_at: options.receivedAt,
      updated_at: options.receivedAt,
      received_at: options.receivedAt,
    })
    .execute();
  await db
    .insertInto('submission')
    .values({
      application_id: id,
      receipt_number: `EB-${id.slice(0, 8)}`,
      submitted_at: options.receivedAt,
      submitted_by: options.ownerId ?? 'nobody',
      login_method: 'sms',
      snapshot: JSON.stringify({
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        sections: [],
        answers: { period: { period: options.period } },
        estimate: null,
      }),
      pdf: null,
      pdf_sha256: null,
    })
    .execute();
  if (options.coApplicantPersonnummer) {
    await db
      .insertInto('co_applicant')
      .values({
        application_id: id,
        personnummer: options.coApplicantPersonnummer,
        name: 'Medsökande',
        account_id: null,
        state: 'paper',
        decided_at: null,
        message: null,
      })
      .execute();
  }
  return id;
}

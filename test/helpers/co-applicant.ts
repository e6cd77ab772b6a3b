import assert from 'node:assert/strict';
import type { Services } from '../../services';
import {
  familyAnswersOf,
  fillSteps,
  sendFromReview,
  startNewApplication,
  type StepAnswers,
} from './application';
import { agentFor, getPage, type Agent } from './http';
import { createApplicant, loginWithSms, type TestApplicant } from './login';
import type { TestApp } from './test-services';

/** The medsökande in familyAnswers, as the pages name them. */
export const CO_APPLICANT_NAME = 'Nguyễn Thị Minh';

let phones = 0;

/** An applicant account with a phone of its own, so each one's SMS can be told apart. */
export async function createApplicantWithPhone(
  services: Services,
  overrides: { password?: string } = {},
): Promise<TestApplicant> {
  phones += 1;
  return createApplicant(services, {
    ...overrides,
    mobile: `+467055${String(phones).padStart(5, '0')}`,
  });
}

/** The family's answers in the applicant's name, with the medsökande's personnummer changed to the one given. */
export function answersNaming(personnummer: string, applicant: string): [string, StepAnswers][] {
  return familyAnswersOf(applicant).map(([step, answers]) =>
    step === 'medsokande' ? [step, { ...answers, personnummer }] : [step, answers],
  );
}

export interface SentApplication {
  agent: Agent;
  applicant: TestApplicant;
  applicationId: string;
  receiptPath: string;
}

/** A logs in, fills in the family's application naming `personnummer` as medsökande, sends it. */
export async function sendNaming(
  testApp: TestApp,
  personnummer: string,
  beforeSending?: (agent: Agent) => Promise<void>,
): Promise<SentApplication> {
  const { app, services } = testApp;
  const applicant = await createApplicantWithPhone(services);
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  await fillSteps(agent, answersNaming(personnummer, applicant.personnummer));
  await beforeSending?.(agent);
  const sent = await sendFromReview(agent);
  assert.equal(sent.status, 303);
  const receiptPath = sent.headers.location?.split('?')[0] ?? '';
  const applicationId = receiptPath.split('/').pop() ?? '';
  assert.match(applicationId, /^[0-9a-f-]{36}$/);
  return { agent, applicant, applicationId, receiptPath };
}

/** A logged-in agent for an applicant (both factors, by SMS). */
export async function loggedIn(testApp: TestApp, applicant: TestApplicant): Promise<Agent> {
  const agent = agentFor(testApp.app);
  await loginWithSms(agent, testApp.services, applicant);
  return agent;
}

/** Presses a button on the confirm page as a person would: its form, its token, its fields. */
export async function pressOnConfirmPage(
  agent: Agent,
  path: string,
  button: string,
  fields: Record<string, string> = {},
) {
  const { $ } = await getPage(agent, path);
  const form = $('form').filter(
    (_, element) => $(element).find('button').text().replace(/\s+/g, ' ').trim() === button,
  );
  assert.equal(form.length, 1, `no form with the button "${button}" on ${path}`);
  return agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send({ ...fields, _csrf: String(form.find('input[name="_csrf"]').val()) });
}

/** The application's status and its history, as stored. */
export async function storedHistory(services: Services, applicationId: string) {
  const { db } = services.database;
  const application = await db
    .selectFrom('application')
    .select('status')
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const events = await db
    .selectFrom('application_event')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('at')
    .execute();
  const coApplicant = await db
    .selectFrom('co_applicant')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return { status: application.status, events, coApplicant };
}

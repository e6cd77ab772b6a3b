import * as cheerio from 'cheerio';
import type { Services } from '../../services';
import type { Account, StaffGrant } from '../../services/accounts';
import { fieldByLabel, optionOf } from './fields';
import { agentFor, csrfTokenOf, getPage, type Agent } from './http';
import { latestSmsCode, postCode, postPassword, requestSmsCode } from './login';
import { pdfText } from './pdf';
import type { TestApp } from './test-services';

export interface TestStaff {
  account: Account;
  username: string;
  password: string;
  mobile: string;
}

let counter = 0;

/** A staff account with a password and an SMS phone of its own, granted `grants`. */
export async function createStaff(services: Services, grants: StaffGrant[]): Promise<TestStaff> {
  counter += 1;
  const username = `personal.test${counter}`;
  const password = 'ett långt lösenord för personal';
  const mobile = `+4670555${String(counter).padStart(4, '0')}`;
  const account = await services.accounts.createStaff({
    username,
    name: `Personal ${counter}`,
    mobile,
    grants,
  });
  await services.accounts.setPasswordHash(account.id, await services.passwords.hash(password));
  return { account, username, password, mobile };
}

/** Both login steps as staff, with an SMS code from the outbox. */
export async function loginStaff(agent: Agent, services: Services, staff: TestStaff) {
  const password = await postPassword(
    agent,
    { identitet: staff.username, losenord: staff.password },
    '/personal/logga-in',
  );
  if (password.status !== 303) throw new Error(`Password step answered ${password.status}`);
  await requestSmsCode(agent);
  const code = await latestSmsCode(services, staff.mobile);
  const { response } = await postCode(agent, 'sms', code);
  if (response.status !== 303) throw new Error(`Code step answered ${response.status}`);
  return response;
}

/** A new staff member with these grants, logged in in an agent of their own. */
export async function staffAgent(testApp: TestApp, grants: StaffGrant[]) {
  const staff = await createStaff(testApp.services, grants);
  const agent = agentFor(testApp.app);
  await loginStaff(agent, testApp.services, staff);
  return { staff, agent };
}

/** The form a page shows, posted with `values` by label (text boxes) and chosen options. */
export async function submitByLabel(
  agent: Agent,
  formPath: string,
  fields: Record<string, string>,
  options: {
    choices?: Record<string, string>;
    action?: string;
    extra?: Record<string, string>;
  } = {},
) {
  const { $ } = await getPage(agent, formPath);
  const body: Record<string, string> = { _csrf: csrfTokenOf($) };
  for (const [label, value] of Object.entries(fields)) {
    body[String(fieldByLabel($, label).attr('name'))] = value;
  }
  for (const [legend, option] of Object.entries(options.choices ?? {})) {
    const input = optionOf($, legend, option);
    body[String(input.attr('name'))] = String(input.attr('value'));
  }
  const response = await agent
    .post(options.action ?? formPath)
    .type('form')
    .send({ ...body, ...options.extra });
  return { response, $: cheerio.load(response.text) };
}

export interface NewApplicantFields {
  personnummer: string;
  name: string;
  mobile?: string;
  municipality?: string;
}

/** Staff fill in "Ge en sökande ett konto" as a person would. */
export function handOutAccount(agent: Agent, fields: NewApplicantFields, extra = {}) {
  return submitByLabel(
    agent,
    '/handlaggare/konton/ny',
    { Personnummer: fields.personnummer, Namn: fields.name, Mobilnummer: fields.mobile ?? '' },
    { choices: fields.municipality ? { Kommun: fields.municipality } : {}, extra },
  );
}

/** The codes printed in a letter: the activation code (if any) and the numbered code list. */
export function codesInLetter(pdf: Buffer): {
  activationCode?: string;
  codes: Map<number, string>;
} {
  const text = pdfText(pdf);
  // The code is printed letter-spaced and kerned: pdftotext may put a space anywhere in it (as
  // copying from a PDF reader would), so it is read between its label and the next sentence.
  const printed = /Aktiveringskod\s+([ACDEFHJKMNPRTUVWXY34679\s-]+?)\s+Koden/.exec(text)?.[1];
  const symbols = printed?.replace(/[\s-]/g, '') ?? '';
  const activationCode =
    symbols.length === 12 ? (symbols.match(/.{4}/g) ?? []).join('-') : undefined;
  const codes = new Map<number, string>();
  for (const match of text.matchAll(/(?<=^| )(\d{1,2}) (\d{4}) (\d{4})(?= |$)/g)) {
    codes.set(Number(match[1]), `${match[2]}${match[3]}`);
  }
  return { ...(activationCode ? { activationCode } : {}), codes };
}

/** /aktivera filled in as the letter says. */
export function activate(
  agent: Agent,
  fields: { personnummer: string; code: string; password: string; repeat?: string },
) {
  return submitByLabel(agent, '/aktivera', {
    Personnummer: fields.personnummer,
    Aktiveringskod: fields.code,
    'Välj lösenord': fields.password,
    'Skriv lösenordet igen': fields.repeat ?? fields.password,
  });
}

import * as cheerio from 'cheerio';
import type { Services } from '../../services';
import type { Account } from '../../services/accounts';
import { withCheckDigit } from './application';
import { csrfTokenOf, getPage, type Agent } from './http';

export interface TestApplicant {
  account: Account;
  personnummer: string;
  password: string;
  mobile: string;
  /** The code list in clear, as printed on paper. */
  codes: Map<number, string>;
}

let counter = 0;

/** Valid personnummer for made-up people born 1990-01-01, each one new. */
export function newPersonnummer(): string {
  counter += 1;
  return `19${withCheckDigit(`900101${String(100 + counter)}`).replace('-', '')}`;
}

/** An activated applicant account with a password, an SMS phone and a code list. */
export async function createApplicant(
  services: Services,
  overrides: { municipalityCode?: string; mobile?: string | null; password?: string } = {},
): Promise<TestApplicant> {
  const personnummer = newPersonnummer();
  const password = overrides.password ?? 'ett långt lösenord för test';
  const mobile = overrides.mobile === undefined ? '+46709876543' : overrides.mobile;
  const account = await services.accounts.createApplicant({
    personnummer,
    name: `Testperson ${personnummer.slice(-4)}`,
    mobile,
    municipalityCode: overrides.municipalityCode ?? '9901',
  });
  await services.accounts.setPasswordHash(account.id, await services.passwords.hash(password));
  const list = await services.codeLists.issue(account.id);
  return {
    account,
    personnummer,
    password,
    mobile: mobile ?? '',
    codes: new Map(list.codes.map(({ number, code }) => [number, code])),
  };
}

/** Step one: personnummer and password; returns the response (303 to the code page). */
export async function postPassword(
  agent: Agent,
  fields: { identitet: string; losenord: string; tillbaka?: string },
  path = '/logga-in',
) {
  const { $ } = await getPage(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf($) });
}

/** The latest SMS code sent to a number, from the development outbox. */
export async function latestSmsCode(services: Services, mobile: string): Promise<string> {
  const message = await services.smsOutbox?.latestTo(mobile);
  const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
  if (!code) throw new Error(`No SMS code sent to ${mobile}`);
  return code;
}

/**
 * Asks for an SMS code on the code page; returns the response. While the SMS cap holds the page
 * offers no button: the post is then made as from a page shown before (any form's token).
 */
export async function requestSmsCode(agent: Agent) {
  const { $ } = await getPage(agent, '/logga-in/kod');
  const token =
    $('form[action="/logga-in/sms"] input[name="_csrf"]').val() ??
    (await getPage(agent, '/logga-in/kod?metod=sms')).$('input[name="_csrf"]').first().val();
  return agent
    .post('/logga-in/sms')
    .type('form')
    .send({ _csrf: String(token) });
}

export async function postCode(agent: Agent, method: string, code: string) {
  const { $ } = await getPage(agent, `/logga-in/kod?metod=${method}`);
  const response = await agent
    .post('/logga-in/kod')
    .type('form')
    .send({ metod: method, kod: code, _csrf: csrfTokenOf($) });
  return { response, $: cheerio.load(response.text) };
}

/** The number the code page asks for ("Kod nummer 17 från din kodlista"). */
export async function askedCodeNumber(agent: Agent): Promise<number> {
  const { $ } = await getPage(agent, '/logga-in/kod?metod=kodlista');
  const label = $('label[for="kod"]').text();
  const number = /nummer (\d+)/.exec(label)?.[1];
  if (!number) throw new Error(`The code page asks for no numbered code: ${label}`);
  return Number(number);
}

/** Both steps with an SMS code from the outbox; returns the final redirect. */
export async function loginWithSms(agent: Agent, services: Services, applicant: TestApplicant) {
  const password = await postPassword(agent, {
    identitet: applicant.personnummer,
    losenord: applicant.password,
  });
  if (password.status !== 303) throw new Error(`Password step answered ${password.status}`);
  await requestSmsCode(agent);
  const { response } = await postCode(
    agent,
    'sms',
    await latestSmsCode(services, applicant.mobile),
  );
  if (response.status !== 303) throw new Error(`Code step answered ${response.status}`);
  return response;
}

/** Both steps with the numbered code the page asks for. */
export async function loginWithCodeList(agent: Agent, applicant: TestApplicant) {
  await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
  const number = await askedCodeNumber(agent);
  const { response } = await postCode(agent, 'kodlista', applicant.codes.get(number) ?? '');
  if (response.status !== 303) throw new Error(`Code step answered ${response.status}`);
  return response;
}

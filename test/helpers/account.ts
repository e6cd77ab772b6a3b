import * as cheerio from 'cheerio';
import type { Services } from '../../services';
import type { Account } from '../../services/accounts';
import { fieldByLabel } from './fields';
import { getPage, type Agent } from './http';
import { latestSmsCode, postCode, postPassword, requestSmsCode } from './login';

let counter = 0;

/** A Swedish mobile number (E.164) that no other test account in this process has. */
export function newMobile(): string {
  counter += 1;
  return `+46702${String(counter).padStart(6, '0')}`;
}

export interface TestStaff {
  account: Account;
  username: string;
  password: string;
  mobile: string;
}

/** A caseworker of 9901 with a password and an SMS phone, made as an administrator would. */
export async function createStaff(services: Services): Promise<TestStaff> {
  counter += 1;
  const username = `testare.${counter}`;
  const password = 'ett långt lösenord för personal';
  const mobile = newMobile();
  const account = await services.accounts.createStaff({
    username,
    name: `Testare Nummer${counter}`,
    mobile,
    grants: [{ municipalityCode: '9901', role: 'caseworker' }],
  });
  await services.accounts.setPasswordHash(account.id, await services.passwords.hash(password));
  return { account, username, password, mobile };
}

export const STAFF_LOGIN = '/personal/logga-in';

/** Both login steps for staff, with an SMS code from the outbox. */
export async function loginStaffWithSms(agent: Agent, services: Services, staff: TestStaff) {
  const password = await postPassword(
    agent,
    { identitet: staff.username, losenord: staff.password },
    STAFF_LOGIN,
  );
  if (password.status !== 303) throw new Error(`Password step answered ${password.status}`);
  await requestSmsCode(agent);
  const { response } = await postCode(agent, 'sms', await latestSmsCode(services, staff.mobile));
  if (response.status !== 303) throw new Error(`Code step answered ${response.status}`);
  return response;
}

/**
 * Fills in the form on `path` as a person does: each value goes into the field with that label;
 * the form's own hidden fields (the CSRF token) go along. Posts it to the form's action.
 */
export async function fillIn(
  agent: Agent,
  path: string,
  values: Record<string, string>,
  extra: Record<string, string> = {},
) {
  const { $ } = await getPage(agent, path);
  const labels = Object.keys(values);
  const first = labels[0];
  if (first === undefined) throw new Error('fillIn needs at least one field');
  const form = fieldByLabel($, first).closest('form');
  const fields: Record<string, string> = { ...extra };
  form.find('input[type=hidden]').each((_, input) => {
    fields[$(input).attr('name') ?? ''] = String($(input).val() ?? '');
  });
  for (const label of labels) {
    const control = fieldByLabel($, label);
    if (control.closest('form').get(0) !== form.get(0)) throw new Error(`${label}: another form`);
    fields[control.attr('name') ?? ''] = values[label] ?? '';
  }
  const response = await agent
    .post(form.attr('action') ?? path)
    .type('form')
    .send(fields);
  return { response, $: cheerio.load(response.text) };
}

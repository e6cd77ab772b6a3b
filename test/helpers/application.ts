import assert from 'node:assert/strict';
import type { Services } from '../../services';
import type { Clock } from '../../services/clock';
import { csrfTokenOf, getPage, type Agent, type Page } from './http';

/** Applications are filled in "today" = 2026-11-24, so the period 2026-12 is next month. */
export const fixedClock: Clock = { now: () => new Date('2026-11-24T09:30:00+01:00') };

export type StepAnswers = Record<string, string | string[]>;

/** Three incomes of the applicant, for the tests that add and remove group rows. */
export const THREE_INCOMES: StepAnswers = {
  'incomes.0.person': 'sokande',
  'incomes.0.type': 'lon',
  'incomes.0.amount': '100',
  'incomes.1.person': 'sokande',
  'incomes.1.type': 'a-kassa',
  'incomes.1.amount': '200',
  'incomes.2.person': 'sokande',
  'incomes.2.type': 'pension',
  'incomes.2.amount': '300',
};

/** A realistic household: a sambo couple with two children, wages, child allowance, rent. */
export const familyAnswers: [string, StepAnswers][] = [
  [
    'period',
    { period: '2026-12', changes: 'ja', changesText: 'Min sambo har fått ett deltidsjobb.' },
  ],
  [
    'om-dig',
    {
      firstName: 'Łukasz',
      lastName: 'Øvergård',
      personnummer: '850101-1236',
      citizenship: 'Polen',
      residencePermit: 'behovs-inte',
      civilStatus: 'sambo',
      phone: '070-123 45 67',
      email: 'lukasz@example.se',
    },
  ],
  [
    'medsokande',
    {
      firstName: 'Nguyễn Thị',
      lastName: 'Minh',
      personnummer: '8703124563',
      citizenship: 'Vietnam',
      residencePermit: 'tidsbegransat',
      permitUntil: '2027-06-30',
      phone: '',
      email: '',
    },
  ],
  [
    'barn',
    {
      hasChildren: 'ja',
      'children.0.name': 'Anna Øvergård',
      'children.0.personnummer': '20160524-9877',
      'children.0.school': 'Björkskolan',
      'children.0.registeredHere': 'ja',
      'children.0.alternating': 'nej',
      'children.1.name': 'Bo Minh',
      'children.1.personnummer': '221111-2343',
      'children.1.registeredHere': 'ja',
      'children.1.alternating': 'nej',
      'children.1.preschoolLunch': 'ja',
      maintenanceSupport: 'nej',
    },
  ],
  [
    'boende',
    {
      housingType: 'forstahand',
      street: 'Storgatan 5 B',
      postalCode: '123 45',
      city: 'Exempelby',
      rooms: '3',
      adults: '2',
      childrenInHome: '2',
      landlord: 'Exempelbyhem AB',
      sublets: 'nej',
    },
  ],
  ['sysselsattning', { applicant: ['arbetssokande', 'sfi'], partner: ['deltid'] }],
  [
    'inkomster',
    {
      'incomes.0.person': 'medsokande',
      'incomes.0.type': 'lon',
      'incomes.0.description': 'Städbolaget AB',
      'incomes.0.amount': '8 450,50',
      'incomes.1.person': 'sokande',
      'incomes.1.type': 'barnbidrag',
      'incomes.1.amount': '2 500 kr',
    },
  ],
  ['tillgangar', { bankBalance: '1 200', hasShares: 'nej', hasVehicle: 'nej', hasProperty: 'nej' }],
  [
    'kostnader',
    {
      'costs.0.type': 'hyra',
      'costs.0.amount': '7 850',
      'costs.0.dueDate': '2026-12-31',
      'costs.1.type': 'el',
      'costs.1.amount': '450',
      'costs.1.dueDate': '20261215',
    },
  ],
  ['meddelande', { message: 'Jag har fått en tid hos tandläkaren i januari.' }],
  ['bilagor', { enclosed: ['kontoutdrag', 'hyresavi'] }],
  ['intygande', { confirm: 'ja' }],
];

/** The family's answers with `personnummer` (12 digits) as the applicant's own, as a logged-in applicant sends them. */
export function familyAnswersOf(personnummer: string): [string, StepAnswers][] {
  const own = `${personnummer.slice(0, 8)}-${personnummer.slice(8)}`;
  return familyAnswers.map(([stepId, answers]) =>
    stepId === 'om-dig' ? [stepId, { ...answers, personnummer: own }] : [stepId, answers],
  );
}

/** The application's PDF as the browser downloads it, body as a Buffer. */
export async function downloadPdf(agent: Agent, path = '/ansokan/ekonomiskt-bistand/ansokan.pdf') {
  return agent
    .get(path)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

export async function chooseMunicipality(agent: Agent, code = '9901') {
  const { $ } = await getPage(agent, '/kommun');
  const response = await agent
    .post('/kommun')
    .type('form')
    .send({ kommun: code, _csrf: csrfTokenOf($) });
  assert.equal(response.status, 303);
}

/** Mina sidor's "Ny ansökan" button, as the applicant presses it: empty, or last month's answers. */
export async function startNewApplication(agent: Agent, carry: 'tom' | 'forra' = 'tom') {
  const { $ } = await getPage(agent, '/mina-sidor');
  const response = await agent
    .post('/mina-sidor/ny-ansokan')
    .type('form')
    .send({ utga: carry, _csrf: csrfTokenOf($) });
  assert.equal(response.status, 303, response.text.slice(0, 2000));
  return response;
}

/** The draft's row version a step page was rendered with, as its form posts it back. */
export function rowVersionOf($: Page): string {
  const version = $('input[name="_version"]').val();
  if (typeof version !== 'string') throw new Error('The page has no row version');
  return version;
}

/** Presses "Skicka in ansökan" on the review page, with the form's own token and row version. */
export async function sendFromReview(agent: Agent) {
  const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
  const form = $('form[action="/ansokan/ekonomiskt-bistand/skicka"]');
  return agent
    .post('/ansokan/ekonomiskt-bistand/skicka')
    .type('form')
    .send({
      _csrf: String(form.find('input[name="_csrf"]').val()),
      _version: String(form.find('input[name="_version"]').val()),
    });
}

/** Posts one step as a browser would: open it, take its CSRF token, send the answers. */
export async function postStep(
  agent: Agent,
  stepId: string,
  answers: StepAnswers,
  action = 'next',
) {
  const { $ } = await getPage(agent, `/ansokan/ekonomiskt-bistand/${stepId}`);
  return agent
    .post(`/ansokan/ekonomiskt-bistand/${stepId}`)
    .type('form')
    .send({ ...answers, _action: action, _csrf: csrfTokenOf($), _version: rowVersionOf($) });
}

/** Fills every step; each must be accepted and lead on. */
export async function fillApplication(agent: Agent, answers = familyAnswers) {
  await chooseMunicipality(agent);
  await fillSteps(agent, answers);
}

/** Posts the steps given, in order, into the draft the session has (a logged-in applicant's). */
export async function fillSteps(agent: Agent, answers = familyAnswers) {
  for (const [stepId, stepAnswers] of answers) {
    const response = await postStep(agent, stepId, stepAnswers);
    assert.equal(response.status, 303, `${stepId}: ${response.text.slice(0, 3000)}`);
  }
}

/** A personnummer with the right Luhn check digit, for test data: 9 digits in, 10 out. */
export function withCheckDigit(nineDigits: string): string {
  let sum = 0;
  for (let index = 0; index < 9; index++) {
    let digit = Number(nineDigits[index]) * (index % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${nineDigits.slice(0, 6)}-${nineDigits.slice(6)}${(10 - (sum % 10)) % 10}`;
}

export function answersFor(stepId: string, answers = familyAnswers): StepAnswers {
  const found = answers.find(([id]) => id === stepId);
  if (!found) throw new Error(`No answers for ${stepId}`);
  return found[1];
}

/** The session cookie an agent holds, as its browser would send it: `portal.sid=<signed id>`. */
export function sessionCookieOf(agent: Agent): string {
  const cookie = (
    agent as unknown as {
      jar: { getCookie(name: string, access: unknown): { value: string } | undefined };
    }
  ).jar.getCookie('portal.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false });
  return `portal.sid=${cookie?.value ?? ''}`;
}

/** The session id inside a session cookie, which holds it signed: `s:<id>.<signature>`. */
export function sessionIdIn(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return value.slice(2, value.lastIndexOf('.'));
}

export function sessionIdOf(agent: Agent): string {
  return sessionIdIn(sessionCookieOf(agent));
}

/** The application row that an agent's session points at, as the service reads it. */
export async function storedApplication(services: Services, agent: Agent) {
  const session = await services.sessionStore.read(sessionIdOf(agent));
  const id = session?.drafts?.['ekonomiskt-bistand'];
  return id ? services.applications.find({ kind: 'anonymous' }, id) : undefined;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  answersFor,
  chooseMunicipality,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  withCheckDigit,
  type StepAnswers,
} from '../helpers/application';
import { agentFor, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

interface InvalidCase {
  answers: StepAnswers;
  /** Field element id -> the message shown above it. */
  messages: Record<string, string>;
  /** Input name -> the value that must come back as typed. */
  kept: Record<string, string>;
}

const thirtyYearOld = withCheckDigit('960101123');

/** One bad submission per step, each with what a person should then see. */
const invalidCases: Record<string, InvalidCase> = {
  period: {
    answers: { period: '2026-13', changes: '' },
    messages: {
      'f-period': 'Du kan inte söka för den månaden. Välj en av månaderna.',
      'f-changes':
        'Du har inte valt något svar på ”Har något ändrats sedan du sökte förra gången?”.',
    },
    kept: {},
  },
  'om-dig': {
    answers: {
      ...answersFor('om-dig'),
      personnummer: '850101-1234',
      phone: 'ring mig',
      email: 'lukasz(at)example',
    },
    messages: {
      'f-personnummer':
        'Personnumret stämmer inte. Den sista siffran passar inte ihop med de andra. Kontrollera siffrorna.',
      'f-phone':
        'Telefonnumret innehåller bokstäver. Skriv bara siffror, till exempel 070-123 45 67.',
      'f-email': 'E-postadressen saknar @. Skriv den så här: namn@exempel.se.',
    },
    kept: { personnummer: '850101-1234', phone: 'ring mig', firstName: 'Łukasz' },
  },
  medsokande: {
    answers: { ...answersFor('medsokande'), personnummer: '19850101-1236' },
    messages: {
      'f-personnummer':
        'Du har skrivit ditt eget personnummer. Här ska du skriva din medsökandes personnummer.',
    },
    kept: { personnummer: '19850101-1236', firstName: 'Nguyễn Thị' },
  },
  barn: {
    answers: {
      ...answersFor('barn'),
      'children.0.personnummer': thirtyYearOld,
      'children.1.preschoolLunch': '',
    },
    messages: {
      'f-children-0-personnummer':
        'Barnet är 30 år enligt personnumret. Här fyller du bara i barn under 21 år. Kontrollera personnumret.',
      'f-children-1-preschoolLunch':
        'Du har inte svarat på om barnet äter lunch i förskolan. Vi behöver veta det för barn under 7 år.',
    },
    kept: { 'children.0.personnummer': thirtyYearOld, 'children.1.name': 'Bo Minh' },
  },
  boende: {
    answers: { ...answersFor('boende'), rooms: 'tre', postalCode: '' },
    messages: {
      'f-rooms': 'Svaret innehåller bokstäver. Skriv antalet med siffror, till exempel 2.',
      'f-postalCode': 'Du har inte fyllt i ”Postnummer”.',
    },
    kept: { rooms: 'tre', street: 'Storgatan 5 B' },
  },
  sysselsattning: {
    answers: { applicant: [], partner: ['deltid'] },
    messages: {
      'f-applicant':
        'Du har inte kryssat i något på ”Vad gör du på dagarna?”. Kryssa i minst ett alternativ.',
    },
    kept: {},
  },
  inkomster: {
    answers: {
      'incomes.0.person': 'sokande',
      'incomes.0.type': 'lon',
      'incomes.0.amount': '12,34,5',
    },
    messages: {
      'f-incomes-0-amount':
        'Kommatecken eller punkter står på fel ställe i beloppet. Skriv till exempel 1 234,50.',
    },
    kept: { 'incomes.0.amount': '12,34,5' },
  },
  tillgangar: {
    answers: {
      ...answersFor('tillgangar'),
      bankBalance: '-5',
      hasVehicle: 'ja',
      vehicleRegistration: '',
    },
    messages: {
      'f-bankBalance': 'Beloppet är mindre än 0 kronor. Skriv det utan minustecken.',
      'f-vehicleRegistration': 'Du har inte fyllt i ”Registreringsnummer”.',
      'f-vehicleValue': 'Du har inte fyllt i ”Vad är fordonet värt?”.',
    },
    kept: { bankBalance: '-5' },
  },
  kostnader: {
    answers: {
      ...answersFor('kostnader'),
      'costs.0.dueDate': '2026-02-30',
      'costs.1.amount': '5 000 000',
    },
    messages: {
      'f-costs-0-dueDate': 'Det finns ingen 30 februari. Kontrollera datumet.',
      'f-costs-1-amount':
        'Beloppet 5 000 000 kr är för stort. Det får vara högst 100 000 kronor. Kontrollera att det inte är en nolla för mycket.',
    },
    kept: { 'costs.0.dueDate': '2026-02-30', 'costs.1.amount': '5 000 000' },
  },
  meddelande: {
    answers: { message: 'å'.repeat(4500) },
    messages: {
      'f-message':
        'Texten i ”Vill du berätta något mer för din handläggare?” är för lång: 4 500 tecken. Den får vara högst 4 000 tecken.',
    },
    kept: {},
  },
  bilagor: {
    answers: { enclosed: ['kontoutdrag', 'pass'] },
    messages: {
      'f-enclosed':
        'Svaret på ”Det här skickar jag med” finns inte bland alternativen. Välj ett av dem.',
    },
    kept: {},
  },
  intygande: {
    answers: {},
    messages: {
      'f-confirm': 'Du har inte kryssat i något på ”Intygande”. Kryssa i minst ett alternativ.',
    },
    kept: {},
  },
};

describe('validation on every step', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('SEC-33 bad input: 400, a linked summary, the message above the field, every value kept', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    for (const [stepId, valid] of familyAnswers) {
      const invalid = invalidCases[stepId];
      assert.ok(invalid, `a bad case for ${stepId}`);
      const response = await postStep(agent, stepId, invalid.answers);
      assert.equal(response.status, 400, stepId);
      const $ = cheerio.load(response.text);
      const links = errorSummaryLinks($);
      assert.equal(
        links.length,
        Object.keys(invalid.messages).length,
        `${stepId}: ${JSON.stringify(links)}`,
      );
      for (const link of links) {
        assert.equal($(link.href).length, 1, `${stepId}: ${link.href} points at a field`);
      }
      for (const [id, message] of Object.entries(invalid.messages)) {
        assert.equal(textOf($, `#${id}-error`), message, `${stepId}: message for ${id}`);
      }
      for (const [name, value] of Object.entries(invalid.kept)) {
        assert.equal($(`[name="${name}"]`).val(), value, `${stepId}: ${name} kept`);
      }
      const accepted = await postStep(agent, stepId, valid);
      assert.equal(accepted.status, 303, `${stepId} accepted once corrected`);
    }
  });

  it('the period must be last, this or next month', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const response = await postStep(agent, 'period', { period: '2027-02', changes: 'nej' });
    assert.equal(response.status, 400);
    assert.equal(
      textOf(cheerio.load(response.text), '#f-period-error'),
      'Du kan inte söka för den månaden. Välj en av månaderna.',
    );
    for (const period of ['2026-10', '2026-11', '2026-12']) {
      assert.equal(
        (await postStep(agent, 'period', { period, changes: 'nej' })).status,
        303,
        period,
      );
    }
  });

  it('accepts amounts, dates and personnummer the ways people write them', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 8));
    const costs = await postStep(agent, 'kostnader', {
      'costs.0.type': 'hyra',
      'costs.0.amount': '7 850:-',
      'costs.0.dueDate': '2026 12 31',
      'costs.1.type': 'annat',
      'costs.1.description': 'Glasögon',
      'costs.1.amount': '1234.5',
      'costs.1.dueDate': '20261215',
    });
    assert.equal(costs.status, 303);
  });
});

describe('SEC-23 garbage never gets a 5xx', () => {
  const testApp = useTestApp({ clock: fixedClock });

  const garbage: [string, StepAnswers, string][] = [
    [
      'a list where one value belongs',
      { firstName: ['Ada', 'Bea'] },
      'Ett av svaren kunde inte läsas',
    ],
    ['a 100 kB string', { firstName: 'x'.repeat(100_000) }, 'Texten i ”Förnamn” är för lång'],
    [
      'an unknown field',
      { ...answersFor('om-dig'), isAdmin: 'true' },
      'uppgifter som vi inte känner igen',
    ],
    [
      'mass assignment',
      { ...answersFor('om-dig'), status: 'beviljad', municipalityCode: '9902' },
      'uppgifter som vi inte känner igen',
    ],
    ['a row past the maximum', { 'children.99.name': 'x' }, 'uppgifter som vi inte känner igen'],
    ['bracket syntax', { 'firstName[0]': 'x' }, 'uppgifter som vi inte känner igen'],
  ];

  for (const [what, answers, message] of garbage) {
    it(`${what}: 400 with a clear message, values kept where they could be read`, async () => {
      const agent = agentFor(testApp().app);
      await fillApplication(agent, familyAnswers.slice(0, 1));
      const response = await postStep(agent, 'om-dig', answers);
      assert.equal(response.status, 400);
      const $ = cheerio.load(response.text);
      assert.ok(textOf($, '#error-summary').includes(message), textOf($, '#error-summary'));
      assert.doesNotMatch(response.text, /at \S+ \(.*:\d+:\d+\)/, 'no stack trace');
    });
  }

  it('a huge value in a checkbox field is refused and never stored', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 5));
    const response = await postStep(
      agent,
      'sysselsattning',
      { applicant: 'x'.repeat(500_000) },
      'back',
    );
    assert.equal(response.status, 400);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/sysselsattning');
    assert.equal($('input[name=applicant]:checked').length, 0);
  });

  it('an unknown step id is a plain 404 page', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const response = await agent.get('/ansokan/ekonomiskt-bistand/finns-inte');
    assert.equal(response.status, 404);
    const odd = await postStep(
      agent,
      'period',
      { period: '2026-12', changes: 'nej' },
      'remove:nothing:x',
    );
    assert.ok(odd.status < 500);
  });

  it('odd actions and odd group rows are handled, never crash', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    for (const action of ['remove:children:-1', 'remove:children:abc', 'add:nope', 'explode']) {
      const response = await postStep(agent, 'barn', { hasChildren: 'nej' }, action);
      assert.ok(response.status < 500, action);
    }
  });
});

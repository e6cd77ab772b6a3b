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
  rowVersionOf,
  storedApplication,
  withCheckDigit,
  type StepAnswers,
} from '../helpers/application';
import { checkedOptions, linkNamed, messageFor, questionOf, shownValue } from '../helpers/fields';
import {
  agentFor,
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  textOf,
  type Page,
} from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

/** Where a field is: its label or legend, and the legend of its group row if it has one. */
interface Question {
  label: string;
  within?: string;
}

interface InvalidCase {
  answers: StepAnswers;
  /** The message shown with each field that is wrong. */
  messages: (Question & { text: string; option?: string })[];
  /** Text boxes, text areas and lists that must come back exactly as typed or chosen. */
  typed: (Question & { value: string })[];
  /** Radio buttons and checkboxes that must come back ticked, and only these. */
  ticked: (Question & { options: string[] })[];
}

const thirtyYearOld = withCheckDigit('960101123');

/** A long answer over several lines, as people write in a text area. */
const longText = (first: string, lines: number) =>
  [first, ...Array.from({ length: lines }, (_, index) => `Rad ${index + 2}: mer om det.`)].join(
    '\n',
  );

const changesText = longText('Min sambo har fått ett deltidsjobb.', 40);
const propertyText = longText('En stuga i Dalarna som vi ärvde.', 20);
/** 4 560 characters: 560 more than the message may have. */
const tooLongMessage = longText('Jag har fått en tid hos tandläkaren i januari.', 220);

/** Bad submissions per step, each with real answers in the other fields, and what must come back. */
const invalidCases: Record<string, InvalidCase[]> = {
  period: [
    {
      answers: { period: '', changes: '' },
      messages: [
        {
          label: 'Vilken månad söker du för?',
          text: 'Du har inte valt något svar på ”Vilken månad söker du för?”.',
        },
        {
          label: 'Har något ändrats sedan du sökte förra gången?',
          text: 'Du har inte valt något svar på ”Har något ändrats sedan du sökte förra gången?”.',
        },
      ],
      typed: [],
      ticked: [
        { label: 'Vilken månad söker du för?', options: [] },
        { label: 'Har något ändrats sedan du sökte förra gången?', options: [] },
      ],
    },
    {
      answers: { period: '2026-11', changes: '' },
      messages: [
        {
          label: 'Har något ändrats sedan du sökte förra gången?',
          text: 'Du har inte valt något svar på ”Har något ändrats sedan du sökte förra gången?”.',
        },
      ],
      typed: [],
      ticked: [
        { label: 'Vilken månad söker du för?', options: ['november 2026'] },
        { label: 'Har något ändrats sedan du sökte förra gången?', options: [] },
      ],
    },
    {
      // Only a changed page can send a month that is not offered: no radio comes back ticked.
      answers: { period: '2026-13', changes: 'ja', changesText },
      messages: [
        {
          label: 'Vilken månad söker du för?',
          text: 'Du kan inte söka för den månaden. Välj en av månaderna.',
        },
      ],
      typed: [{ label: 'Berätta vad som har ändrats', value: changesText }],
      ticked: [
        { label: 'Vilken månad söker du för?', options: [] },
        { label: 'Har något ändrats sedan du sökte förra gången?', options: ['Ja'] },
      ],
    },
  ],
  'om-dig': [
    {
      answers: {
        ...answersFor('om-dig'),
        personnummer: '850101-1234',
        phone: 'ring mig',
        email: 'lukasz(at)example',
      },
      messages: [
        {
          label: 'Personnummer',
          text: 'Personnumret stämmer inte. Den sista siffran passar inte ihop med de andra. Kontrollera siffrorna.',
        },
        {
          label: 'Telefonnummer',
          text: 'Telefonnumret innehåller bokstäver. Skriv numret med siffror, till exempel 070-123 45 67.',
        },
        { label: 'E-post', text: 'E-postadressen saknar @. Skriv den så här: namn@exempel.se.' },
      ],
      typed: [
        { label: 'Förnamn', value: 'Łukasz' },
        { label: 'Efternamn', value: 'Øvergård' },
        { label: 'Personnummer', value: '850101-1234' },
        { label: 'Medborgarskap', value: 'Polen' },
        { label: 'Telefonnummer', value: 'ring mig' },
        { label: 'E-post', value: 'lukasz(at)example' },
      ],
      ticked: [
        {
          label: 'Uppehållstillstånd',
          options: ['Behövs inte (medborgare i Sverige, Norden, EU/EES eller Schweiz)'],
        },
        { label: 'Civilstånd', options: ['Sambo'] },
      ],
    },
  ],
  medsokande: [
    {
      answers: { ...answersFor('medsokande'), personnummer: '19850101-1236' },
      messages: [
        {
          label: 'Personnummer',
          text: 'Du har skrivit ditt eget personnummer. Här ska du skriva din medsökandes personnummer.',
        },
      ],
      typed: [
        { label: 'Förnamn', value: 'Nguyễn Thị' },
        { label: 'Personnummer', value: '19850101-1236' },
        { label: 'Tillståndet gäller till och med', value: '2027-06-30' },
      ],
      ticked: [{ label: 'Uppehållstillstånd', options: ['Tidsbegränsat uppehållstillstånd'] }],
    },
  ],
  barn: [
    {
      // Bo is 4 in December 2026: the lunch question is his to answer.
      answers: { ...answersFor('barn'), 'children.1.preschoolLunch': '' },
      messages: [
        {
          label: 'Äter barnet lunch i förskolan på vardagar?',
          within: 'Barn 2',
          text: 'Du har inte valt något svar på ”Äter barnet lunch i förskolan på vardagar?”.',
        },
      ],
      typed: [
        { label: 'Barnets personnummer', within: 'Barn 2', value: '221111-2343' },
        { label: 'Barnets namn', within: 'Barn 2', value: 'Bo Minh' },
      ],
      ticked: [{ label: 'Är barnet folkbokfört hos dig?', within: 'Barn 2', options: ['Ja'] }],
    },
    {
      answers: { ...answersFor('barn'), 'children.0.personnummer': thirtyYearOld },
      messages: [
        {
          label: 'Barnets personnummer',
          within: 'Barn 1',
          text: 'Barnet är 30 år enligt personnumret. Här fyller du bara i barn under 21 år. Kontrollera personnumret.',
        },
      ],
      typed: [
        { label: 'Barnets personnummer', within: 'Barn 1', value: thirtyYearOld },
        { label: 'Skola eller förskola', within: 'Barn 1', value: 'Björkskolan' },
        { label: 'Barnets namn', within: 'Barn 2', value: 'Bo Minh' },
      ],
      ticked: [
        { label: 'Bor det barn hos dig?', options: ['Ja'] },
        { label: 'Är barnet folkbokfört hos dig?', within: 'Barn 1', options: ['Ja'] },
        { label: 'Bor barnet växelvis hos båda föräldrarna?', within: 'Barn 2', options: ['Nej'] },
        {
          label: 'Har du ansökt om underhållsstöd eller får du underhållsbidrag?',
          options: ['Nej'],
        },
      ],
    },
  ],
  boende: [
    {
      answers: { ...answersFor('boende'), rooms: 'tre', postalCode: '' },
      messages: [
        { label: 'Postnummer', text: 'Du har inte fyllt i ”Postnummer”.' },
        {
          label: 'Hur många rum har bostaden?',
          text: 'Svaret innehåller bokstäver. Skriv antalet med siffror, till exempel 2.',
        },
      ],
      typed: [
        { label: 'Hur många rum har bostaden?', value: 'tre' },
        { label: 'Gatuadress', value: 'Storgatan 5 B' },
        { label: 'Hyresvärd', value: 'Exempelbyhem AB' },
      ],
      ticked: [
        { label: 'Hur bor du?', options: ['Hyr med eget förstahandskontrakt'] },
        { label: 'Hyr du ut någon del av bostaden?', options: ['Nej'] },
      ],
    },
    {
      answers: { ...answersFor('boende'), postalCode: '123 4' },
      messages: [{ label: 'Postnummer', text: 'Postnumret ska ha 5 siffror. Du skrev 4.' }],
      typed: [
        { label: 'Postnummer', value: '123 4' },
        { label: 'Ort', value: 'Exempelby' },
      ],
      ticked: [{ label: 'Hur bor du?', options: ['Hyr med eget förstahandskontrakt'] }],
    },
  ],
  sysselsattning: [
    {
      answers: {
        applicant: [],
        partner: ['deltid', 'annat'],
        partnerOther: 'Praktik på ett kafé två dagar i veckan',
      },
      messages: [
        {
          label: 'Vad gör du på dagarna?',
          text: 'Du har inte kryssat i något på ”Vad gör du på dagarna?”. Kryssa i minst ett alternativ.',
        },
      ],
      typed: [
        {
          label: 'Beskriv vad din medsökande gör',
          value: 'Praktik på ett kafé två dagar i veckan',
        },
      ],
      ticked: [
        { label: 'Vad gör du på dagarna?', options: [] },
        { label: 'Vad gör din medsökande på dagarna?', options: ['Arbetar deltid', 'Annat'] },
      ],
    },
  ],
  inkomster: [
    {
      answers: {
        'incomes.0.person': 'sokande',
        'incomes.0.type': 'lon',
        'incomes.0.description': 'Timanställd på lagret',
        'incomes.0.amount': '12,34,5',
        'incomes.1.person': 'medsokande',
        'incomes.1.type': 'barnbidrag',
        'incomes.1.amount': '2 500 kr',
      },
      messages: [
        {
          label: 'Belopp per månad i kronor',
          within: 'Inkomst 1',
          text: 'Kommatecken eller punkter står på fel ställe i beloppet. Skriv till exempel 1 234,50.',
        },
      ],
      typed: [
        { label: 'Belopp per månad i kronor', within: 'Inkomst 1', value: '12,34,5' },
        { label: 'Beskrivning', within: 'Inkomst 1', value: 'Timanställd på lagret' },
        { label: 'Typ av inkomst', within: 'Inkomst 1', value: 'Lön' },
        { label: 'Typ av inkomst', within: 'Inkomst 2', value: 'Barnbidrag och flerbarnstillägg' },
        // A valid amount comes back as it was read, beside the field's own "kr" (not "2 500 kr kr").
        { label: 'Belopp per månad i kronor', within: 'Inkomst 2', value: '2 500' },
      ],
      ticked: [
        { label: 'Vem får inkomsten?', within: 'Inkomst 1', options: ['Jag'] },
        { label: 'Vem får inkomsten?', within: 'Inkomst 2', options: ['Min medsökande'] },
      ],
    },
  ],
  tillgangar: [
    {
      answers: {
        ...answersFor('tillgangar'),
        bankBalance: '-5',
        hasVehicle: 'ja',
        vehicleRegistration: '',
        hasProperty: 'ja',
        propertyDescription: propertyText,
      },
      messages: [
        {
          label: 'Hur mycket pengar finns på alla bankkonton tillsammans?',
          text: 'Har du minus på kontot? Skriv 0 då.',
        },
        { label: 'Registreringsnummer', text: 'Du har inte fyllt i ”Registreringsnummer”.' },
        { label: 'Vad är fordonet värt?', text: 'Du har inte fyllt i ”Vad är fordonet värt?”.' },
      ],
      typed: [
        { label: 'Hur mycket pengar finns på alla bankkonton tillsammans?', value: '-5' },
        { label: 'Beskriv vad ni äger', value: propertyText },
      ],
      ticked: [
        {
          label: 'Har någon i hushållet aktier, fonder eller andra värdepapper?',
          options: ['Nej'],
        },
        {
          label: 'Äger någon i hushållet en bil, motorcykel eller annat fordon?',
          options: ['Ja'],
        },
        {
          label: 'Äger någon i hushållet en bostadsrätt, ett hus eller annan fastighet?',
          options: ['Ja'],
        },
      ],
    },
  ],
  kostnader: [
    {
      answers: {
        ...answersFor('kostnader'),
        'costs.0.dueDate': '2026-02-30',
        'costs.1.amount': '5 000 000',
      },
      messages: [
        {
          label: 'Sista betalningsdag',
          within: 'Kostnad 1',
          text: 'Det finns ingen 30 februari. Kontrollera datumet.',
        },
        {
          label: 'Belopp i kronor',
          within: 'Kostnad 2',
          text: 'Beloppet 5 000 000 kr är för stort. Det får vara högst 100 000 kronor. Kontrollera att det inte är en nolla för mycket.',
        },
      ],
      typed: [
        { label: 'Sista betalningsdag', within: 'Kostnad 1', value: '2026-02-30' },
        { label: 'Belopp i kronor', within: 'Kostnad 1', value: '7 850' },
        {
          label: 'Vad är kostnaden för?',
          within: 'Kostnad 1',
          value: 'Hyra eller avgift för bostaden',
        },
        { label: 'Belopp i kronor', within: 'Kostnad 2', value: '5 000 000' },
        { label: 'Vad är kostnaden för?', within: 'Kostnad 2', value: 'Hushållsel' },
      ],
      ticked: [],
    },
  ],
  meddelande: [
    {
      answers: { message: tooLongMessage },
      messages: [
        {
          label: 'Vill du berätta något mer för din handläggare?',
          text: 'Texten i ”Vill du berätta något mer för din handläggare?” är för lång: 4 560 tecken. Gör den kortare, så att den har högst 4 000 tecken.',
        },
      ],
      typed: [{ label: 'Vill du berätta något mer för din handläggare?', value: tooLongMessage }],
      ticked: [],
    },
  ],
  bilagor: [
    {
      // Only a changed page can send an unknown option; the known one stays ticked.
      answers: { enclosed: ['kontoutdrag', 'pass'] },
      messages: [
        {
          label: 'Det här skickar jag med',
          text: 'Svaret på ”Det här skickar jag med” finns inte bland alternativen. Välj ett av dem.',
        },
      ],
      typed: [],
      ticked: [
        {
          label: 'Det här skickar jag med',
          options: ['Kontoutdrag för de senaste 3 månaderna, för alla konton'],
        },
      ],
    },
  ],
  intygande: [
    {
      // The one question on the page: nothing else could be lost.
      answers: {},
      messages: [
        {
          label: 'Din bekräftelse',
          option: 'Jag har läst och intygar detta',
          text: 'Kryssa i rutan ”Jag har läst och intygar detta” för att gå vidare.',
        },
      ],
      typed: [],
      ticked: [{ label: 'Din bekräftelse', options: [] }],
    },
  ],
};

/**
 * The summary names the question of every message that does not (away from its field, "Svaret
 * har decimaler." says nothing), and the row of one in a group: "Barn 2, ”Barnets namn”: …".
 */
function summaryTextOf(message: {
  label: string;
  within?: string;
  text: string;
  option?: string;
}): string {
  // A box of its own ("Jag har läst och intygar detta") is the question: its message names it.
  const named = !message.text.includes(message.option ?? message.label);
  if (!message.within) return named ? `”${message.label}”: ${message.text}` : message.text;
  return named
    ? `${message.within}, ”${message.label}”: ${message.text}`
    : `${message.within}: ${message.text}`;
}

const where = (question: Question) => (question.within ? { within: question.within } : {});

/** What a person sees after a bad post: the summary, each message by its field, nothing lost. */
function assertKept($: Page, stepId: string, invalid: InvalidCase) {
  const links = errorSummaryLinks($);
  assert.deepEqual(
    links.map((link) => link.text),
    invalid.messages.map(summaryTextOf),
    `${stepId}: the error summary`,
  );
  invalid.messages.forEach((message, index) => {
    const target = $(`[id="${links[index]?.href.slice(1) ?? ''}"]`);
    assert.equal(questionOf($, target), message.label, `${stepId}: the link lands on the field`);
    assert.equal(
      messageFor($, message.label, where(message)),
      message.text,
      `${stepId}: message with ${message.label}`,
    );
  });
  for (const field of invalid.typed) {
    assert.equal(
      shownValue($, field.label, where(field)),
      field.value,
      `${stepId}: ${field.within ?? ''} ${field.label} kept`,
    );
  }
  for (const field of invalid.ticked) {
    assert.deepEqual(
      checkedOptions($, field.label, where(field)),
      field.options,
      `${stepId}: ${field.within ?? ''} ${field.label} kept`,
    );
  }
}

describe('validation on every step', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('SEC-33 bad input at every step: 400, a linked summary, the message by the field, every value kept', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    for (const [stepId, valid] of familyAnswers) {
      const cases = invalidCases[stepId] ?? [];
      assert.ok(cases.length > 0, `a bad case for ${stepId}`);
      for (const invalid of cases) {
        const response = await postStep(agent, stepId, invalid.answers);
        assert.equal(response.status, 400, stepId);
        assertKept(cheerio.load(response.text), stepId, invalid);
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
      messageFor(cheerio.load(response.text), 'Vilken månad söker du för?'),
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

const MALFORMED = 'Ett av svaren kunde inte läsas. Kontrollera dina svar och försök igen.';
const UNKNOWN =
  'Formuläret innehöll uppgifter som vi inte känner igen. Kontrollera dina svar och försök igen.';

const HUGE = 'x'.repeat(100_000);

/** The words of the message for a typed answer longer than its field allows. */
const tooLong = (label: string, max: string) =>
  `Texten i ”${label}” är för lång: 100 000 tecken. Gör den kortare, så att den har högst ${max} tecken.`;

interface HugeAnswers {
  /** An answer chosen among options: 100 kB there is no answer at all, as a malformed post. */
  option?: string;
  /** A typed answer: 100 kB there is too long, said with the field's name, the text kept. */
  typed?: Question & { name: string; max: string };
}

/** Where each step gets its 100 kB strings. */
const hugeIn: Record<string, HugeAnswers> = {
  period: {
    option: 'period',
    typed: { name: 'changesText', label: 'Berätta vad som har ändrats', max: '2 000' },
  },
  'om-dig': {
    option: 'residencePermit',
    typed: { name: 'firstName', label: 'Förnamn', max: '100' },
  },
  medsokande: {
    option: 'residencePermit',
    typed: { name: 'lastName', label: 'Efternamn', max: '100' },
  },
  barn: {
    option: 'hasChildren',
    typed: {
      name: 'children.0.school',
      label: 'Skola eller förskola',
      within: 'Barn 1',
      max: '200',
    },
  },
  boende: {
    option: 'housingType',
    typed: { name: 'street', label: 'Gatuadress', max: '100' },
  },
  sysselsattning: { option: 'applicant' },
  inkomster: {
    option: 'incomes.0.person',
    typed: { name: 'incomes.0.description', label: 'Beskrivning', within: 'Inkomst 1', max: '200' },
  },
  tillgangar: {
    option: 'hasShares',
    typed: {
      name: 'bankBalance',
      label: 'Hur mycket pengar finns på alla bankkonton tillsammans?',
      max: '100',
    },
  },
  kostnader: {
    option: 'costs.0.type',
    typed: { name: 'costs.0.amount', label: 'Belopp i kronor', within: 'Kostnad 1', max: '100' },
  },
  meddelande: {
    typed: {
      name: 'message',
      label: 'Vill du berätta något mer för din handläggare?',
      max: '4 000',
    },
  },
  bilagor: { option: 'enclosed' },
  intygande: { option: 'confirm' },
};

/** Payloads no browser showing our form sends, made from a step's good answers. */
function malformedVariants(stepId: string, valid: StepAnswers): [string, StepAnswers, string][] {
  const entries = Object.entries(valid);
  const text = entries.find(([, value]) => typeof value === 'string');
  const [first] = text ?? entries[0] ?? [''];
  const { option } = hugeIn[stepId] ?? {};
  const twice = Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      Array.isArray(value) ? [...value, ...value] : [value, value],
    ]),
  );
  return [
    ['every answer sent twice', twice, MALFORMED],
    // Steps with text answers: two values where one belongs (checkboxes are lists already).
    ...(text
      ? [
          [
            'a list where one answer belongs',
            { ...valid, [first]: [String(text[1]), 'x'] },
            MALFORMED,
          ] as [string, StepAnswers, string],
        ]
      : []),
    ...(option
      ? [
          ['a 100 kB string where an option belongs', { ...valid, [option]: HUGE }, MALFORMED] as [
            string,
            StepAnswers,
            string,
          ],
        ]
      : []),
    ['bracket syntax', { ...valid, [`${first}[0]`]: 'x' }, UNKNOWN],
  ];
}

describe('SEC-23 malformed payloads on every step POST: 4xx with a Swedish message, never 5xx', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('every step refuses repeated fields, lists, huge strings and bracket keys, and saves nothing', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    for (const [stepId, valid] of familyAnswers) {
      for (const [what, answers, message] of malformedVariants(stepId, valid)) {
        const before = await storedApplication(testApp().services, agent);
        const response = await postStep(agent, stepId, answers);
        assert.equal(response.status, 400, `${stepId}: ${what}`);
        const $ = cheerio.load(response.text);
        assert.deepEqual(
          errorSummaryLinks($).map((link) => link.text),
          [message],
          `${stepId}: ${what}`,
        );
        assert.doesNotMatch(response.text, /at \S+ \(.*:\d+:\d+\)/, 'no stack trace');
        const after = await storedApplication(testApp().services, agent);
        assert.equal(after?.rowVersion, before?.rowVersion, `${stepId}: ${what} saved nothing`);
      }
      assert.equal((await postStep(agent, stepId, valid)).status, 303, `${stepId} accepted`);
    }
  });

  it('a 100 kB string in a typed answer on every step: the message names the field and its limit, the text comes back, nothing saved', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    for (const [stepId, valid] of familyAnswers) {
      const { typed } = hugeIn[stepId] ?? {};
      if (typed) {
        const before = await storedApplication(testApp().services, agent);
        const response = await postStep(agent, stepId, { ...valid, [typed.name]: HUGE });
        assert.equal(response.status, 400, stepId);
        assertKept(cheerio.load(response.text), stepId, {
          answers: {},
          messages: [{ ...typed, text: tooLong(typed.label, typed.max) }],
          typed: [{ ...typed, value: HUGE }],
          ticked: [],
        });
        const after = await storedApplication(testApp().services, agent);
        assert.equal(after?.rowVersion, before?.rowVersion, `${stepId}: saved nothing`);
      }
      assert.equal((await postStep(agent, stepId, valid)).status, 303, `${stepId} accepted`);
    }
    assert.deepEqual(
      familyAnswers.map(([stepId]) => stepId).filter((stepId) => !hugeIn[stepId]),
      [],
      'every step has its 100 kB cases',
    );
  });

  it('odd hidden fields (version, action, token) get a 4xx page or a redirect, never a 5xx', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const valid = answersFor('om-dig');
    const post = async (extra: Record<string, string | string[]>) => {
      const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
      return agent
        .post('/ansokan/ekonomiskt-bistand/om-dig')
        .type('form')
        .send({ ...valid, _csrf: csrfTokenOf($), _version: rowVersionOf($), ...extra });
    };
    for (const version of [['1', '2'], 'abc', '1e400', '-1', 'x'.repeat(5000)]) {
      const response = await post({ _version: version });
      const what = `_version ${String(version).slice(0, 20)}`;
      assert.equal(response.status, 409, what);
      // Treated as saved from a stale tab: a notice to reload, nothing to correct.
      const $ = cheerio.load(response.text);
      assert.deepEqual(errorSummaryLinks($), [], what);
      assert.equal(textOf($, '#stale-notice h2'), 'Ansökan har ändrats i en annan flik', what);
      assert.equal(
        linkNamed($, 'Ladda om sidan').attr('href'),
        '/ansokan/ekonomiskt-bistand/om-dig',
        what,
      );
      assert.equal(shownValue($, 'Förnamn'), 'Łukasz', `${what}: what was typed is kept`);
    }
    for (const action of [['next', 'back'], 'x'.repeat(5000), '']) {
      const response = await post({ _action: action });
      assert.ok(response.status < 500, `_action ${String(action).slice(0, 20)}`);
    }
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    const twoTokens = await post({ _csrf: [csrfTokenOf($), csrfTokenOf($)] });
    assert.equal(twoTokens.status, 403);
    assert.equal(textOf(cheerio.load(twoTokens.text), 'h1'), 'Sidan har varit öppen för länge');
  });

  const garbage: [string, StepAnswers, string][] = [
    ['a list where one value belongs', { firstName: ['Ada', 'Bea'] }, MALFORMED],
    ['a 100 kB string', { ...answersFor('om-dig'), firstName: HUGE }, tooLong('Förnamn', '100')],
    ['an unknown field', { ...answersFor('om-dig'), isAdmin: 'true' }, UNKNOWN],
    ['bracket syntax', { 'firstName[0]': 'x' }, UNKNOWN],
  ];

  for (const [what, answers, message] of garbage) {
    it(`${what}: 400 with a clear message, the readable values kept`, async () => {
      const agent = agentFor(testApp().app);
      await fillApplication(agent, familyAnswers.slice(0, 1));
      const response = await postStep(agent, 'om-dig', { lastName: 'Øvergård', ...answers });
      assert.equal(response.status, 400);
      const $ = cheerio.load(response.text);
      assert.deepEqual(
        errorSummaryLinks($).map((link) => link.text),
        [message],
      );
      assert.equal(shownValue($, 'Efternamn'), 'Øvergård');
      assert.doesNotMatch(response.text, /at \S+ \(.*:\d+:\d+\)/, 'no stack trace');
    });
  }

  it('SEC-17 mass assignment: status, municipality and owner posted with a step are refused and change nothing', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const before = await storedApplication(testApp().services, agent);
    for (const field of [
      'status',
      'municipalityCode',
      'municipalityId',
      'role',
      'assignee',
      'ownerId',
    ]) {
      const response = await postStep(agent, 'om-dig', {
        ...answersFor('om-dig'),
        [field]: '9902',
      });
      assert.equal(response.status, 400, field);
      assert.deepEqual(
        errorSummaryLinks(cheerio.load(response.text)).map((link) => link.text),
        [UNKNOWN],
      );
    }
    const after = await storedApplication(testApp().services, agent);
    assert.ok(before && after);
    assert.equal(after.rowVersion, before.rowVersion);
    assert.equal(after.status, 'draft');
    assert.equal(after.municipalityCode, '9901');
    assert.equal(after.ownerId, null);
  });

  it('a row past the group maximum is refused', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const response = await postStep(agent, 'barn', {
      ...answersFor('barn'),
      'children.12.name': 'Tretton',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(
      errorSummaryLinks(cheerio.load(response.text)).map((link) => link.text),
      [UNKNOWN],
    );
  });

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
    assert.deepEqual(checkedOptions($, 'Vad gör du på dagarna?'), []);
  });

  it('an unknown step id is a plain 404 page', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const response = await agent.get('/ansokan/ekonomiskt-bistand/finns-inte');
    assert.equal(response.status, 404);
    assert.equal(textOf(cheerio.load(response.text), 'h1'), 'Sidan hittades inte');
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

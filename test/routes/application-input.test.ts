import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../services/clock';
import { agentFor, type Agent } from '../helpers/http';
import {
  controlByLabel,
  errorSummaryTexts,
  FormFill,
  follow,
  followLink,
  messageAbove,
  optionLabels,
  startApplication,
  walk,
  type StepFill,
  type Visit,
} from '../helpers/journey';
import { useTestApp } from '../helpers/test-services';

/** "Today" is 24 November 2026: the months to apply for are October, November and December. */
const clock: Clock = { now: () => new Date('2026-11-24T09:30:00+01:00') };

const PERIOD = 'Vilken månad söker du för?';
const CONTROL_MESSAGE =
  'hade ett osynligt tecken som inte går att använda. Vi har tagit bort det. Kontrollera texten och försök igen.';

/** A person living alone, step by step, written as they read and answer the questions. */
const period: StepFill = (form) =>
  form
    .choose(PERIOD, 'december 2026')
    .choose('Har något ändrats sedan du sökte förra gången?', 'Nej');

const aboutYou: StepFill = (form) =>
  form
    .fill('Förnamn', 'Ada')
    .fill('Efternamn', 'Lind')
    .fill('Personnummer', '850101-1236')
    .fill('Medborgarskap', 'Norge')
    .choose('Uppehållstillstånd', 'Tidsbegränsat uppehållstillstånd')
    .fill('Tillståndet gäller till och med', '30 juni 2027')
    .choose('Civilstånd', 'Ensamstående')
    .fill('Telefonnummer', '+46 70 123 45 67');

const children: StepFill = (form) => form.choose('Bor det barn hos dig?', 'Nej');

const housing: StepFill = (form) =>
  form
    .choose('Hur bor du?', 'Hyr med eget förstahandskontrakt')
    .fill('Gatuadress', 'Storgatan 5')
    .fill('Postnummer', '12345')
    .fill('Ort', 'Exempelby')
    .fill('Hur många rum har bostaden?', '2')
    .fill('Hur många vuxna bor i bostaden?', '1')
    .fill('Hur många barn bor i bostaden?', '0')
    .choose('Hyr du ut någon del av bostaden?', 'Nej');

const occupation: StepFill = (form) =>
  form.choose('Vad gör du på dagarna?', 'Arbetssökande på Arbetsförmedlingen');

const incomes: StepFill = (form) =>
  form
    .choose('Vem får inkomsten?', 'Jag')
    .fill('Typ av inkomst', 'A-kassa')
    .fill('Belopp per månad i kronor', '1 234,50 kr');

const assets: StepFill = (form) =>
  form
    .fill('Hur mycket pengar finns på alla bankkonton tillsammans?', '0')
    .choose('Har någon i hushållet aktier, fonder eller andra värdepapper?', 'Nej')
    .choose('Äger någon i hushållet en bil, motorcykel eller annat fordon?', 'Nej')
    .choose('Äger någon i hushållet en bostadsrätt, ett hus eller annan fastighet?', 'Ja')
    .fill('Beskriv vad ni äger', 'En stuga i Dalarna');

const costs: StepFill = (form) =>
  form
    .fill('Vad är kostnaden för?', 'Hyra eller avgift för bostaden')
    .fill('Belopp i kronor', '6 450:-')
    .fill('Sista betalningsdag', '28/12/2026');

const nothing: StepFill = (form) => form;
const declaration: StepFill = (form) =>
  form.choose('Din bekräftelse', 'Jag har läst och intygar detta');

const journey = [
  period,
  aboutYou,
  children,
  housing,
  occupation,
  incomes,
  assets,
  costs,
  nothing,
  nothing,
  declaration,
];

async function reach(agent: Agent, stepsDone: number): Promise<Visit> {
  return walk(agent, await startApplication(agent), journey.slice(0, stepsDone));
}

const valueOf = (visit: { $: Visit['$'] }, label: string) => {
  const control = controlByLabel(visit.$, label);
  return control.is('textarea') ? control.text() : control.val();
};

describe('the period is chosen, not typed', () => {
  const testApp = useTestApp({ clock });

  it('three radio buttons labelled in words: last, this and next month', async () => {
    const agent = agentFor(testApp().app);
    const first = await startApplication(agent);
    assert.deepEqual(optionLabels(first.$, PERIOD), [
      'oktober 2026',
      'november 2026',
      'december 2026',
    ]);
    for (const month of ['oktober 2026', 'november 2026', 'december 2026']) {
      assert.equal(controlByLabel(first.$, month).attr('type'), 'radio', month);
    }
    assert.equal(first.$('input[type=text][name=period], input[type=text][id$=period]').length, 0);
  });

  it('a month not offered is refused on the server with a clear message', async () => {
    const agent = agentFor(testApp().app);
    const first = await startApplication(agent);
    const { response, $ } = await new FormFill(first)
      .forge(PERIOD, '2027-01')
      .choose('Har något ändrats sedan du sökte förra gången?', 'Nej')
      .submit(agent);
    assert.equal(response.status, 400);
    const message = 'Du kan inte söka för den månaden. Välj en av månaderna.';
    // Away from its field, the summary names the question.
    assert.deepEqual(errorSummaryTexts($), [`”${PERIOD}”: ${message}`]);
    assert.equal(messageAbove($, PERIOD), message);
  });
});

describe('what people type is forgiven', () => {
  const testApp = useTestApp({ clock });

  it('amounts, dates and phones the ways people write them are accepted; the review shows them as people read them', async () => {
    const agent = agentFor(testApp().app);
    // Every step leading on is part of the test: "+46 70 123 45 67", "30 juni 2027", "12345",
    // "1 234,50 kr", "6 450:-" and "28/12/2026" are each accepted where they are asked.
    const review = await reach(agent, journey.length);
    assert.equal(review.$('h1').text().trim(), 'Granska ansökan');
    const rows = review
      .$('dt')
      .toArray()
      .map((dt) => [review.$(dt).text().trim(), review.$(dt).next('dd').text().trim()]);
    const answer = (label: string) => rows.find(([dt]) => dt === label)?.[1];
    assert.equal(answer(PERIOD), 'december 2026', 'the month in words');
    assert.equal(answer('Postnummer'), '123 45');
    assert.equal(answer('Inkomst 1: Belopp per månad i kronor'), '1 234,50 kr');
    assert.equal(answer('Kostnad 1: Belopp i kronor'), '6 450 kr');
    assert.equal(answer('Kostnad 1: Sista betalningsdag'), '28 december 2026', 'dates in words');
    assert.equal(answer('Tillståndet gäller till och med'), '30 juni 2027');
    // Typed "+46 70 123 45 67": a Swedish mobile reads as Swedes write it.
    assert.equal(answer('Telefonnummer'), '070-123 45 67');
  });

  it('someone without a phone just now leaves the number out and goes on; the hint says a letter reaches them', async () => {
    const agent = agentFor(testApp().app);
    const aboutYouPage = await reach(agent, 1);
    const phoneLabel = aboutYouPage.$(
      `label[for="${controlByLabel(aboutYouPage.$, 'Telefonnummer').attr('id')}"]`,
    );
    assert.match(phoneLabel.text(), /\(frivilligt\)/);
    assert.match(
      phoneLabel.text(),
      /Om du inte har något telefonnummer just nu skriver vi till dig med posten\./,
    );
    const next = await aboutYou(new FormFill(aboutYouPage)).fill('Telefonnummer', '').submit(agent);
    assert.equal(next.response.status, 303);
    assert.equal(next.response.headers.location, '/ansokan/ekonomiskt-bistand/barn');
  });

  it('a wrong postal code, date, amount and phone number each say what is wrong', async () => {
    const agent = agentFor(testApp().app);
    const housingPage = await reach(agent, 3);
    const housingPost = await housing(new FormFill(housingPage))
      .fill('Postnummer', '1234')
      .choose('Hyr du ut någon del av bostaden?', 'Ja')
      .fill('Hur mycket får du i hyra per månad?', '1 5OO kr')
      .submit(agent);
    assert.equal(housingPost.response.status, 400);
    assert.equal(
      messageAbove(housingPost.$, 'Postnummer'),
      'Postnumret ska ha 5 siffror. Du skrev 4.',
    );
    assert.equal(
      messageAbove(housingPost.$, 'Hur mycket får du i hyra per månad?'),
      'Beloppet innehåller bokstäver. Skriv beloppet med siffror, till exempel 1 234,50.',
    );
    assert.equal(valueOf(housingPost, 'Postnummer'), '1234');
    assert.equal(valueOf(housingPost, 'Hur mycket får du i hyra per månad?'), '1 5OO kr');
    // Saved as typed: "back" and a reload may show the step by a plain GET.
    assert.equal(
      housingPost.$('html').attr('data-get-address'),
      '/ansokan/ekonomiskt-bistand/boende',
    );

    // From the page that came back: "Om dig" saves what it shows on the way (unjudged).
    const aboutYouPage = await followLink(agent, { ...housingPage, $: housingPost.$ }, 'Om dig');
    const aboutYouPost = await aboutYou(new FormFill(aboutYouPage))
      .fill('Tillståndet gäller till och med', '31 juni 2027')
      .fill('Telefonnummer', '070 12')
      .fill('Personnummer', '850101-123')
      .submit(agent);
    assert.equal(aboutYouPost.response.status, 400);
    assert.deepEqual(errorSummaryTexts(aboutYouPost.$), [
      '”Personnummer”: Personnumret har för få siffror: du skrev 9, det ska vara 10 eller 12.',
      '”Tillståndet gäller till och med”: Det finns ingen 31 juni. Kontrollera datumet.',
      '”Telefonnummer”: Telefonnumret har för få siffror: du skrev 5, det ska vara minst 7.',
    ]);
    assert.equal(valueOf(aboutYouPost, 'Tillståndet gäller till och med'), '31 juni 2027');
  });
});

describe('input is bounded and clean', () => {
  const testApp = useTestApp({ clock });

  it('SEC-23 11 kB in a 1 kB field: 400, the Swedish message, the text kept in the page, nothing stored', async () => {
    const agent = agentFor(testApp().app);
    const assetsPage = await reach(agent, 6);
    await assets(new FormFill(assetsPage)).submitAndFollow(agent);

    const again = await follow(agent, assetsPage.path);
    const typed = 'Sommarstuga vid sjön. '.repeat(500);
    assert.ok(typed.length > 10_000);
    const { response, $ } = await new FormFill(again)
      .fill('Beskriv vad ni äger', typed)
      .submit(agent);
    assert.equal(response.status, 400);
    const message = `Texten i ”Beskriv vad ni äger” är för lång: 11 000 tecken. Gör den kortare, så att den har högst 1 000 tecken.`;
    assert.deepEqual(errorSummaryTexts($), [message]);
    assert.equal(messageAbove($, 'Beskriv vad ni äger'), message);
    assert.equal(valueOf({ $ }, 'Beskriv vad ni äger'), typed);
    // Not stored, so the page keeps its place in history as the post: a reload sends the text
    // again (the browser asks first) instead of showing the step without it.
    assert.equal($('html').attr('data-get-address'), undefined);

    const later = await follow(agent, assetsPage.path);
    assert.equal(valueOf(later, 'Beskriv vad ni äger'), 'En stuga i Dalarna');
  });

  for (const [what, char] of [
    ['NUL', '\u0000'],
    ['bell (U+0007)', '\u0007'],
    ['right-to-left override (U+202E)', '\u202e'],
  ] as const) {
    it(`SEC-33 ${what} is refused with a message; the text comes back without it, nothing stored`, async () => {
      const agent = agentFor(testApp().app);
      const aboutYouPage = await reach(agent, 1);
      await aboutYou(new FormFill(aboutYouPage)).submitAndFollow(agent);

      const again = await follow(agent, aboutYouPage.path);
      const { response, $ } = await new FormFill(again).fill('Förnamn', `Be${char}a`).submit(agent);
      assert.equal(response.status, 400);
      const message = `Texten i ”Förnamn” ${CONTROL_MESSAGE}`;
      assert.deepEqual(errorSummaryTexts($), [message]);
      assert.equal(messageAbove($, 'Förnamn'), message);
      assert.equal(valueOf({ $ }, 'Förnamn'), 'Bea');
      assert.equal(valueOf({ $ }, 'Efternamn'), 'Lind', 'the other answers are kept');

      const later = await follow(agent, aboutYouPage.path);
      assert.equal(valueOf(later, 'Förnamn'), 'Ada');
    });
  }

  it('a control character in a group row is refused under the row’s name', async () => {
    const agent = agentFor(testApp().app);
    const incomesPage = await reach(agent, 5);
    const { response, $ } = await incomes(new FormFill(incomesPage))
      .fill('Beskrivning', 'A-kassan\u202e')
      .submit(agent);
    assert.equal(response.status, 400);
    assert.deepEqual(errorSummaryTexts($), [
      `Inkomst 1: Texten i ”Beskrivning” ${CONTROL_MESSAGE}`,
    ]);
    assert.equal(valueOf({ $ }, 'Beskrivning'), 'A-kassan');
  });
});

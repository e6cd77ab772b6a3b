import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  answersFor,
  chooseMunicipality,
  familyAnswers,
  fillApplication,
  fillSteps,
  fixedClock,
  postStep,
  rowVersionOf,
  withCheckDigit,
} from '../helpers/application';
import { fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf } from '../helpers/http';
import { FormFill, errorSummaryTexts, follow, followLink } from '../helpers/journey';
import { createApplicant, loginWithSms } from '../helpers/login';
import { useTestApp, type TestApp } from '../helpers/test-services';

const BASE = '/ansokan/ekonomiskt-bistand';
const NO_PARTNER =
  'Inkomst 1, ”Vem får inkomsten?”: Du har valt ”Min medsökande”, men du har ingen medsökande. Är det din inkomst? Välj då ”Jag”. Annars tar du bort inkomsten.';
const LUNCH = 'Äter barnet lunch i förskolan på vardagar?';

/** The family's children with Bo's personnummer replaced: born `yymmdd`, applying for December 2026. */
const childBornOn = (yymmdd: string) => ({
  ...answersFor('barn'),
  'children.1.personnummer': withCheckDigit(`${yymmdd}234`),
  'children.1.preschoolLunch': '',
});

/** A logged-in applicant who has started an empty application from Mina sidor. */
async function newEmptyApplication(
  app: TestApp['app'],
  services: TestApp['services'],
  account?: Parameters<typeof createApplicant>[1],
) {
  const applicant = await createApplicant(services, account);
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  const mine = await getPage(agent, '/mina-sidor');
  await agent
    .post('/mina-sidor/ny-ansokan')
    .type('form')
    .send({ utga: 'tom', _csrf: csrfTokenOf(mine.$) });
  return { agent, applicant };
}

describe('form polish: what a reviewer on a phone met', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('a change on the review page that breaks a later step leads there at once, says why, and then back to the review', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const review = await follow(agent, `${BASE}/granska`);
    const aboutYou = await followLink(agent, review, 'Ändra Om dig');
    const { response } = await new FormFill(aboutYou)
      .choose('Civilstånd', 'Ensamstående')
      .submit(agent);
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `${BASE}/inkomster?granska=1&andrat=om-dig`);

    const incomes = await follow(agent, response.headers.location);
    assert.equal(incomes.response.status, 200);
    const { $ } = incomes;
    // The errors at once, in the summary that takes the focus, with why.
    assert.equal($('#error-summary').attr('autofocus'), 'autofocus');
    assert.equal(
      textOf($, '#error-summary-lead'),
      'Du ändrade dina svar i ”Om dig” – kontrollera de här svaren. Sedan kommer du tillbaka till granskningen.',
    );
    assert.deepEqual(errorSummaryTexts($), [NO_PARTNER]);
    assert.equal(
      messageFor($, 'Vem får inkomsten?', { within: 'Inkomst 1' }),
      'Du har valt ”Min medsökande”, men du har ingen medsökande. Är det din inkomst? Välj då ”Jag”. Annars tar du bort inkomsten.',
    );
    assert.match($('title').text(), /^Fel: Inkomster – /);
    assert.equal(textOf($, 'button[value=next].button--primary'), 'Spara och gå till granskningen');

    // Corrected: straight back to the review, not through every later step.
    const action = String($('main form[method=post]').attr('action'));
    assert.equal(action, `${BASE}/inkomster?granska=1&andrat=om-dig`);
    const corrected = await agent
      .post(action)
      .type('form')
      .send({
        ...answersFor('inkomster'),
        'incomes.0.person': 'sokande',
        _action: 'next',
        _csrf: csrfTokenOf($),
        _version: rowVersionOf($),
      });
    assert.equal(corrected.status, 303);
    // Back at the part first changed, Om dig.
    assert.equal(corrected.headers.location, `${BASE}/granska#review-om-dig`);
  });
  it('a change that adds a step (now sambo) opens that step with a word on why, and the review after it', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const single = familyAnswers
      .filter(([stepId]) => stepId !== 'medsokande')
      .map(([stepId, answers]): [string, Record<string, string | string[]>] => {
        if (stepId === 'om-dig') return [stepId, { ...answers, civilStatus: 'ensamstaende' }];
        if (stepId === 'sysselsattning') return [stepId, { applicant: ['arbetssokande'] }];
        if (stepId === 'inkomster') return [stepId, { ...answers, 'incomes.0.person': 'sokande' }];
        return [stepId, answers];
      });
    for (const [stepId, answers] of single) {
      assert.equal((await postStep(agent, stepId, answers)).status, 303, stepId);
    }
    const review = await follow(agent, `${BASE}/granska`);
    const aboutYou = await followLink(agent, review, 'Ändra Om dig');
    const moved = await new FormFill(aboutYou).choose('Civilstånd', 'Sambo').submitAndFollow(agent);
    assert.equal(moved.path, `${BASE}/medsokande?granska=1&andrat=om-dig`);
    assert.equal(moved.$('#error-summary').length, 0);
    assert.equal(
      textOf(moved.$, '#changed-notice'),
      'Du ändrade dina svar i ”Om dig” – fyll i den här delen också. Sedan kommer du tillbaka till granskningen.',
    );
    assert.equal(moved.$('#changed-notice').attr('autofocus'), 'autofocus');
    assert.match(moved.$('title').text(), /^Medsökande – /);
  });

  it('the lunch question is asked only for a child under 7 in the month applied for, and then it must be answered', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    // December 2026: born 2020-12-01 is 6 on the 1st, born 2019-12-01 is 7 that day.
    const six = await postStep(agent, 'barn', childBornOn('201201'));
    assert.equal(six.status, 400);
    const $six = cheerio.load(six.text);
    assert.deepEqual(errorSummaryTexts($six), [
      `Barn 2: Du har inte valt något svar på ”${LUNCH}”.`,
    ]);
    const legend = $six('#f-children-1-preschoolLunch legend');
    assert.ok(!legend.text().includes('frivilligt'), legend.text());
    assert.equal(
      legend.find('.label__description').text().trim(),
      'Frågan gäller bara barn som är under 7 år den månad du söker för.',
    );
    // Anna (10) is never asked.
    assert.equal($six('#f-children-0-preschoolLunch').length, 0);

    const seven = await postStep(agent, 'barn', childBornOn('191201'));
    assert.equal(seven.status, 303);
    const { $: again } = await getPage(agent, `${BASE}/barn`);
    assert.equal(again('#f-children-1-preschoolLunch').length, 0);
  });

  it('a lunch answer sent with a mistyped personnummer is kept: the question is still shown', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const mistyped = await postStep(agent, 'barn', {
      ...childBornOn('201201'),
      'children.1.personnummer': '20201201-2340',
      'children.1.preschoolLunch': 'ja',
    });
    assert.equal(mistyped.status, 400);

    const { $ } = await getPage(agent, `${BASE}/barn`);
    const lunch = $('#f-children-1-preschoolLunch input:checked');
    assert.equal(lunch.val(), 'ja');
    assert.ok(
      !errorSummaryTexts($).some((text) => text.includes(LUNCH)),
      errorSummaryTexts($).join(),
    );
  });

  it('every number, amount and date message in the summary names its question', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 4));
    const response = await postStep(agent, 'boende', {
      ...answersFor('boende'),
      rooms: 'tre',
      adults: '2,5',
    });
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    assert.deepEqual(errorSummaryTexts($), [
      '”Hur många rum har bostaden?”: Svaret innehåller bokstäver. Skriv antalet med siffror, till exempel 2.',
      '”Hur många vuxna bor i bostaden?”: Svaret har decimaler. Skriv ett helt tal, till exempel 2.',
    ]);
    // By the field, where the question is right above, the message alone.
    assert.equal(
      messageFor($, 'Hur många vuxna bor i bostaden?'),
      'Svaret har decimaler. Skriv ett helt tal, till exempel 2.',
    );
    assert.match($('title').text(), /^Fel: Boende – /);
  });

  it('a question may say what to write in its own words: minus on the bank account, half a room', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 4));
    const rooms = await postStep(agent, 'boende', { ...answersFor('boende'), rooms: '3,5' });
    assert.equal(rooms.status, 400);
    assert.equal(
      messageFor(cheerio.load(rooms.text), 'Hur många rum har bostaden?'),
      'Skriv ett helt tal. Ett halvt rum räknas som ett helt, så 1,5 rum blir 2.',
    );
    // Other whole numbers keep the common message.
    const adults = await postStep(agent, 'boende', { ...answersFor('boende'), adults: '2,5' });
    assert.equal(
      messageFor(cheerio.load(adults.text), 'Hur många vuxna bor i bostaden?'),
      'Svaret har decimaler. Skriv ett helt tal, till exempel 2.',
    );

    await fillApplication(agent, familyAnswers.slice(0, 8));
    const overdrawn = await postStep(agent, 'tillgangar', {
      ...answersFor('tillgangar'),
      bankBalance: '-350 kr',
    });
    assert.equal(overdrawn.status, 400);
    const $ = cheerio.load(overdrawn.text);
    const label = 'Hur mycket pengar finns på alla bankkonton tillsammans?';
    assert.equal(messageFor($, label), 'Har du minus på kontot? Skriv 0 då.');
    assert.equal(fieldByLabel($, label).val(), '-350 kr');
  });

  it('the incomes step names the month applied for, in its intro, heading and box', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 7));
    const { $ } = await getPage(agent, `${BASE}/inkomster`);
    const main = textOf($, 'main');
    assert.match(main, /har i december 2026\. Skriv beloppet efter skatt\./);
    assert.equal(textOf($, 'legend:contains("Inkomster i")').trim(), 'Inkomster i december 2026');
    assert.match(main, /Det finns inga inkomster i hushållet i december 2026/);
    assert.doesNotMatch(main, /den här månaden|den månad du söker för/);
  });

  it('"Lägg till" opens the page with the focus on the new row’s first field', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const added = await postStep(agent, 'barn', answersFor('barn'), 'add:children');
    assert.equal(added.status, 303);
    assert.match(String(added.headers.location), /\?lagt-till=children-3$/);
    const page = await follow(agent, String(added.headers.location));
    const focused = page.$('[autofocus]');
    assert.equal(focused.length, 1);
    assert.equal(
      focused.attr('id'),
      fieldByLabel(page.$, 'Barnets namn', { within: 'Barn 3' }).attr('id'),
    );
    // On the incomes, whose rows start with a choice: the first option.
    await postStep(agent, 'barn', answersFor('barn'));
    for (const [stepId, answers] of familyAnswers.slice(4, 6))
      await postStep(agent, stepId, answers);
    const income = await postStep(agent, 'inkomster', answersFor('inkomster'), 'add:incomes');
    const incomes = await follow(agent, String(income.headers.location));
    assert.equal(incomes.$('[autofocus]').attr('id'), 'f-incomes-2-person-sokande');
  });

  it('each help toggle names its question for a screen reader; umgänge reads as time with you in English', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const { $ } = await getPage(agent, `${BASE}/barn`);
    const toggles = $('details.portal-help summary')
      .toArray()
      .map((summary) => $(summary).text().replace(/\s+/g, ' ').trim());
    assert.ok(
      toggles.includes('Hjälp med den här frågan – Bor barnet växelvis hos båda föräldrarna?'),
    );
    const visible = $('details.portal-help summary').first().clone();
    visible.find('.sr-only').remove();
    assert.equal(visible.text().trim(), 'Hjälp med den här frågan');

    await agent.get('/sprak/en');
    const { $: english } = await getPage(agent, `${BASE}/barn`);
    assert.match(textOf(english, 'main'), /Time with you \(visiting\): how many days/);
    assert.doesNotMatch(textOf(english, 'main'), /Contact:/);
  });

  it('the print page says in English that the printout is in Swedish, and why; in Swedish it says nothing of it', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $: swedish } = await getPage(agent, `${BASE}/klar`);
    assert.equal(swedish('#printout-language').length, 0);
    await agent.get('/sprak/en');
    const { $ } = await getPage(agent, `${BASE}/klar`);
    assert.equal(
      textOf($, '#printout-language'),
      'The application you print is in Swedish, not English. This is because the municipality handles applications in Swedish. Your own answers are printed as you wrote them.',
    );
  });

  it('the example personnummer in hints and messages is a valid one', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const { $ } = await getPage(agent, `${BASE}/om-dig`);
    const hint = fieldByLabel($, 'Personnummer').closest('.text-field').find('.label__description');
    assert.equal(
      hint.text().trim(),
      '10 eller 12 siffror, till exempel 850101-1236. Samordningsnummer går också bra.',
    );
    const example = await postStep(agent, 'om-dig', {
      ...answersFor('om-dig'),
      personnummer: '850101-1236',
    });
    assert.equal(example.status, 303, 'the example itself is accepted');
  });

  it('a date of day and month only says the year is missing, with the typed day as the example', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const response = await postStep(agent, 'om-dig', {
      ...answersFor('om-dig'),
      residencePermit: 'tidsbegransat',
      permitUntil: '28/11',
    });
    const $ = cheerio.load(response.text);
    assert.equal(
      messageFor($, 'Tillståndet gäller till och med'),
      'Året saknas i datumet. Skriv året också, till exempel 28 november 2026.',
    );
    const inWords = await postStep(agent, 'om-dig', {
      ...answersFor('om-dig'),
      residencePermit: 'tidsbegransat',
      permitUntil: '1 dec',
    });
    assert.equal(
      messageFor(cheerio.load(inWords.text), 'Tillståndet gäller till och med'),
      'Året saknas i datumet. Skriv året också, till exempel 1 december 2026.',
    );
  });

  it('a logged-in applicant finds name and mobile filled in from the account, to change if need be', async () => {
    const { app, services } = testApp();
    const { agent, applicant } = await newEmptyApplication(app, services, {
      mobile: '+46701112233',
    });
    await postStep(agent, 'period', answersFor('period'));
    const { $ } = await getPage(agent, `${BASE}/om-dig`);
    // The account's name "Testperson 1234": the last word as the surname.
    assert.equal(shownValue($, 'Förnamn'), 'Testperson');
    assert.equal(shownValue($, 'Efternamn'), applicant.personnummer.slice(-4));
    assert.equal(shownValue($, 'Telefonnummer'), '070-111 22 33');
    assert.equal(
      shownValue($, 'Personnummer'),
      `${applicant.personnummer.slice(0, 8)}-${applicant.personnummer.slice(8)}`,
    );
  });

  it('"Tillbaka" on the first step goes back where the journey began: the choice of municipality, or Mina sidor', async () => {
    const { app, services } = testApp();
    const visitor = agentFor(app);
    await chooseMunicipality(visitor);
    const anonymous = await postStep(visitor, 'period', answersFor('period'), 'back');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.location, '/kommun');

    const { agent } = await newEmptyApplication(app, services);
    const loggedIn = await postStep(agent, 'period', answersFor('period'), 'back');
    assert.equal(loggedIn.headers.location, '/mina-sidor');
  });

  it('Mina sidor: a draft can be deleted, after a page that asks first', async () => {
    const { app, services } = testApp();
    const { agent } = await newEmptyApplication(app, services);
    await postStep(agent, 'period', answersFor('period'));
    const withDraft = await follow(agent, '/mina-sidor');
    assert.match(textOf(withDraft.$, 'main'), /Vill du börja om\? Ta bort den först\./);
    const ask = await followLink(
      agent,
      withDraft,
      'Ta bort: Ansökan om ekonomiskt bistånd – december 2026',
    );
    assert.equal(textOf(ask.$, 'h1'), 'Vill du ta bort ansökan?');
    const form = ask.$('main form[method=post]');
    const deleted = await agent
      .post(String(form.attr('action')))
      .type('form')
      .send({ _csrf: String(form.find('input[name=_csrf]').val()) });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.location, '/mina-sidor?raderat=1');
    const after = await follow(agent, '/mina-sidor?raderat=1');
    assert.match(textOf(after.$, '[role=status]'), /Ansökan är borttagen/);
    assert.match(
      textOf(after.$, 'main'),
      /Här finns inget just nu. En ansökan som du har börjat på men inte skickat in visas här./,
    );
    // Someone else's draft, or one gone: the same 404.
    assert.equal((await agent.get(String(form.attr('action')))).status, 404);
  });

  it("an income's description hint fits every kind of income, not only wages", async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(
      agent,
      familyAnswers.slice(
        0,
        familyAnswers.findIndex(([id]) => id === 'inkomster'),
      ),
    );
    const { $ } = await getPage(agent, `${BASE}/inkomster`);
    const description = fieldByLabel($, 'Beskrivning', { within: 'Inkomst 1' });
    const hint = $(`#${description.attr('aria-describedby')?.split(' ')[0] ?? ''}`);
    assert.equal(hint.text(), 'Till exempel arbetsgivarens namn eller vad inkomsten gäller.');

    await agent.get(`/sprak/en?tillbaka=${encodeURIComponent(`${BASE}/inkomster`)}`);
    const english = (await getPage(agent, `${BASE}/inkomster`)).$;
    const inEnglish = fieldByLabel(english, 'Description', { within: 'Income 1' });
    assert.equal(
      english(`#${inEnglish.attr('aria-describedby')?.split(' ')[0] ?? ''}`).text(),
      'For example the employer’s name or what the income is for.',
    );
  });
});

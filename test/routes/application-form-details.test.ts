import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  answersFor,
  downloadPdf,
  chooseMunicipality,
  familyAnswers,
  fillApplication,
  fillSteps,
  fixedClock,
  postStep,
  type StepAnswers,
  THREE_INCOMES,
} from '../helpers/application';
import { loggedInApplicant, reachAttachmentStep, BILAGOR } from '../helpers/attachments';
import { buttonNamed, fieldByLabel, messageFor, rowLegends, shownValue } from '../helpers/fields';
import { agentFor, errorSummaryLinks, getPage, textOf, type Page } from '../helpers/http';
import { pdfText } from '../helpers/pdf';
import { useTestApp } from '../helpers/test-services';

const STEP = (id: string) => `/ansokan/ekonomiskt-bistand/${id}`;

/** The family's answers up to (not including) the step named. */
const before = (stepId: string, answers = familyAnswers) =>
  answers.slice(
    0,
    answers.findIndex(([id]) => id === stepId),
  );

/** The family as a single applicant: no medsökande, no partner's occupation or income. */
const single: [string, StepAnswers][] = familyAnswers
  .filter(([id]) => id !== 'medsokande')
  .map(([id, answers]): [string, StepAnswers] => {
    if (id === 'om-dig') return [id, { ...answers, civilStatus: 'ensamstaende' }];
    if (id === 'sysselsattning') return [id, { applicant: ['arbetssokande'] }];
    if (id === 'inkomster') {
      return [
        id,
        { 'incomes.0.person': 'sokande', 'incomes.0.type': 'lon', 'incomes.0.amount': '6000' },
      ];
    }
    return [id, answers];
  });

/** The text a control's aria-describedby points at, as a screen reader reads it after the label. */
function description($: Page, control: ReturnType<typeof fieldByLabel>): string[] {
  return (control.attr('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => $(`[id="${id}"]`).text().replace(/\s+/g, ' ').trim());
}

describe('the application form, details a new user met', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('an amount comes back as it was read ("2 500", beside "kr"); with an error, as typed', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, before('inkomster'));
    const saved = await postStep(agent, 'inkomster', answersFor('inkomster'));
    assert.equal(saved.status, 303);
    const { $ } = await getPage(agent, STEP('inkomster'));
    // Typed "2 500 kr" and "8 450,50": the field has "kr" beside it, so no "2 500 kr kr".
    assert.equal(shownValue($, 'Belopp per månad i kronor', { within: 'Inkomst 2' }), '2 500');
    assert.equal(shownValue($, 'Belopp per månad i kronor', { within: 'Inkomst 1' }), '8 450,50');

    const tooLarge = await postStep(agent, 'inkomster', {
      ...answersFor('inkomster'),
      'incomes.1.amount': '300000 kr',
    });
    assert.equal(tooLarge.status, 400);
    const $error = cheerio.load(tooLarge.text);
    assert.match(
      messageFor($error, 'Belopp per månad i kronor', { within: 'Inkomst 2' }),
      /300 000 kr/,
    );
    assert.equal(
      shownValue($error, 'Belopp per månad i kronor', { within: 'Inkomst 2' }),
      '300000 kr',
      'exactly as typed while it has an error',
    );
    // The amount that had no error is shown as read, on the same page.
    assert.equal(
      shownValue($error, 'Belopp per månad i kronor', { within: 'Inkomst 1' }),
      '8 450,50',
    );
  });

  it('the one box on "Intygande" is named in its message, from its own label', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, before('intygande'));
    const response = await postStep(agent, 'intygande', {});
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    const text = 'Kryssa i rutan ”Jag har läst och intygar detta” för att gå vidare.';
    assert.deepEqual(
      errorSummaryLinks($).map((link) => link.text),
      [text],
    );
    assert.equal(messageFor($, 'Din bekräftelse'), text);
  });

  it('the print page lists the attachments the applicant ticked, as the PDF does', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, STEP('klar'));
    const step = $('main ol > li').filter((_, item) =>
      $(item).text().trim().startsWith('Lägg med kopior av de här bilagorna'),
    );
    assert.equal(step.length, 1);
    assert.match(textOf($, 'main'), /Lägg med kopior av de här bilagorna:/);
    assert.deepEqual(
      step
        .find('li')
        .toArray()
        .map((item) => $(item).text().trim()),
      ['Kontoutdrag för de senaste 3 månaderna, för alla konton', 'Hyresavi eller hyreskontrakt'],
    );
    assert.doesNotMatch(textOf($, 'main'), /Läkarintyg|Lägg i kopior/);

    // Nothing ticked: no list of ticked papers; what the answers call for is listed instead.
    await postStep(agent, 'bilagor', { enclosed: [] }, 'next');
    await postStep(agent, 'intygande', { confirm: 'ja' });
    const { $: none } = await getPage(agent, STEP('klar'));
    assert.doesNotMatch(textOf(none, 'main'), /Lägg med kopior av de här bilagorna/);
    assert.match(
      textOf(none, 'main'),
      /Utifrån dina svar behöver din handläggare också se de här papperen\. Lägg med kopior av dem om du kan: Kontoutdrag/,
    );
  });

  it('the papers the answers call for: listed on Bilagor, marked in the PDF, and those not ticked named on the print page', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    // Wages and child allowance, a rented flat, a bill, a job seeker, a temporary permit.
    const needed = [
      'Kontoutdrag för de senaste 3 månaderna, för alla konton',
      'Hyresavi eller hyreskontrakt',
      'Lönebesked och beslut om ersättningar',
      'Aktivitetsrapport från Arbetsförmedlingen',
      'Fakturor och kvitton för kostnaderna du söker för',
      'Beslut om uppehållstillstånd',
    ];
    const bilagor = await getPage(agent, STEP('bilagor'));
    const box = bilagor.$('#needed-papers');
    assert.equal(box.find('h2').text().trim(), 'Utifrån dina svar behöver din handläggare se:');
    assert.deepEqual(
      box
        .find('li')
        .toArray()
        .map((item) => bilagor.$(item).text().trim()),
      needed,
    );

    const { $ } = await getPage(agent, STEP('klar'));
    const missing = $('main ol > li').filter((_, item) =>
      $(item).text().trim().startsWith('Utifrån dina svar behöver din handläggare också se'),
    );
    assert.equal(missing.length, 1);
    assert.deepEqual(
      missing
        .find('li')
        .toArray()
        .map((item) => $(item).text().trim()),
      needed.slice(2),
      'the two ticked ones are not asked for again',
    );
    assert.match(missing.text(), /Skicka ansökan ändå\. Din handläggare kan be om dem senare\./);

    const pdf = pdfText((await downloadPdf(agent)).body as Buffer).replace(/\s+/g, ' ');
    assert.ok(pdf.includes('Läkarintyg'), 'every item is listed');
    assert.ok(pdf.includes('Beslut om uppehållstillstånd (behövs utifrån dina svar)'));
    assert.ok(!pdf.includes('Läkarintyg (behövs'), 'not on sick leave: not needed');
  });

  it('a text area takes a pasted text whole: no maxlength, the limit said, the server says how much too long', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await postStep(agent, 'period', { period: '2026-12', changes: 'ja', changesText: '' });
    const { $ } = await getPage(agent, STEP('period'));
    const box = fieldByLabel($, 'Berätta vad som har ändrats');
    assert.equal(box.attr('maxlength'), undefined);
    assert.ok(
      description($, box).includes('Du kan skriva högst 2 000 tecken.'),
      description($, box).join(' | '),
    );

    const pasted = 'Jag har flyttat. '.repeat(220).trim();
    const response = await postStep(agent, 'period', {
      period: '2026-12',
      changes: 'ja',
      changesText: pasted,
    });
    assert.equal(response.status, 400);
    const $error = cheerio.load(response.text);
    assert.equal(
      messageFor($error, 'Berätta vad som har ändrats'),
      `Texten i ”Berätta vad som har ändrats” är för lång: ${pasted.length.toLocaleString('sv-SE').replace(/\s/g, ' ')} tecken. Gör den kortare, så att den har högst 2 000 tecken.`,
    );
    assert.equal(shownValue($error, 'Berätta vad som har ändrats'), pasted);

    // A one-line box keeps a limit far above real answers: 100 characters for a first name.
    await postStep(agent, 'period', answersFor('period'));
    const { $: aboutYou } = await getPage(agent, STEP('om-dig'));
    assert.equal(fieldByLabel(aboutYou, 'Förnamn').attr('maxlength'), '100');
  });

  it('removing a row is a light button, and the page comes back saying which row went', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, before('inkomster'));
    const rows = THREE_INCOMES;
    const removed = await postStep(agent, 'inkomster', rows, 'remove:incomes:1');
    assert.equal(removed.status, 303);
    assert.equal(
      removed.headers.location,
      '/ansokan/ekonomiskt-bistand/inkomster?borttagen=incomes-2#f-incomes-removed',
    );
    const { $ } = await getPage(agent, removed.headers.location);
    const status = $('[role=status]').filter((_, element) => $(element).text().trim() !== '');
    assert.equal(status.length, 1);
    assert.equal(status.text().trim(), 'Inkomst 2 är borttagen.');
    // Focused when the page loads, with or without JavaScript; the address leads there too.
    assert.equal(status.attr('id'), 'f-incomes-removed');
    assert.notEqual(status.attr('autofocus'), undefined);
    assert.deepEqual(rowLegends($, /^Inkomst \d+$/), ['Inkomst 1', 'Inkomst 2']);
    assert.equal(shownValue($, 'Belopp per månad i kronor', { within: 'Inkomst 2' }), '300');
    // The lesser action looks like one: a text button, not a full button like "Lägg till".
    const remove = buttonNamed($, 'Ta bort den här inkomsten (Inkomst 1)');
    assert.match(remove.attr('class') ?? '', /button--tertiary/);
    assert.doesNotMatch(remove.attr('class') ?? '', /button--secondary|button--primary/);

    // Nothing is said on an ordinary visit, or for a row that cannot have been there.
    for (const path of [STEP('inkomster'), `${STEP('inkomster')}?borttagen=incomes-9`]) {
      const { $: plain } = await getPage(agent, path);
      assert.equal(plain('.portal-row-removed').length, 0, path);
    }

    // Each group says it in its own words ("Barn 1 är borttaget.").
    await postStep(agent, 'inkomster', answersFor('inkomster'));
    const children = await postStep(agent, 'barn', answersFor('barn'), 'remove:children:0');
    const { $: barn } = await getPage(agent, String(children.headers.location));
    assert.equal(barn('[role=status]#f-children-removed').text().trim(), 'Barn 1 är borttaget.');
  });

  it('a row removed by mistake comes back with "Ångra", as it was typed, in its place', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, before('inkomster'));
    const removed = await postStep(agent, 'inkomster', THREE_INCOMES, 'remove:incomes:1');
    const { $ } = await getPage(agent, String(removed.headers.location));
    assert.equal(buttonNamed($, 'Ångra').attr('value'), 'restore:incomes:1');
    assert.deepEqual(rowLegends($, /^Inkomst \d+$/), ['Inkomst 1', 'Inkomst 2']);

    // What the page shows is posted with "Ångra": the two rows left, one of them changed since.
    const left = {
      'incomes.0.person': 'sokande',
      'incomes.0.type': 'lon',
      'incomes.0.amount': '150',
      'incomes.1.person': 'sokande',
      'incomes.1.type': 'pension',
      'incomes.1.amount': '300',
    };
    const undone = await postStep(agent, 'inkomster', left, 'restore:incomes:1');
    assert.equal(undone.status, 303);
    assert.equal(undone.headers.location, `${STEP('inkomster')}?lagt-till=incomes-2`);
    const { $: back } = await getPage(agent, undone.headers.location);
    assert.deepEqual(rowLegends(back, /^Inkomst \d+$/), ['Inkomst 1', 'Inkomst 2', 'Inkomst 3']);
    const amount = (row: string) => shownValue(back, 'Belopp per månad i kronor', { within: row });
    assert.deepEqual(
      ['Inkomst 1', 'Inkomst 2', 'Inkomst 3'].map(amount),
      ['150', '200', '300'],
      'the removed row is back in its place, and the change typed since is kept',
    );
    assert.equal(back('.portal-row-removed').length, 0);

    // Only once: a second "Ångra" (an old page, the back button) changes nothing.
    const again = await postStep(agent, 'inkomster', THREE_INCOMES, 'restore:incomes:1');
    const { $: same } = await getPage(agent, String(again.headers.location));
    assert.equal(rowLegends(same, /^Inkomst \d+$/).length, 3);
  });

  it('the step count is a plain number: "av 12", "av 11" once there is no medsökande', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const { $: first } = await getPage(agent, STEP('period'));
    assert.match(textOf(first, 'main'), /Steg 1 av 12\b/);
    assert.doesNotMatch(textOf(first, 'main'), /eller 12/);
    const steps = first('details')
      .filter((_, details) => first(details).children('summary').text().trim() === 'Visa alla steg')
      .find('li')
      .toArray()
      .map((item) => first(item).text().replace(/\s+/g, ' ').trim());
    assert.equal(steps.length, 12);
    assert.equal(steps[2], 'Medsökande (bara om du är gift eller sambo)');

    await fillSteps(agent, before('medsokande'));
    const { $: partner } = await getPage(agent, STEP('medsokande'));
    assert.match(textOf(partner, 'main'), /Steg 3 av 12/);
    assert.doesNotMatch(textOf(partner, 'main'), /eller sambo\)/);

    await postStep(agent, 'om-dig', answersFor('om-dig', single));
    const { $: alone } = await getPage(agent, STEP('barn'));
    assert.match(textOf(alone, 'main'), /Steg 3 av 11/);
    assert.doesNotMatch(textOf(alone, 'main'), /Medsökande/);
  });

  it('the incomes intro names the medsökande only when there is one', async () => {
    const couple = agentFor(testApp().app);
    await fillApplication(couple, before('inkomster'));
    const { $: both } = await getPage(couple, STEP('inkomster'));
    assert.match(
      textOf(both, 'main'),
      /Skriv alla inkomster som du och din medsökande har i december 2026\./,
    );

    const alone = agentFor(testApp().app);
    await fillApplication(alone, before('inkomster', single));
    const { $: one } = await getPage(alone, STEP('inkomster'));
    assert.match(textOf(one, 'main'), /Skriv alla inkomster som du har i december 2026\./);
    assert.doesNotMatch(textOf(one, '.portal-lead'), /medsökande/i);
  });

  it('on "Bilagor", a logged-in applicant is not told about ticking off a printout', async () => {
    const anonymous = agentFor(testApp().app);
    await fillApplication(anonymous, before('bilagor'));
    const { $: paper } = await getPage(anonymous, BILAGOR);
    assert.match(textOf(paper, 'main'), /Listan kommer med på utskriften/);

    const { agent, personnummer } = await loggedInApplicant(testApp().app, testApp().services);
    await reachAttachmentStep(agent, personnummer);
    const { $ } = await getPage(agent, BILAGOR);
    assert.doesNotMatch(textOf($, 'main'), /utskriften/);
    assert.match(textOf($, 'main'), /Listan kommer med i ansökan, så att din handläggare vet/);
  });

  it('"Umgänge" is asked only about a child who is not folkbokfört with the applicant', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, before('barn'));
    const { $ } = await getPage(agent, STEP('barn'));
    const days = fieldByLabel($, 'Umgänge: hur många dagar i månaden är barnet hos dig?', {
      within: 'Barn 1',
    });
    // Shown in the browser only while "Nej" is chosen there.
    const conditional = days.closest('[data-show-if-name]');
    assert.equal(conditional.attr('data-show-if-name'), 'children.0.registeredHere');
    assert.equal(conditional.attr('data-show-if-values'), 'nej');

    const child = {
      hasChildren: 'ja',
      'children.0.name': 'Anna',
      'children.0.personnummer': '20160524-9877',
      'children.0.alternating': 'nej',
      'children.0.contactDays': '8',
      maintenanceSupport: 'nej',
    };
    await postStep(agent, 'barn', { ...child, 'children.0.registeredHere': 'ja' });
    const { $: here } = await getPage(agent, STEP('barn'));
    assert.equal(
      shownValue(here, 'Umgänge: hur många dagar i månaden är barnet hos dig?', {
        within: 'Barn 1',
      }),
      '',
      'not kept for a child who lives here',
    );
    await postStep(agent, 'barn', { ...child, 'children.0.registeredHere': 'nej' });
    const { $: away } = await getPage(agent, STEP('barn'));
    assert.equal(
      shownValue(away, 'Umgänge: hur många dagar i månaden är barnet hos dig?', {
        within: 'Barn 1',
      }),
      '8',
    );
  });
});

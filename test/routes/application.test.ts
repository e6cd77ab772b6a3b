import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { decodeAnswers } from '../../services/paper-parts';
import {
  answersFor,
  chooseMunicipality,
  downloadPdf,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  rowVersionOf,
  sessionIdOf,
  storedApplication,
  type StepAnswers,
} from '../helpers/application';
import {
  buttonNamed,
  checkedOptions,
  fieldByLabel,
  linkNamed,
  messageFor,
  rowLegends,
  shownValue,
} from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf } from '../helpers/http';
import { pdfAnswers, pdfPageCount, pdfQrCodes, pdfText, popplerSkipReason } from '../helpers/pdf';
import { answersIn, reviewAnswers, type ShownAnswer } from '../helpers/review';
import { createTestApp, useTestApp } from '../helpers/test-services';

/** The family's answers as the review page and the PDF must show them: section -> rows. */
const familyShown: [string, [string, string][]][] = [
  [
    'Period',
    [
      ['Vilken månad söker du för?', 'december 2026'],
      ['Har något ändrats sedan du sökte förra gången?', 'Ja'],
      ['Berätta vad som har ändrats', 'Min sambo har fått ett deltidsjobb.'],
    ],
  ],
  [
    'Om dig',
    [
      ['Förnamn', 'Łukasz'],
      ['Efternamn', 'Øvergård'],
      ['Personnummer', '19850101-1236'],
      ['Medborgarskap', 'Polen'],
      ['Uppehållstillstånd', 'Behövs inte (medborgare i Sverige, Norden, EU/EES eller Schweiz)'],
      ['Civilstånd', 'Sambo'],
      ['Telefonnummer', '070-123 45 67'],
      ['E-post', 'lukasz@example.se'],
    ],
  ],
  [
    'Medsökande',
    [
      ['Förnamn', 'Nguyễn Thị'],
      ['Efternamn', 'Minh'],
      ['Personnummer', '19870312-4563'],
      ['Medborgarskap', 'Vietnam'],
      ['Uppehållstillstånd', 'Tidsbegränsat uppehållstillstånd'],
      ['Tillståndet gäller till och med', '30 juni 2027'],
    ],
  ],
  [
    'Barn',
    [
      ['Bor det barn hos dig?', 'Ja'],
      ['Barn 1: Barnets namn', 'Anna Øvergård'],
      ['Barn 1: Barnets personnummer', '20160524-9877'],
      ['Barn 1: Skola eller förskola', 'Björkskolan'],
      ['Barn 1: Är barnet folkbokfört hos dig?', 'Ja'],
      ['Barn 1: Bor barnet växelvis hos båda föräldrarna?', 'Nej'],
      ['Barn 2: Barnets namn', 'Bo Minh'],
      ['Barn 2: Barnets personnummer', '20221111-2343'],
      ['Barn 2: Är barnet folkbokfört hos dig?', 'Ja'],
      ['Barn 2: Bor barnet växelvis hos båda föräldrarna?', 'Nej'],
      ['Barn 2: Äter barnet lunch i förskolan på vardagar?', 'Ja'],
      ['Har du ansökt om underhållsstöd eller får du underhållsbidrag?', 'Nej'],
    ],
  ],
  [
    'Boende',
    [
      ['Hur bor du?', 'Hyr med eget förstahandskontrakt'],
      ['Gatuadress', 'Storgatan 5 B'],
      ['Postnummer', '123 45'],
      ['Ort', 'Exempelby'],
      ['Hur många rum har bostaden?', '3'],
      ['Hur många vuxna bor i bostaden?', '2'],
      ['Hur många barn bor i bostaden?', '2'],
      ['Hyresvärd', 'Exempelbyhem AB'],
      ['Hyr du ut någon del av bostaden?', 'Nej'],
    ],
  ],
  [
    'Sysselsättning',
    [
      ['Vad gör du på dagarna?', '• Arbetssökande på Arbetsförmedlingen • Studerar svenska (sfi)'],
      ['Vad gör din medsökande på dagarna?', 'Arbetar deltid'],
    ],
  ],
  [
    'Inkomster',
    [
      ['Inkomst 1: Vem får inkomsten?', 'Min medsökande'],
      ['Inkomst 1: Typ av inkomst', 'Lön'],
      ['Inkomst 1: Beskrivning', 'Städbolaget AB'],
      ['Inkomst 1: Belopp per månad i kronor', '8 450,50 kr'],
      ['Inkomst 2: Vem får inkomsten?', 'Jag'],
      ['Inkomst 2: Typ av inkomst', 'Barnbidrag och flerbarnstillägg'],
      ['Inkomst 2: Belopp per månad i kronor', '2 500 kr'],
    ],
  ],
  [
    'Tillgångar',
    [
      ['Hur mycket pengar finns på alla bankkonton tillsammans?', '1 200 kr'],
      ['Har någon i hushållet aktier, fonder eller andra värdepapper?', 'Nej'],
      ['Äger någon i hushållet en bil, motorcykel eller annat fordon?', 'Nej'],
      ['Äger någon i hushållet en bostadsrätt, ett hus eller annan fastighet?', 'Nej'],
    ],
  ],
  [
    'Kostnader',
    [
      ['Kostnad 1: Vad är kostnaden för?', 'Hyra eller avgift för bostaden'],
      ['Kostnad 1: Belopp i kronor', '7 850 kr'],
      ['Kostnad 1: Sista betalningsdag', '31 december 2026'],
      ['Kostnad 2: Vad är kostnaden för?', 'Hushållsel'],
      ['Kostnad 2: Belopp i kronor', '450 kr'],
      ['Kostnad 2: Sista betalningsdag', '15 december 2026'],
    ],
  ],
  [
    'Meddelande',
    [
      [
        'Vill du berätta något mer för din handläggare?',
        'Jag har fått en tid hos tandläkaren i januari.',
      ],
    ],
  ],
  [
    'Bilagor',
    [
      [
        'Det här skickar jag med',
        '• Kontoutdrag för de senaste 3 månaderna, för alla konton • Hyresavi eller hyreskontrakt',
      ],
    ],
  ],
  ['Intygande', [['Din bekräftelse', 'Jag har läst och intygar detta']]],
];

const ESTIMATE = 'Preliminär beräkning – inte ett beslut';

/**
 * Each section's rows, in order, exactly: a value under the wrong question fails. The paper
 * prints the declaration whole above the signatures instead of the tick of "Intygande".
 */
function assertFamilyShown(answers: ShownAnswer[], where: string, paper = false) {
  for (const [section, rows] of familyShown) {
    const expected = paper && section === 'Intygande' ? [] : rows;
    assert.deepEqual(answersIn(answers, section), expected, `${where}: ${section}`);
  }
}

describe('the application without an account', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('a family fills every step, reviews the answers, and gets a PDF with them all', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);

    const { response, $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(response.status, 200);
    const review = reviewAnswers($);
    assertFamilyShown(review, 'review page');
    assert.deepEqual(
      [...new Set(review.map((row) => row.section))],
      [...familyShown.map(([section]) => section), ESTIMATE],
      'the review page shows these sections and no others',
    );
    assert.deepEqual(answersIn(review, ESTIMATE).at(-1), ['Beräknat behov', '13 339,50 kr']);
    assert.equal(
      linkNamed($, 'Ändra Medsökande').attr('href'),
      '/ansokan/ekonomiskt-bistand/medsokande?granska=1',
    );

    const pdf = await downloadPdf(agent);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      pdf.headers['content-disposition'] ?? '',
      /^attachment; filename="ansokan-ekonomiskt-bistand-2026-12\.pdf"$/,
    );
    assert.equal(pdf.headers['cache-control'], 'no-store');
    const body = pdf.body as Buffer;
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');

    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const paper = pdfAnswers(body);
    assertFamilyShown(paper, 'PDF', true);
    assert.deepEqual(answersIn(paper, ESTIMATE), answersIn(review, ESTIMATE), 'PDF: the estimate');
    const text = pdfText(body);
    for (const expected of [
      'Socialtjänsten, enheten för ekonomiskt bistånd',
      'Box 101',
      '123 45 Exempelby',
      'Ansökan om ekonomiskt bistånd – december 2026',
      'Underskrift: Łukasz Øvergård',
      'Underskrift: Nguyễn Thị Minh',
      'Jag intygar att uppgifterna i ansökan är sanna och fullständiga',
      'Kontoutdrag för de senaste 3 månaderna',
    ]) {
      assert.ok(text.includes(expected), `PDF has ${expected}`);
    }
    const pages = pdfPageCount(body);
    assert.ok(pages >= 2);
    for (let page = 1; page <= pages; page++) assert.ok(text.includes(`Sida ${page} av ${pages}`));
    assert.equal(
      text.split('Inte underskriven – skriv under och skicka till kommunen').length - 1,
      pages,
    );

    const decoded = decodeAnswers(pdfQrCodes(body));
    const stored = await storedApplication(testApp().services, agent);
    assert.equal(decoded.formId, 'ekonomiskt-bistand');
    assert.equal(decoded.formVersion, 1);
    assert.deepEqual(decoded.values, stored?.draft.values);
    assert.equal(decoded.values['om-dig']?.personnummer, '198501011236');
    // Shown as "070-123 45 67", stored and carried in the QR codes as its digits.
    assert.equal(decoded.values['om-dig'].phone, '0701234567');
    assert.deepEqual(
      (decoded.values.inkomster?.incomes as { amount: number }[]).map((income) => income.amount),
      [845050, 250000],
    );
  });

  it('Ändra on the review page saves and comes back to the review', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $: before } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    const { $ } = await getPage(agent, linkNamed(before, 'Ändra Boende').attr('href') ?? '');
    assert.equal(shownValue($, 'Gatuadress'), 'Storgatan 5 B');
    const save = buttonNamed($, 'Spara och gå till granskningen');
    assert.equal(save.length, 1);
    const action = save.closest('form').attr('action') ?? '';
    assert.equal(action, '/ansokan/ekonomiskt-bistand/boende?granska=1');
    const answers = { ...answersFor('boende'), street: 'Nya vägen 1' };
    const response = await agent
      .post(action)
      .type('form')
      .send({ ...answers, _action: 'next', _csrf: csrfTokenOf($), _version: rowVersionOf($) });
    // Back at the changed part (its heading), not the top of a long page.
    assert.equal(response.headers.location, '/ansokan/ekonomiskt-bistand/granska#review-boende');
    const { $: review } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(review('#review-boende').text(), 'Boende');
    const housing = answersIn(reviewAnswers(review), 'Boende');
    assert.deepEqual(housing[1], ['Gatuadress', 'Nya vägen 1']);
    assert.equal(housing.length, 9, 'the other housing answers are still there');
  });

  it('"Tillbaka" on a step opened with Ändra leads back to the review, or says what to fix first', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $: before } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    const change = linkNamed(before, 'Ändra Boende').attr('href') ?? '';
    const back = async (answers: StepAnswers) => {
      const { $ } = await getPage(agent, change);
      const action = buttonNamed($, 'Tillbaka').closest('form').attr('action') ?? '';
      return agent
        .post(action)
        .type('form')
        .send({ ...answers, _action: 'back', _csrf: csrfTokenOf($), _version: rowVersionOf($) });
    };
    const unchanged = await back(answersFor('boende'));
    assert.equal(unchanged.headers.location, '/ansokan/ekonomiskt-bistand/granska#review-boende');

    // A mistake typed before "Tillbaka" is kept, and shown at once with what to do.
    const mistaken = await back({ ...answersFor('boende'), postalCode: '1234' });
    assert.equal(
      mistaken.headers.location,
      '/ansokan/ekonomiskt-bistand/boende?granska=1&andrat=boende',
    );
    const { $ } = await getPage(agent, mistaken.headers.location);
    assert.equal(messageFor($, 'Postnummer'), 'Postnumret ska ha 5 siffror. Du skrev 4.');
    assert.equal(shownValue($, 'Postnummer'), '1234');
  });

  it('answers hidden since (a partner who is gone) are left out of the PDF and its QR codes', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const single = await postStep(agent, 'om-dig', {
      ...answersFor('om-dig'),
      civilStatus: 'ensamstaende',
    });
    assert.equal(single.status, 303);
    const incomes = await postStep(agent, 'inkomster', {
      ...answersFor('inkomster'),
      'incomes.0.person': 'sokande',
    });
    assert.equal(incomes.headers.location, '/ansokan/ekonomiskt-bistand/tillgangar');
    const pdf = (await downloadPdf(agent)).body as Buffer;
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const paper = pdfAnswers(pdf);
    assert.deepEqual(answersIn(paper, 'Medsökande'), []);
    assert.deepEqual(answersIn(paper, 'Sysselsättning'), [
      ['Vad gör du på dagarna?', '• Arbetssökande på Arbetsförmedlingen • Studerar svenska (sfi)'],
    ]);
    assert.deepEqual(answersIn(paper, 'Om dig')[5], ['Civilstånd', 'Ensamstående']);
    const text = pdfText(pdf);
    assert.ok(!text.includes('19870312-4563'));
    assert.ok(!text.includes('Underskrift: Nguyễn'));
    const decoded = decodeAnswers(pdfQrCodes(pdf));
    assert.equal(decoded.values.medsokande, undefined);
    assert.equal(decoded.values.sysselsattning?.partner, undefined);
    assert.ok(!JSON.stringify(decoded.values).includes('198703124563'));
  });

  it('a changed answer reopens a later step it makes wrong (an income for a partner who is gone)', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    await postStep(agent, 'om-dig', { ...answersFor('om-dig'), civilStatus: 'ensamstaende' });
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/inkomster?granska=1&ratta=1',
    );
    const again = await postStep(agent, 'inkomster', answersFor('inkomster'));
    assert.equal(again.status, 400);
    const $ = cheerio.load(again.text);
    assert.equal(
      messageFor($, 'Vem får inkomsten?', { within: 'Inkomst 1' }),
      'Du har valt ”Min medsökande”, men du har ingen medsökande. Är det din inkomst? Välj då ”Jag”. Annars tar du bort inkomsten.',
    );
    assert.deepEqual(checkedOptions($, 'Vem får inkomsten?', { within: 'Inkomst 1' }), [
      'Min medsökande',
    ]);
  });

  it('adding or removing a row makes the step count as not done until Nästa', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const added = await postStep(agent, 'barn', answersFor('barn'), 'add:children');
    assert.equal(added.status, 303);
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/barn?granska=1&ratta=1',
    );
  });

  it('step order: a later step redirects to the first one not done', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const jump = await agent.get('/ansokan/ekonomiskt-bistand/kostnader');
    assert.equal(jump.status, 303);
    assert.equal(jump.headers.location, '/ansokan/ekonomiskt-bistand/period');
    const post = await agent.post('/ansokan/ekonomiskt-bistand/kostnader').type('form').send({});
    assert.equal(post.status, 403, 'without a token nothing is accepted');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/period',
    );
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/ansokan.pdf')).headers.location,
      '/ansokan/ekonomiskt-bistand/period',
    );
    await postStep(agent, 'period', answersFor('period'));
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/barn')).headers.location,
      '/ansokan/ekonomiskt-bistand/om-dig',
    );
    assert.equal((await agent.get('/ansokan')).headers.location, '/ansokan/ekonomiskt-bistand');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand')).headers.location,
      '/ansokan/ekonomiskt-bistand/om-dig',
    );
  });

  it('without a municipality the journey starts by choosing one', async () => {
    const response = await agentFor(testApp().app).get('/ansokan/ekonomiskt-bistand/period');
    assert.equal(response.headers.location, '/kommun');
  });

  it('showIf: a single applicant never sees the medsökande step and it is not required', async () => {
    const agent = agentFor(testApp().app);
    const single = familyAnswers
      .filter(([stepId]) => stepId !== 'medsokande')
      .map(([stepId, answers]): [string, typeof answers] => {
        if (stepId === 'om-dig') return [stepId, { ...answers, civilStatus: 'ensamstaende' }];
        if (stepId === 'sysselsattning') return [stepId, { applicant: ['arbetssokande'] }];
        if (stepId === 'inkomster') {
          return [
            stepId,
            {
              'incomes.0.person': 'sokande',
              'incomes.0.type': 'a-kassa',
              'incomes.0.amount': '6000',
            },
          ];
        }
        return [stepId, answers];
      });
    await chooseMunicipality(agent);
    await postStep(agent, 'period', answersFor('period', single));
    const afterAboutYou = await postStep(agent, 'om-dig', answersFor('om-dig', single));
    assert.equal(afterAboutYou.headers.location, '/ansokan/ekonomiskt-bistand/barn');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/medsokande')).headers.location,
      '/ansokan/ekonomiskt-bistand/barn',
    );
    const { $: children } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.ok(textOf(children, 'main').includes('Steg 3 av 11'));
    await fillApplication(agent, single.slice(2));

    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    const review = reviewAnswers($);
    assert.ok(!review.some((row) => row.section === 'Medsökande'));
    assert.deepEqual(answersIn(review, 'Sysselsättning'), [
      ['Vad gör du på dagarna?', 'Arbetssökande på Arbetsförmedlingen'],
    ]);
  });

  it('a same-step showIf: the follow-up is required only when its answer is given', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const rejected = await postStep(agent, 'period', {
      period: '2026-12',
      changes: 'ja',
      changesText: '',
    });
    assert.equal(rejected.status, 400);
    const $ = cheerio.load(rejected.text);
    assert.equal(
      messageFor($, 'Berätta vad som har ändrats'),
      'Du har inte fyllt i ”Berätta vad som har ändrats”.',
    );
    assert.deepEqual(checkedOptions($, 'Har något ändrats sedan du sökte förra gången?'), ['Ja']);
    // Shown and hidden in the browser by the answer it follows up.
    assert.equal(
      fieldByLabel($, 'Berätta vad som har ändrats')
        .closest('[data-show-if-name]')
        .attr('data-show-if-name'),
      'changes',
    );
    // "Nej" with the follow-up still filled in (a page without JS shows both): which is meant?
    const clash = await postStep(agent, 'period', {
      period: '2026-12',
      changes: 'nej',
      changesText: 'kvar från förut',
    });
    assert.equal(clash.status, 400);
    assert.match(
      messageFor(cheerio.load(clash.text), 'Berätta vad som har ändrats'),
      /^Du har fyllt i ”Berätta vad som har ändrats”\. Den frågan gäller bara om du har valt ”Ja”/,
    );
    // A browser with JS sends nothing from the hidden question.
    const accepted = await postStep(agent, 'period', { period: '2026-12', changes: 'nej' });
    assert.equal(accepted.status, 303);
  });

  it('group rows are added and removed without JavaScript, keeping what was typed', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const added = await postStep(
      agent,
      'barn',
      { hasChildren: 'ja', 'children.0.name': 'Anna', 'children.0.personnummer': '160524-9877' },
      'add:children',
    );
    assert.equal(added.status, 303);
    assert.equal(added.headers.location, '/ansokan/ekonomiskt-bistand/barn?lagt-till=children-2');
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.deepEqual(rowLegends($, /^Barn \d+$/), ['Barn 1', 'Barn 2']);
    assert.equal(shownValue($, 'Barnets namn', { within: 'Barn 1' }), 'Anna');
    assert.equal(shownValue($, 'Barnets personnummer', { within: 'Barn 1' }), '160524-9877');
    assert.equal(shownValue($, 'Barnets namn', { within: 'Barn 2' }), '');
    assert.deepEqual(checkedOptions($, 'Bor det barn hos dig?'), ['Ja']);
    assert.equal(buttonNamed($, 'Ta bort det här barnet (Barn 2)').length, 1);

    const removed = await postStep(
      agent,
      'barn',
      {
        hasChildren: 'ja',
        'children.0.name': 'Anna',
        'children.0.personnummer': '160524-9877',
        'children.1.name': 'Bo',
      },
      'remove:children:0',
    );
    assert.equal(removed.status, 303);
    const { $: after } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.deepEqual(rowLegends(after, /^Barn \d+$/), ['Barn 1']);
    assert.equal(shownValue(after, 'Barnets namn', { within: 'Barn 1' }), 'Bo');
    assert.equal(
      buttonNamed(after, 'Ta bort det här barnet (Barn 1)').length,
      0,
      'the last required row stays',
    );
  });

  it('a row added and left empty is gone once the step is accepted, not shown again as if it would be sent', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const barn = familyAnswers.find(([id]) => id === 'barn')?.[1] ?? {};
    await postStep(agent, 'barn', barn, 'add:children');
    const withEmpty = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.deepEqual(rowLegends(withEmpty.$, /^Barn \d+$/), ['Barn 1', 'Barn 2', 'Barn 3']);
    const next = await postStep(agent, 'barn', barn);
    assert.equal(next.status, 303);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.deepEqual(rowLegends($, /^Barn \d+$/), ['Barn 1', 'Barn 2']);
    assert.equal(shownValue($, 'Barnets namn', { within: 'Barn 2' }), 'Bo Minh');
  });

  it('Tillbaka saves what was typed, even when it is not finished', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const back = await postStep(
      agent,
      'om-dig',
      { firstName: 'Łukasz', personnummer: '85010' },
      'back',
    );
    assert.equal(back.headers.location, '/ansokan/ekonomiskt-bistand/period');
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal(shownValue($, 'Förnamn'), 'Łukasz');
    assert.equal(shownValue($, 'Personnummer'), '85010');
    assert.equal(shownValue($, 'Efternamn'), '');
  });

  it('"Nej, gå tillbaka till ansökan" returns to the step where "Avbryt och radera mina uppgifter" was pressed', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/boende');
    const leave = buttonNamed($, 'Avbryt och radera mina uppgifter');
    const left = await agent
      .post('/ansokan/ekonomiskt-bistand/boende')
      .type('form')
      .send({
        ...answersFor('boende'),
        _action: leave.attr('value'),
        _csrf: csrfTokenOf($),
        _version: rowVersionOf($),
      });
    assert.equal(left.headers.location, '/ansokan/ekonomiskt-bistand/avbryt?fran=boende');
    const cancel = await getPage(agent, left.headers.location);
    assert.equal(
      linkNamed(cancel.$, 'Nej, gå tillbaka till ansökan').attr('href'),
      '/ansokan/ekonomiskt-bistand/boende',
    );
    // An unknown step in the address: where the form resumes.
    const odd = await getPage(agent, '/ansokan/ekonomiskt-bistand/avbryt?fran=okand');
    assert.equal(
      linkNamed(odd.$, 'Nej, gå tillbaka till ansökan').attr('href'),
      '/ansokan/ekonomiskt-bistand',
    );
  });

  it('"Avbryt och radera" deletes the draft and ends the session after a confirmation', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/avbryt');
    assert.equal(textOf($, 'h1'), 'Vill du radera dina uppgifter?');
    const sid = sessionIdOf(agent);
    const confirm = buttonNamed($, 'Ja, radera mina uppgifter');
    assert.equal(confirm.length, 1);
    const deleted = await agent
      .post(confirm.closest('form').attr('action') ?? '')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(deleted.headers.location, '/?raderat=1');
    assert.equal(await testApp().services.sessionStore.read(sid), null);
    const { $: start } = await getPage(agent, '/?raderat=1');
    assert.equal(
      textOf(start, '[role=status]'),
      'Dina uppgifter är raderade. Du kan stänga webbläsaren.',
    );
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/kommun',
    );

    const { $: done } = await getPage(agentFor(testApp().app), '/');
    assert.ok(!textOf(done, 'main').includes('Dina uppgifter är raderade'));
  });

  it('the page after printing says where to send it and offers to delete everything', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/klar');
    assert.equal(
      linkNamed($, 'Ladda ner ansökan (PDF)').attr('href'),
      '/ansokan/ekonomiskt-bistand/ansokan.pdf',
    );
    assert.ok(textOf($, 'address').includes('Box 101'));
    // Many applicants have a phone and no printer.
    assert.match(
      textOf($, 'main ol > li:first-child'),
      /Har du ingen skrivare\? Du kan skriva ut på biblioteket\. Du kan också be socialtjänsten om en ansökan på papper\./,
    );
    assert.equal(
      buttonNamed($, 'Ja, radera mina uppgifter').closest('form').attr('action'),
      '/ansokan/ekonomiskt-bistand/avbryt',
    );
  });
});

describe('the idle-timeout warning', () => {
  it('every step says when data is deleted; "Jag behöver mer tid" renews the session, with or without JS', async () => {
    const opened = await createTestApp({ clock: fixedClock });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/period');
      assert.ok(
        textOf($, 'main').includes(
          'Om du inte gör något på 30 minuter raderar vi dina uppgifter. Det är för din säkerhet.',
        ),
      );
      const button = buttonNamed($, 'Jag behöver mer tid');
      const form = button.closest('form');
      assert.equal(form.attr('method'), 'post');
      assert.equal(form.attr('action'), '/ansokan/forlang');
      assert.notEqual($('#timeout-warning').attr('hidden'), undefined, 'shown by JS only when due');
      const fields = {
        _csrf: String(form.find('input[name="_csrf"]').val()),
        tillbaka: String(form.find('input[name="tillbaka"]').val()),
      };

      const plain = await agent.post('/ansokan/forlang').type('form').send(fields);
      assert.equal(plain.status, 303);
      assert.equal(plain.headers.location, '/ansokan/ekonomiskt-bistand/period');
      assert.match(String(plain.headers['set-cookie']), /portal\.sid=/, 'the cookie is renewed');

      const script = await agent
        .post('/ansokan/forlang')
        .type('form')
        .set('Accept', 'application/json')
        .send(fields);
      assert.deepEqual(script.body, { idleMinutes: 30 });

      const away = await agent
        .post('/ansokan/forlang')
        .type('form')
        .send({ ...fields, tillbaka: 'https://evil.example' });
      // Never off the site: to the start page.
      assert.equal(away.headers.location, '/');
      const elsewhere = await agent.get('/ansokan/forlang?tillbaka=https://evil.example');
      assert.equal(elsewhere.headers.location, '/ansokan');
    } finally {
      await opened.cleanup();
    }
  });
});

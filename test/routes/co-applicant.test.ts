import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { downloadPdf } from '../helpers/application';
import {
  CO_APPLICANT_NAME,
  createApplicantWithPhone,
  loggedIn,
  pressOnConfirmPage,
  sendNaming,
  storedHistory,
} from '../helpers/co-applicant';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf, type Page } from '../helpers/http';
import { changeStatus } from '../helpers/cases';
import { newPersonnummer } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { pdfPageCount, pdfText, popplerSkipReason } from '../helpers/pdf';
import { answersIn, reviewAnswers } from '../helpers/review';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

/** The receipt's facts as a reader finds them: the label and what stands beside it. */
function receiptRows($: Page): Record<string, string> {
  return Object.fromEntries(
    $('main .portal-summary__row')
      .toArray()
      .map((row) => [
        $(row).find('dt').text().trim(),
        $(row).find('dd').text().replace(/\s+/g, ' ').trim(),
      ]),
  );
}

/** The link from B's Mina sidor to the application B is asked to confirm. */
function confirmLinkOf($: Page): string {
  const section = $('h2:contains("Ansökningar du ska bekräfta")');
  assert.equal(section.length, 1, 'Mina sidor has no list of applications to confirm');
  return $('a:contains("Läs och bekräfta")').first().attr('href') ?? '';
}

describe('the medsökande confirms', () => {
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  const testApp = useTestApp({ clock });

  it('a spouse with an account: A sends, B logs in with their own two factors, reads the answers and confirms', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    const sent = await sendNaming(testApp(), spouse.personnummer);

    const waiting = await getPage(sent.agent, `${sent.receiptPath}?skickad=1`);
    assert.match(
      textOf(waiting.$, '[role="status"]'),
      /Exempelby kommun har fått din ansökan\. Din medsökande ska också bekräfta den, i e-tjänsten eller genom att skriva under blanketten\./,
    );
    const rows = receiptRows(waiting.$);
    assert.equal(rows.Status, 'Väntar på att din medsökande bekräftar eller skriver under');
    assert.equal(
      rows.Medsökande,
      `Väntar på att ${CO_APPLICANT_NAME} bekräftar eller skriver under`,
    );
    assert.match(textOf(waiting.$, 'main'), /kan logga in i e-tjänsten och bekräfta ansökan\./);
    // The paper form is offered here too: whether B has an account must not show.
    assert.equal(waiting.$('a:contains("Blankett för medsökandens underskrift")').length, 1);
    let history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'vantar-medsokande');
    assert.deepEqual(
      history.events.map((event) => [event.from_status, event.to_status]),
      [['draft', 'vantar-medsokande']],
    );
    assert.equal(history.coApplicant?.state, 'waiting');
    assert.equal(history.coApplicant.account_id, spouse.account.id);

    // The notice says only that there is something to confirm: no name, no number.
    const notice = await services.smsOutbox?.latestTo(spouse.mobile);
    assert.equal(notice?.text, 'Du har en ansökan att bekräfta på Mina sidor. /Exempelby kommun');

    clock.advanceMinutes(12);
    const agentB = await loggedIn(testApp(), spouse);
    const mine = await getPage(agentB, '/mina-sidor');
    assert.match(
      textOf(mine.$, 'main'),
      /Ansökningar du ska bekräfta.*Ansökan om ekonomiskt bistånd – december 2026.*skickade in ansökan den 24 november 2026 kl\. 09\.30/,
    );
    const confirmPath = confirmLinkOf(mine.$);
    assert.equal(confirmPath, `/mina-sidor/bekrafta/${sent.applicationId}`);

    const page = await getPage(agentB, confirmPath);
    assert.equal(page.response.status, 200);
    assert.equal(textOf(page.$, 'h1'), 'Bekräfta ansökan');
    const answers = reviewAnswers(page.$);
    assert.deepEqual(answersIn(answers, 'Om dig').slice(0, 2), [
      ['Förnamn', 'Łukasz'],
      ['Efternamn', 'Øvergård'],
    ]);
    assert.ok(
      answersIn(answers, 'Medsökande').some(
        ([question, answer]) =>
          question === 'Personnummer' && answer.replace('-', '') === spouse.personnummer,
      ),
    );
    assert.match(textOf(page.$, 'main'), /När du bekräftar intygar du detta: Jag intygar att/);

    const confirmed = await pressOnConfirmPage(agentB, confirmPath, 'Jag bekräftar');
    assert.equal(confirmed.status, 303);
    const after = await getPage(agentB, confirmed.headers.location ?? '');
    assert.match(
      textOf(after.$, '[role="status"]'),
      /Du bekräftade ansökan den 24 november 2026 kl\. 09\.42\. Nu går den till handläggaren\./,
    );
    assert.equal(after.$('button:contains("Jag bekräftar")').length, 0);
    const mineAfter = await getPage(agentB, '/mina-sidor');
    assert.doesNotMatch(textOf(mineAfter.$, 'main'), /Ansökningar du ska bekräfta/);

    history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'inkommen');
    assert.deepEqual(
      history.events.map((event) => [
        event.from_status,
        event.to_status,
        event.actor_id,
        event.actor_kind,
      ]),
      [
        ['draft', 'vantar-medsokande', sent.applicant.account.id, 'applicant'],
        ['vantar-medsokande', 'inkommen', spouse.account.id, 'co-applicant'],
      ],
    );

    const receipt = await getPage(sent.agent, sent.receiptPath);
    assert.equal(receiptRows(receipt.$).Status, 'Mottagen – väntar på handläggare');
    assert.equal(
      receiptRows(receipt.$).Medsökande,
      'Bekräftad av medsökande 24 november 2026 kl. 09.42',
    );
    const ownPages = await getPage(sent.agent, '/mina-sidor');
    assert.match(
      textOf(ownPages.$, 'main'),
      /Mottagen – väntar på handläggare Bekräftad av medsökande 24 november 2026 kl\. 09\.42/,
    );

    const forCaseworker = await services.coApplicants.coApplicantOf(sent.applicationId);
    assert.deepEqual(forCaseworker, {
      state: 'confirmed',
      name: CO_APPLICANT_NAME,
      decidedAt: new Date('2026-11-24T09:42:00+01:00'),
      message: undefined,
      signatureReceivedOn: undefined,
    });
  });

  it('in English the answers B reads stay in Swedish, as sent, and say so for screen readers', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    const sent = await sendNaming(testApp(), spouse.personnummer);
    const agent = await loggedIn(testApp(), spouse);
    await agent.get('/sprak/en');
    const { $ } = await getPage(agent, `/mina-sidor/bekrafta/${sent.applicationId}`);
    assert.equal($('html').attr('lang'), 'en');
    assert.match(textOf($, 'h1'), /Confirm/);
    // The page's own words in English, its dates too: "24 November 2026 at 09:30".
    assert.match(textOf($, 'main'), /\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}/);
    assert.doesNotMatch(textOf($, 'main'), / kl\. \d{2}\.\d{2}/);
    const answers = $('section.portal-review-section');
    assert.ok(answers.length > 0, 'the answers are shown');
    assert.deepEqual(
      answers.toArray().map((section) => $(section).attr('lang')),
      answers.toArray().map(() => 'sv'),
    );
  });

  it('B declines with a short message: required, kept when too long, then shown to A as text, with an SMS to A', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    const sent = await sendNaming(testApp(), spouse.personnummer);
    const agentB = await loggedIn(testApp(), spouse);
    const path = `/mina-sidor/bekrafta/${sent.applicationId}`;

    const empty = await pressOnConfirmPage(agentB, path, 'Jag bekräftar inte', {
      meddelande: '   ',
    });
    assert.equal(empty.status, 400);
    const emptyPage = cheerio.load(empty.text);
    assert.deepEqual(errorSummaryLinks(emptyPage), [
      {
        text: 'Skriv vad som inte stämmer. Då förstår den sökande varför du inte bekräftar.',
        href: '#meddelande',
      },
    ]);
    // SEC-23: two messages where one is expected is answered like none, never with a 500.
    const { $: page$ } = await getPage(agentB, path);
    const doubled = await agentB
      .post(`${path}/nej`)
      .type('form')
      .send(`meddelande=a&meddelande=b&_csrf=${encodeURIComponent(csrfTokenOf(page$))}`);
    assert.equal(doubled.status, 400);
    const long = 'x'.repeat(501);
    const tooLong = await pressOnConfirmPage(agentB, path, 'Jag bekräftar inte', {
      meddelande: long,
    });
    assert.equal(tooLong.status, 400);
    const tooLongPage = cheerio.load(tooLong.text);
    assert.equal(tooLongPage('#meddelande').text(), long);
    assert.match(
      textOf(tooLongPage, '#error-summary'),
      /501 tecken\. Gör den kortare, så att den har högst 500/,
    );
    assert.equal((await storedHistory(services, sent.applicationId)).status, 'vantar-medsokande');

    clock.advanceMinutes(5);
    const reason = 'Min inkomst är fel. <script>alert(1)</script>';
    const declined = await pressOnConfirmPage(agentB, path, 'Jag bekräftar inte', {
      meddelande: reason,
    });
    assert.equal(declined.status, 303);
    const after = await getPage(agentB, path);
    assert.match(textOf(after.$, '[role="status"]'), /Du bekräftade inte ansökan/);

    const history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'avbojd-av-medsokande');
    assert.deepEqual(
      history.events.map((event) => [event.from_status, event.to_status, event.reason]),
      [
        ['draft', 'vantar-medsokande', null],
        ['vantar-medsokande', 'avbojd-av-medsokande', reason],
      ],
    );
    const notice = await services.smsOutbox?.latestTo(sent.applicant.mobile);
    assert.equal(
      notice?.text,
      'Din medsökande har inte bekräftat din ansökan. Läs mer på Mina sidor. /Exempelby kommun',
    );

    const receipt = await getPage(sent.agent, sent.receiptPath);
    assert.equal(receiptRows(receipt.$).Status, 'Stoppad – din medsökande bekräftade inte');
    assert.equal(receiptRows(receipt.$).Medsökande, `Din medsökande bekräftade inte: ${reason}`);
    assert.match(textOf(receipt.$, 'main'), /Ansökan har stoppats/);
    assert.doesNotMatch(textOf(receipt.$, 'main'), /Vad händer nu\?/);
    assert.equal(receipt.$('main script').length, 0);
    const ownPages = await getPage(sent.agent, '/mina-sidor');
    assert.ok(textOf(ownPages.$, 'main').includes(`Din medsökande bekräftade inte: ${reason}`));
    assert.equal(ownPages.$('main script').length, 0);
  });

  it('a spouse without an account: inkommen, the signature outstanding, and a one-page form to sign with both names and the receipt number', async () => {
    const { services } = testApp();
    const personnummer = newPersonnummer();
    const sent = await sendNaming(testApp(), personnummer);
    const history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'inkommen');
    assert.deepEqual(
      history.events.map((event) => [event.from_status, event.to_status]),
      [['draft', 'inkommen']],
    );
    assert.equal(history.coApplicant?.state, 'paper');
    assert.equal(history.coApplicant.account_id, null);

    const receipt = await getPage(sent.agent, sent.receiptPath);
    const rows = receiptRows(receipt.$);
    // Reads exactly as when the medsökande has an account: nothing tells the applicant which.
    assert.equal(rows.Status, 'Väntar på att din medsökande bekräftar eller skriver under');
    assert.equal(
      rows.Medsökande,
      `Väntar på att ${CO_APPLICANT_NAME} bekräftar eller skriver under`,
    );
    assert.doesNotMatch(textOf(receipt.$, 'main'), /konto/);
    const href =
      receipt.$('a:contains("Blankett för medsökandens underskrift (PDF)")').attr('href') ?? '';
    assert.equal(href, `${sent.receiptPath}/underskrift.pdf`);
    const mine = await getPage(sent.agent, '/mina-sidor');
    assert.match(
      textOf(mine.$, 'main'),
      /Väntar på att Nguyễn Thị Minh bekräftar eller skriver under/,
    );

    const pdf = await downloadPdf(sent.agent, href);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdf.headers['content-disposition'] ?? '', /^attachment; filename="/);
    if (popplerSkipReason()) return;
    const body = pdf.body as Buffer;
    assert.equal(pdfPageCount(body), 1);
    const text = pdfText(body);
    assert.ok(text.includes(rows.Kvittonummer ?? 'none'), text);
    assert.ok(text.includes(sent.applicant.account.name), text);
    assert.ok(text.includes(CO_APPLICANT_NAME), text);
    assert.ok(text.includes(`${personnummer.slice(0, 8)}-${personnummer.slice(8)}`), text);
    assert.ok(
      text.includes(
        `${sent.applicant.personnummer.slice(0, 8)}-${sent.applicant.personnummer.slice(8)}`,
      ),
      text,
    );
    assert.match(text, /Exempelby kommun/);
    assert.match(text, /Jag intygar att uppgifterna i ansökan är sanna/);
    assert.match(text, /Underskrift: Nguyễn Thị Minh/);
  });

  it('the review page says, above the send button, that the medsökande must confirm or sign too', async () => {
    await sendNaming(testApp(), newPersonnummer(), async (agent) => {
      const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
      assert.match(
        textOf($, '#submit-heading + p + p'),
        new RegExp(
          `^${CO_APPLICANT_NAME} söker tillsammans med dig och ska också bekräfta ansökan\\.`,
        ),
      );
    });
  });

  it('once a caseworker has the case, the receipt and Mina sidor no longer say it waits for the medsökande', async () => {
    const sent = await sendNaming(testApp(), newPersonnummer());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const moved = await changeStatus(
      agent,
      `/handlaggare/arenden/${sent.applicationId}`,
      'Under handläggning',
    );
    assert.equal(moved.response.status, 303);

    const receipt = await getPage(sent.agent, sent.receiptPath);
    const rows = receiptRows(receipt.$);
    assert.equal(rows.Status, 'Handläggs');
    assert.equal(rows.Medsökande, CO_APPLICANT_NAME);
    const main = textOf(receipt.$, 'main');
    assert.doesNotMatch(main, /Väntar på att|ska bekräfta eller skriva under/);
    assert.equal(receipt.$('a:contains("Blankett för medsökandens underskrift")').length, 0);
    const mine = await getPage(sent.agent, '/mina-sidor');
    assert.doesNotMatch(textOf(mine.$, 'main'), /Väntar på att/);
    // On the card the name says what it is.
    assert.match(textOf(mine.$, '.portal-card'), new RegExp(`Medsökande: ${CO_APPLICANT_NAME}`));
  });

  it('a medsökande whose account cannot log in yet (not activated) signs on paper', async () => {
    const { services } = testApp();
    const personnummer = newPersonnummer();
    await services.accounts.createApplicant({
      personnummer,
      name: 'Ej aktiverad',
      mobile: '+46705599999',
      municipalityCode: '9901',
    });
    const sent = await sendNaming(testApp(), personnummer);
    const history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'inkommen');
    assert.equal(history.coApplicant?.state, 'paper');
    assert.equal(await services.smsOutbox?.latestTo('+46705599999'), undefined);
  });
});

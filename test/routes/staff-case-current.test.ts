import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPersonnummer } from '../../forms/format';
import { pressButton, sendApplication } from '../helpers/cases';
import { estimateOn, writeAndPress } from '../helpers/casework';
import {
  answerRow,
  CASEWORKER_9901,
  caseUnderHandling,
  listedMarks,
  markAnswer,
  postFormOf,
  requestCompletion,
} from '../helpers/completion';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import { type Agent, csrfTokenOf, fold, getPage, type Page, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { samplePdf } from '../helpers/sample-files';
import { downloadPdf } from '../helpers/application';
import { pdfAnswers, pdfText, popplerSkipReason } from '../helpers/pdf';
import { createStaff, staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const INCOME = 'Inkomst 1: Belopp per månad i kronor';

/** The answer itself: the first line of the row's answer, before any note under it. */
const answerOf = ($: Page, question: string) =>
  fold(answerRow($, question).children('dd').contents().first().text());

/** The lines of "Händelser", as read. */
const historyOf = ($: Page) =>
  $('#historik + ol > li')
    .toArray()
    .map((item) => fold($(item).text()));

/** Clears every open mark from the case page, one "Ta bort markering" at a time. */
async function clearAllMarks(agent: Agent, casePath: string) {
  for (;;) {
    const { $ } = await getPage(agent, casePath);
    const button = $('.portal-marks button')
      .filter((_, one) => $(one).text().startsWith('Ta bort markering'))
      .first();
    if (button.length === 0) return;
    const cleared = await postFormOf(agent, button.closest('form') as never, {});
    assert.equal(cleared.response.status, 303);
  }
}

describe('the case page after a completion shows the answers as they are now', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the changed income shows first with "tidigare: 8 450,50 kr"; the estimate and the decision read the new value; read-only staff see it too', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const before = await getPage(agent, casePath);
    assert.equal(answerOf(before.$, INCOME), '8 450,50 kr');
    const sentEstimate = estimateOn(before.$, 'berakning');
    assert.equal(
      sentEstimate.notes[0],
      'Så här såg beräkningen ut för den sökande när ansökan skickades in.',
    );
    const sentIncome = sentEstimate.rows.find(([label]) => label === 'Inkomster')?.[1];
    assert.equal(sentIncome, '− 10 950,50 kr');

    assert.equal(
      (await markAnswer(agent, casePath, INCOME, 'Stämmer inte med lönebeskedet.')).response.status,
      303,
    );
    assert.equal((await requestCompletion(agent, casePath)).response.status, 303);
    clock.advanceMinutes(5);
    const completionPath = `/mina-sidor/ansokningar/${sent.id}/komplettering`;
    const page = await getPage(sent.agent, completionPath);
    const name = String(
      fieldByLabel(page.$, 'Inkomster – Inkomst 1 (Lön): Belopp per månad i kronor').attr('name'),
    );
    const form = buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    const answered = await postFormOf(sent.agent, form as never, { [name]: '4000' });
    assert.equal(answered.response.status, 303, answered.response.text.slice(0, 1000));

    clock.advanceMinutes(10);
    await clearAllMarks(agent, casePath);
    const after = await getPage(agent, casePath);
    assert.equal(answerOf(after.$, INCOME), '4 000 kr');
    assert.equal(
      fold(answerRow(after.$, INCOME).find('.portal-answer-change').text()),
      'Ändrad vid komplettering 24 november 2026, tidigare: 8 450,50 kr',
    );
    // An answer nobody changed has no such line.
    assert.equal(answerRow(after.$, 'Postnummer').find('.portal-answer-change').length, 0);

    const estimate = estimateOn(after.$, 'berakning');
    assert.equal(
      estimate.notes[0],
      'Beräkningen är gjord igen från svaren som de är nu, efter kompletteringen 24 november 2026. ' +
        `När ansökan skickades in visade den: ${sentEstimate.rows.at(-1)?.join(' ')}.`,
    );
    // 8 450,50 kr less: the other income of 2 500 kr stays.
    assert.equal(estimate.rows.find(([label]) => label === 'Inkomster')?.[1], '− 6 500 kr');
    assert.notDeepEqual(estimate.rows.at(-1), sentEstimate.rows.at(-1));

    // The decision form deducts the same income the estimate shows.
    const decision = await getPage(agent, `${casePath}/beslut`);
    assert.match(textOf(decision.$, 'main'), /6 500 kr/);
    assert.doesNotMatch(textOf(decision.$, 'main'), /10 950,50/);

    // The applicant's copy of the application reads the same: the answer now, and what it was.
    if (!popplerSkipReason()) {
      const copy = await downloadPdf(sent.agent, `/mina-sidor/ansokningar/${sent.id}/kopia.pdf`);
      assert.equal(copy.status, 200);
      const income = pdfAnswers(copy.body as Buffer).find(
        (answer) => answer.section === 'Inkomster' && answer.question === INCOME,
      );
      assert.equal(
        fold(income?.answer ?? ''),
        '4 000 kr Ändrad vid komplettering 24 november 2026, tidigare: 8 450,50 kr',
      );
      assert.match(
        fold(pdfText(copy.body as Buffer)),
        /Kompletterad 24 november 2026: ändrade svar visas som de är nu/,
      );
    }

    // A read-only look shows the same answers now, and what they were.
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const read = await getPage(reader.agent, casePath);
    assert.equal(answerOf(read.$, INCOME), '4 000 kr');
    assert.match(fold(answerRow(read.$, INCOME).text()), /tidigare: 8 450,50 kr/);
    assert.equal(
      estimateOn(read.$, 'berakning').rows.find(([label]) => label === 'Inkomster')?.[1],
      '− 6 500 kr',
    );
  });
});

describe('the case history', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the history lists assignments, marks and their clearing, the completion asked and sent, messages and notes, with time and who and without their text', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const colleague = await createStaff(services, CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;

    clock.advanceMinutes(1);
    const taken = await pressButton(agent, casePath, 'Tilldela mig');
    assert.equal(taken.response.status, 303);
    const takenPage = await getPage(agent, taken.response.headers.location ?? '');
    assert.equal(
      textOf(takenPage.$, '#tilldelning'),
      'Ärendet är tilldelat och har nu status Under handläggning.',
    );
    assert.equal(buttonNamed(takenPage.$, 'Tilldela mig').length, 0);

    // Taking an Inkommen case moved it to Under handläggning at the same moment.
    clock.advanceMinutes(2);
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte.');
    clock.advanceMinutes(1);
    assert.equal((await requestCompletion(agent, casePath)).response.status, 303);
    clock.advanceMinutes(1);
    const page = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}/komplettering`);
    const name = String(fieldByLabel(page.$, 'Boende – Postnummer').attr('name'));
    const form = buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    assert.equal(
      (await postFormOf(sent.agent, form as never, { [name]: '543 21' })).response.status,
      303,
    );
    clock.advanceMinutes(1);
    await clearAllMarks(agent, casePath);
    clock.advanceMinutes(1);
    const secret = 'Hemligt innehåll i meddelandet';
    const messaged = await writeAndPress(
      agent,
      casePath,
      'Nytt meddelande till den sökande',
      secret,
      'Skicka meddelandet',
    );
    assert.equal(messaged.response.status, 303);
    clock.advanceMinutes(1);
    const noted = await writeAndPress(
      agent,
      casePath,
      'Ny anteckning',
      'Hemlig anteckning',
      'Spara anteckningen',
    );
    assert.equal(noted.response.status, 303);
    clock.advanceMinutes(1);
    const given = await getPage(agent, casePath);
    const assignForm = fieldByLabel(given.$, 'Tilldela en kollega').closest('form');
    const assigned = await postFormOf(agent, assignForm as never, {
      handlaggare: colleague.account.id,
    });
    assert.equal(assigned.response.status, 303);

    const history = historyOf((await getPage(agent, casePath)).$);
    const me = staff.account.name;
    assert.deepEqual(history, [
      `24 november 2026 kl. 09.30: ${sent.applicant.account.name} skickade in ansökan. Status: Inkommen.`,
      `24 november 2026 kl. 09.31: ${me} tog ärendet.`,
      `24 november 2026 kl. 09.31: ${me} ändrade från Inkommen till Under handläggning.`,
      `24 november 2026 kl. 09.33: ${me} markerade svaret ”Boende – Postnummer” som fel.`,
      `24 november 2026 kl. 09.34: ${me} begärde komplettering. Status: Komplettering begärd.`,
      `24 november 2026 kl. 09.35: ${sent.applicant.account.name} skickade in kompletteringen. Status: Kompletterad.`,
      `24 november 2026 kl. 09.36: ${me} tog bort markeringen av ”Boende – Postnummer”.`,
      `24 november 2026 kl. 09.37: ${me} skickade ett meddelande till den sökande.`,
      `24 november 2026 kl. 09.38: ${me} skrev en intern anteckning.`,
      `24 november 2026 kl. 09.39: ${me} gav ärendet till ${colleague.account.name}.`,
    ]);
    for (const line of history) {
      assert.ok(!line.includes('Hemlig'), `no note or message text in the history: ${line}`);
    }
  });
});

describe('the case page: header, marks and promised attachments', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the header shows the full personnummer; lists and the search keep it masked and say "1 ärende hittades."', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { $ } = await getPage(agent, casePath);
    const header = $('main dl.portal-summary').first();
    const personnummer = header
      .find('.portal-summary__row')
      .filter((_, row) => $(row).children('dt').text().trim() === 'Personnummer')
      .children('dd');
    assert.equal(personnummer.text().trim(), formatPersonnummer(sent.applicant.personnummer));

    const inbox = await getPage(agent, '/handlaggare');
    const found = await agent
      .post('/handlaggare/arenden/sok')
      .type('form')
      .send({ sokord: sent.applicant.personnummer, _csrf: csrfTokenOf(inbox.$) });
    const result = await getPage(agent, found.headers.location ?? '/handlaggare');
    const shown = found.status === 200 ? found.text : result.response.text;
    assert.match(shown, /1 ärende hittades\./);
    assert.doesNotMatch(shown, /1 ärenden/);
    assert.match(shown, new RegExp(`${sent.applicant.personnummer.slice(0, 8)}-XXXX`));
  });

  it('promised attachments that did not come are listed and marked missing in one click', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const { $ } = await getPage(agent, casePath);
    const warning = $('#utlovade-bilagor');
    assert.equal(fold(warning.children('p').text()), 'Utlovade bilagor saknas:');
    assert.deepEqual(
      warning
        .find('li')
        .toArray()
        .map((item) => fold($(item).contents().first().text())),
      ['Kontoutdrag för de senaste 3 månaderna, för alla konton', 'Hyresavi eller hyreskontrakt'],
    );
    const button = buttonNamed($, 'Markera som saknas: Hyresavi eller hyreskontrakt');
    assert.equal(button.length, 1);
    const marked = await postFormOf(agent, button.closest('form') as never, {
      mal: button.closest('form').find('input[name=mal]').val(),
      orsak: button.closest('form').find('input[name=orsak]').val(),
    });
    assert.equal(marked.response.status, 303);
    const after = await getPage(agent, marked.response.headers.location ?? '');
    assert.deepEqual(
      listedMarks(after.$).map(({ label, open }) => [label, open]),
      [['Hyresavi eller hyreskontrakt', true]],
    );
    assert.match(
      listedMarks(after.$)[0]?.text ?? '',
      /Den sökande skrev att det här skickas med, men det kom inte med\./,
    );
    assert.match(
      fold(after.$('#utlovade-bilagor').text()),
      /Hyresavi eller hyreskontrakt: Markerad som saknad\./,
    );
    assert.equal(
      buttonNamed(after.$, 'Markera som saknas: Hyresavi eller hyreskontrakt').length,
      0,
    );
  });

  it('with fewer files than promised, the caseworker is asked to check which are missing; as many files as promised, nothing is said', async () => {
    const one = await sendApplication(testApp(), {
      files: [{ filename: 'kontoutdrag.pdf', bytes: await samplePdf('Konto') }],
    });
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const fewer = await getPage(agent, `/handlaggare/arenden/${one.id}`);
    assert.match(
      fold(fewer.$('#utlovade-bilagor').text()),
      /Den sökande skrev att 2 bilagor skickas med men skickade 1\. Kontrollera vilka som saknas:/,
    );
    const two = await sendApplication(testApp(), {
      files: [
        { filename: 'kontoutdrag.pdf', bytes: await samplePdf('Konto') },
        { filename: 'hyra.pdf', bytes: await samplePdf('Hyra') },
      ],
    });
    const enough = await getPage(agent, `/handlaggare/arenden/${two.id}`);
    assert.equal(enough.$('#utlovade-bilagor').length, 0);
  });
});

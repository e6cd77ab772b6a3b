import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as cheerio from 'cheerio';
import { caseRows, pressButton, sendApplication } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import {
  answerRow,
  CASEWORKER_9901,
  markAnswer,
  postFormOf,
  requestCompletion,
} from '../helpers/completion';
import { decide, downloadLetter, GRANTED_LABEL, hrefOf } from '../helpers/decisions';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

/** How many buttons on a page read `name`. */
const buttonNamedOrNone = ($: cheerio.CheerioAPI, name: string) =>
  $('button').filter((_, one) => $(one).text().trim() === name).length;

const ELECTRICITY = 'Kostnad 2: Belopp i kronor';
/** The same question quoted alone, on the applicant's completion page: named by its kind. */
const ELECTRICITY_ON_PAGE = 'Kostnader – Kostnad 2 (Hushållsel): Belopp i kronor';
const REFUSED =
  'Hushållsel ingår i riksnormen för hushållet, så vi beviljar den inte en gång till.';

describe('a case from "Nya" to a decision, as the applicant and the caseworker do it', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('sent, seen in Nya, opened, assigned, one answer marked, completion asked for, fixed and resent, the change seen, the mark cleared, decided with one part refused; the applicant reads the decision and its letter', async (t) => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;

    // "Nya" lists it until someone opens it.
    const inbox = await getPage(agent, '/handlaggare');
    const row = caseRows(inbox.$).find((one) => one.href === casePath);
    assert.ok(row, 'the new case is in Nya');
    assert.equal(row.name, 'Łukasz Øvergård');
    assert.equal(row.status, 'Inkommen');
    const opened = await getPage(agent, casePath);
    assert.equal(opened.response.status, 200);
    const later = await getPage(agent, '/handlaggare');
    assert.ok(!caseRows(later.$).some((one) => one.href === casePath), 'opened: no longer new');

    // Assigned to me, and so taken up: Under handläggning.
    const assigned = await pressButton(agent, casePath, 'Tilldela mig');
    assert.equal(assigned.response.status, 303);
    const taken = await getPage(agent, assigned.response.headers.location ?? '');
    assert.match(textOf(taken.$, 'main'), /Status ?Under handläggning/);
    // The medsökande has no account: the paper with their signature came in today.
    assert.equal((await registerSignature(agent, casePath)).response.status, 303);
    const mine = await getPage(agent, '/handlaggare?lista=mina');
    assert.ok(
      caseRows(mine.$).some((one) => one.href === casePath),
      'in Mina ärenden',
    );

    // One answer marked wrong: the electricity bill; then completion asked for.
    clock.advanceMinutes(3);
    const marked = await markAnswer(agent, casePath, ELECTRICITY, 'Elräkningen är på 520 kr.');
    assert.equal(marked.response.status, 303);
    const withMark = await getPage(agent, casePath);
    assert.ok(answerRow(withMark.$, ELECTRICITY).hasClass('portal-marked'), 'a red frame');
    assert.throws(() => hrefOf(withMark.$, 'Fatta beslut'), 'no decision while a mark is open');
    const requested = await requestCompletion(agent, casePath, { message: 'Skicka rätt belopp.' });
    assert.equal(requested.response.status, 303, requested.response.text.slice(0, 1000));
    const sms = await services.smsOutbox?.latestTo(sent.applicant.mobile);
    assert.match(sms?.text ?? '', /^Din kommun behöver fler uppgifter för din ansökan\./);

    // The applicant changes only the marked answer and sends it back.
    clock.advanceMinutes(10);
    const completion = await getPage(
      sent.agent,
      `/mina-sidor/ansokningar/${sent.id}/komplettering`,
    );
    assert.equal(completion.response.status, 200, completion.response.text.slice(0, 3000));
    assert.equal(fieldByLabel(completion.$, ELECTRICITY_ON_PAGE).val(), '450');
    const form = buttonNamed(completion.$, 'Skicka kompletteringen').closest('form');
    const name = String(fieldByLabel(completion.$, ELECTRICITY_ON_PAGE).attr('name'));
    const resent = await postFormOf(sent.agent, form as never, { [name]: '520' });
    assert.equal(resent.response.status, 303, resent.response.text.slice(0, 1000));

    // The caseworker sees the answer now and what it was, and clears the mark.
    clock.advanceMinutes(5);
    const changed = await getPage(agent, casePath);
    assert.match(textOf(changed.$, 'main'), /Status ?Kompletterad/);
    assert.match(
      answerRow(changed.$, ELECTRICITY).text().replace(/\s+/g, ' '),
      /520 kr ?Ändrad vid komplettering \d+ \w+ 2026, tidigare: 450 kr/,
    );
    const clear = changed
      .$('.portal-marks button')
      .filter((_, one) => changed.$(one).text().startsWith('Ta bort markering'));
    assert.equal(clear.length, 1);
    const cleared = await postFormOf(agent, clear.closest('form') as never, {});
    assert.equal(cleared.response.status, 303);

    // Decided: rent granted as applied, the electricity (now 520 kr) refused with a reason.
    const decisionForm = await getPage(
      agent,
      hrefOf((await getPage(agent, casePath)).$, 'Fatta beslut'),
    );
    assert.equal(
      fieldByLabel(decisionForm.$, GRANTED_LABEL, { within: 'Hushållsel' }).val(),
      '520',
      'the amount as completed, not as first sent',
    );
    const decided = await decide(agent, casePath, {
      Hushållsel: { granted: '0', reason: REFUSED },
    });
    assert.equal(decided.response.status, 303, decided.response.text.slice(0, 2000));
    const after = await getPage(agent, casePath);
    assert.match(textOf(after.$, 'main'), /Status ?Delvis beviljad/);
    const markButtons = after
      .$('button')
      .filter((_, one) => /^Markera/.test(after.$(one).text().trim()));
    assert.equal(markButtons.length, 0, 'a decided case takes no new marks');
    // A colleague's old page still has "Tilldela mig": the post is refused with a message.
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    const stale = await colleague.agent
      .post(`${casePath}/tilldela`)
      .type('form')
      .send({ _csrf: csrfTokenOf((await getPage(colleague.agent, casePath)).$) });
    assert.equal(stale.status, 303);
    const refused = await getPage(colleague.agent, stale.headers.location ?? '');
    assert.deepEqual(
      errorSummaryLinks(refused.$).map((link) => link.text),
      ['Ärendet är avslutat. Det går inte att tilldela det.'],
    );
    assert.equal(buttonNamedOrNone(refused.$, 'Tilldela mig'), 0);

    // The applicant sees the decision on Mina sidor and reads the letter.
    const myPages = await getPage(sent.agent, '/mina-sidor');
    assert.match(textOf(myPages.$, 'main'), /Du får ekonomiskt bistånd, men inte allt du sökte\./);
    const receipt = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    const letter = await downloadLetter(sent.agent, hrefOf(receipt.$, 'Läs beslutsbrevet (PDF)'));
    assert.equal(letter.status, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const text = pdfText(letter.body as Buffer);
    for (const expected of [
      // Applied for and granted per part: riksnorm, rent, electricity.
      '15 990 kr 7 850 kr 520 kr 15 990 kr 7 850 kr 0 kr',
      'Du får ekonomiskt bistånd för december 2026, men inte allt du sökte.',
      'Hushållsel Du sökte 520 kr. Vi har beviljat 0 kr av det.',
      REFUSED,
      'Du kan överklaga beslutet. Då prövar förvaltningsrätten beslutet.',
      'inom tre veckor från den dag du fick beslutet',
      `Din handläggare är ${staff.account.name}`,
    ]) {
      assert.ok(
        text.replace(/\s+/g, ' ').includes(expected),
        `the letter says "${expected}":\n${text}`,
      );
    }
  });
});

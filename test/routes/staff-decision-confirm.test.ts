import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { changeStatus, sendApplication } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import { checkDecision, confirmDecision, GRANTED_LABEL, REASON_LABEL } from '../helpers/decisions';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const RENT = 'Hyra eller avgift för bostaden';
const REASON = 'Hyran är högre än vad som är skäligt.\nVi räknar med 6 500 kr.';

const auditOf = async (testApp: TestApp, response: { headers: Record<string, unknown> }) =>
  (await testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']))).map(
    ({ action, outcome }) => [action, outcome],
  );

async function decisionsOf(testApp: TestApp, id: string) {
  return testApp.services.database.db
    .selectFrom('decision')
    .select('outcome')
    .where('application_id', '=', id)
    .execute();
}

describe('Fatta beslut: a check page before the decision is stored', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  /** Someone else changes the case (a colleague, another tab): its row version moves on. */
  const changedMeanwhile = (id: string) =>
    testApp()
      .services.database.db.updateTable('application')
      .set((eb) => ({ row_version: eb('row_version', '+', 1) }))
      .where('id', '=', id)
      .execute();

  async function caseInHand() {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    return { sent, agent, casePath };
  }

  it('shows the sums per part, what the letter says ("Du får … kr"), the refused parts with reasons; stores nothing until confirmed', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath, {
      [RENT]: { granted: '6 500', reason: REASON },
      Hushållsel: { granted: '0', reason: 'Elen ingår i hyran.' },
    });
    assert.equal(checked.response.status, 200);
    const { $ } = checked;
    assert.equal(textOf($, 'h1'), 'Kontrollera beslutet: Łukasz Øvergård');
    const main = textOf($, 'main');
    assert.match(main, /Beslutet är inte fattat än\./);
    assert.match(main, /Beslut ?Delvis beviljad/);
    const letterSays = textOf($, '#letter-says');
    assert.match(
      letterSays,
      /^Du får ekonomiskt bistånd för december 2026, men inte allt du sökte\. Du får \d[\d ]*(,\d\d)? kr\./,
    );
    const rows = $('table.portal-decision tr')
      .toArray()
      .map((row) =>
        $(row)
          .find('th, td')
          .toArray()
          .map((cell) => $(cell).text().replace(/\s+/g, ' ').trim()),
      );
    assert.deepEqual(rows[2], [RENT, '7 850 kr', '6 500 kr', REASON.replace(/\s+/g, ' ')]);
    assert.deepEqual(rows[3], ['Hushållsel', '450 kr', '0 kr', 'Elen ingår i hyran.']);
    const payable = rows.find((row) => row[0] === 'Att betala ut')?.[2] ?? '';
    assert.ok(letterSays.includes(`Du får ${payable}.`), 'the letter’s sum is the table’s');
    const refused = $('.portal-refused-parts li')
      .toArray()
      .map((item) => $(item).text().replace(/\s+/g, ' ').trim());
    assert.deepEqual(refused, [
      `${RENT}: Sökt 7 850 kr, beviljat 6 500 kr. ${REASON.replace(/\s+/g, ' ')}`,
      'Hushållsel: Sökt 450 kr, beviljat 0 kr. Elen ingår i hyran.',
    ]);
    assert.deepEqual(await auditOf(testApp(), checked.response), [['view', 'ok']]);
    assert.deepEqual(await decisionsOf(testApp(), sent.id), [], 'nothing stored yet');
    assert.match(textOf((await getPage(agent, casePath)).$, 'main'), /Status ?Under handläggning/);

    // "Ändra beloppen" goes back to the form with what was typed.
    const form = buttonNamed($, 'Ändra beloppen').closest('form');
    const body: Record<string, string> = { steg: 'andra' };
    form.find('input[type="hidden"]').each((_, element) => {
      body[String($(element).attr('name'))] = String($(element).val() ?? '');
    });
    const back = await agent.post(checked.href).type('form').send(body);
    assert.equal(back.status, 303);
    assert.equal(back.headers.location, checked.href);
    const { $: again } = await getPage(agent, checked.href);
    assert.match(
      textOf(again, '.message-box--info'),
      /Beloppen och skälen nedan är de du skrev och kontrollerade .*\. Du kan ändra dem\./,
    );
    assert.equal(String(fieldByLabel(again, GRANTED_LABEL, { within: RENT }).val()), '6 500');
    assert.equal(String(fieldByLabel(again, REASON_LABEL, { within: RENT }).val()), REASON);
    assert.deepEqual(await decisionsOf(testApp(), sent.id), []);

    // "Fatta beslut och skapa brev" stores it; a second press makes no second decision.
    const done = await confirmDecision(agent, $, checked.href);
    assert.equal(done.response.status, 303);
    assert.match(done.response.headers.location ?? '', /\?beslut=sms#beslut-heading$/);
    assert.deepEqual(await auditOf(testApp(), done.response), [['change', 'ok']]);
    const twice = await confirmDecision(agent, $, checked.href);
    assert.equal(twice.response.status, 303);
    assert.deepEqual(await decisionsOf(testApp(), sent.id), [{ outcome: 'delvis-beviljad' }]);
    // The decision page of a decided case leads to the case: nothing looked at there (SEC-29).
    const decisionPage = await agent.get(checked.href);
    assert.equal(decisionPage.status, 303);
    assert.deepEqual(await auditOf(testApp(), decisionPage), [['view', 'invalid']]);
    const decided = await getPage(agent, done.response.headers.location ?? '');
    assert.match(
      textOf(decided.$, '[role=status]'),
      /Beslutet är fattat\. .* Den sökande har fått ett SMS om att läsa det på Mina sidor\./,
    );
    // The SMS says there is a decision, and nothing of what it is or whose.
    const sms = await testApp().services.smsOutbox?.latestTo(sent.applicant.mobile);
    assert.equal(
      sms?.text,
      'Du har fått ett beslut om din ansökan. Logga in på Mina sidor för att läsa det. /Exempelby kommun',
    );
  });

  it('two tabs with other amounts: the second press says the case had a decision and that its own was not saved', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const first = await checkDecision(agent, casePath);
    const second = await checkDecision(agent, casePath, {
      Hushållsel: { granted: '0', reason: 'Elen ingår i hyran.' },
    });
    const done = await confirmDecision(agent, first.$, first.href);
    assert.equal(done.response.status, 303);
    const late = await confirmDecision(agent, second.$, second.href);
    assert.equal(late.response.status, 303);
    assert.equal(late.response.headers.location, `${casePath}?beslut=fanns#beslut-heading`);
    const casePage = await getPage(agent, late.response.headers.location);
    assert.equal(
      textOf(casePage.$, 'section[aria-labelledby="beslut-heading"] .message-box--warning'),
      'Ärendet hade redan ett beslut när du tryckte på Fatta beslut och skapa brev. Ditt beslut är inte sparat. Det beslut som gäller står här nedan.',
    );
    assert.deepEqual(await decisionsOf(testApp(), sent.id), [{ outcome: 'beviljad' }]);
    // The same check page sent again is the same decision: nothing more to say.
    const again = await confirmDecision(agent, first.$, first.href);
    assert.equal(again.response.headers.location, casePath);
  });

  it('a check of amounts that cannot go is logged as a look at the decision, not as a decision', async () => {
    const { agent, casePath } = await caseInHand();
    const bad = await checkDecision(agent, casePath, { Hushållsel: { granted: 'fyrahundra' } });
    assert.equal(bad.response.status, 400);
    assert.deepEqual(await auditOf(testApp(), bad.response), [['view', 'invalid']]);
  });

  it('a check page left open while the case changed decides nothing: it says so and keeps the amounts', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath, {
      Hushållsel: { granted: '100', reason: 'Bara en del av elen.' },
    });
    assert.equal(checked.response.status, 200);
    await changedMeanwhile(sent.id);
    const stale = await confirmDecision(agent, checked.$, checked.href);
    assert.equal(stale.response.status, 409);
    assert.deepEqual(
      errorSummaryLinks(stale.$).map((link) => link.text),
      [
        'Någon annan ändrade ärendet medan du skrev. Se efter vad som ändrats och fatta beslutet igen.',
      ],
    );
    assert.equal(
      String(fieldByLabel(stale.$, GRANTED_LABEL, { within: 'Hushållsel' }).val()),
      '100',
    );
    assert.deepEqual(await decisionsOf(testApp(), sent.id), []);
  });

  it('the check is a page of its own: reloaded, or left with Back, it loses nothing; the kept amounts are the caseworker’s own and go with the decision', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath, {
      [RENT]: { granted: '6 500', reason: REASON },
    });
    assert.equal(checked.posted.status, 303, 'the check post goes on to a page of its own');
    const checkPath = `${checked.href}/kontrollera`;
    assert.equal(checked.posted.headers.location, checkPath);
    // Reloaded: the same check, one look logged, nothing asked of the browser.
    const reloaded = await agent.get(checkPath);
    assert.equal(reloaded.status, 200);
    assert.equal(
      textOf(cheerio.load(reloaded.text), '#letter-says'),
      textOf(checked.$, '#letter-says'),
    );
    assert.deepEqual(await auditOf(testApp(), reloaded), [['view', 'ok']]);
    // Back to "Fatta beslut": the amounts and the reason as typed, said to be kept.
    const { $: form } = await getPage(agent, checked.href);
    assert.equal(String(fieldByLabel(form, GRANTED_LABEL, { within: RENT }).val()), '6 500');
    assert.equal(String(fieldByLabel(form, REASON_LABEL, { within: RENT }).val()), REASON);
    assert.match(textOf(form, '.message-box--info'), /de du skrev och kontrollerade/);
    assert.equal(form('form[data-keep-text="changed"]').length, 1, 'leaving with changes asks');

    // A colleague sees the amounts applied for, not this caseworker's.
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    const { $: theirs } = await getPage(colleague.agent, checked.href);
    assert.equal(String(fieldByLabel(theirs, GRANTED_LABEL, { within: RENT }).val()), '7 850');
    assert.equal(theirs('.message-box--info').length, 0);
    assert.equal((await colleague.agent.get(checkPath)).headers.location, checked.href);

    const done = await confirmDecision(agent, checked.$, checked.href);
    assert.equal(done.response.status, 303);
    const drafts = await testApp()
      .services.database.db.selectFrom('decision_draft')
      .select('staff_id')
      .where('application_id', '=', sent.id)
      .execute();
    assert.deepEqual(drafts, []);
    // The check page of a decided case leads to the case.
    const after = await agent.get(checkPath);
    assert.equal(after.status, 303);
    assert.equal(after.headers.location, checked.href);
  });

  it('a kept draft from before the case changed says so at the top and is checked against the case as it is now', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath, {
      Hushållsel: { granted: '100', reason: 'Bara en del av elen.' },
    });
    assert.equal(checked.response.status, 200);
    await changedMeanwhile(sent.id);
    const { $: form } = await getPage(agent, checked.href);
    assert.equal(String(fieldByLabel(form, GRANTED_LABEL, { within: 'Hushållsel' }).val()), '100');
    assert.deepEqual(
      errorSummaryLinks(form).map((link) => link.text),
      [
        'Ärendet har ändrats sedan du kontrollerade beloppen. Se efter vad som ändrats innan du kontrollerar beslutet igen.',
      ],
    );
    // Seen now, the amounts are checked against the case as it is: and the warning is done.
    const again = await checkDecision(agent, casePath);
    assert.equal(again.response.status, 200);
    assert.equal(errorSummaryLinks((await getPage(agent, checked.href)).$).length, 0);
  });

  it('a reason with line breaks as a browser sends them (CRLF) is counted, kept and decided whole', async () => {
    const { sent, agent, casePath } = await caseInHand();
    // 999 characters with each line break as one, 1 048 as sent: fifty lines, the last "SLUT".
    const lines = Array.from({ length: 50 }, (_, index) =>
      index === 49 ? 'Elen ingår i SLUT' : 'Elen ingår i hyran.',
    );
    const sentReason = lines.join('\r\n');
    const kept = lines.join('\n');
    assert.ok(
      kept.length <= 1000 && sentReason.length > 1000,
      `${kept.length} ${sentReason.length}`,
    );
    const checked = await checkDecision(agent, casePath, {
      Hushållsel: { granted: '0', reason: sentReason },
    });
    assert.equal(checked.response.status, 200);
    const done = await confirmDecision(agent, checked.$, checked.href);
    assert.equal(done.response.status, 303);
    const stored = await testApp()
      .services.database.db.selectFrom('decision')
      .select('parts')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    const parts = JSON.parse(stored.parts) as { label: string; reason?: string }[];
    assert.equal(parts.find((part) => part.label === 'Hushållsel')?.reason, kept);
  });

  it('SEC-16 a caseworker made read-only meanwhile opens the check page of an old draft: 403, logged as a look refused', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath, {
      Hushållsel: { granted: '0', reason: 'Ingår.' },
    });
    assert.equal(checked.response.status, 200);
    const { db } = testApp().services.database;
    const staffId = (
      await db
        .selectFrom('decision_draft')
        .select('staff_id')
        .where('application_id', '=', sent.id)
        .executeTakeFirstOrThrow()
    ).staff_id;
    await db
      .updateTable('staff_grant')
      .set({ role: 'readonly' })
      .where('account_id', '=', staffId)
      .execute();
    const refused = await agent.get(`${checked.href}/kontrollera`);
    assert.equal(refused.status, 403);
    assert.deepEqual(await auditOf(testApp(), refused), [['view', 'denied']]);
  });

  it('a case that ends undecided takes every caseworker’s kept draft with it', async () => {
    const { sent, agent, casePath } = await caseInHand();
    await checkDecision(agent, casePath, { Hushållsel: { granted: '0', reason: 'Ingår.' } });
    const drafts = () =>
      testApp()
        .services.database.db.selectFrom('decision_draft')
        .select('staff_id')
        .where('application_id', '=', sent.id)
        .execute();
    assert.equal((await drafts()).length, 1);
    const voided = await changeStatus(
      agent,
      casePath,
      'Återtagen (skriv varför)',
      'Den sökande tog tillbaka ansökan.',
    );
    assert.equal(voided.response.status, 303);
    assert.deepEqual(await drafts(), []);
  });

  it('SEC-19 the confirm post without its CSRF token is refused and nothing is stored', async () => {
    const { sent, agent, casePath } = await caseInHand();
    const checked = await checkDecision(agent, casePath);
    assert.equal(checked.response.status, 200);
    const form = buttonNamed(checked.$, 'Fatta beslut och skapa brev').closest('form');
    const body: Record<string, string> = { steg: 'bekrafta' };
    form.find('input[type="hidden"]').each((_, element) => {
      const name = String(checked.$(element).attr('name'));
      if (name !== '_csrf') body[name] = String(checked.$(element).val() ?? '');
    });
    const refused = await agent.post(checked.href).type('form').send(body);
    assert.equal(refused.status, 403);
    assert.deepEqual(await decisionsOf(testApp(), sent.id), []);
  });
});

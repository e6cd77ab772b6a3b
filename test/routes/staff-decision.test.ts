import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { changeStatus, sendApplication } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import { decide, downloadLetter, GRANTED_LABEL, hrefOf, REASON_LABEL } from '../helpers/decisions';
import { fieldByLabel } from '../helpers/fields';
import { agentFor, csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const RENT = 'Hyra eller avgift för bostaden';
const REASON = 'Hyran är högre än vad som är skäligt för hushållet.';
const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

const auditOf = (testApp: TestApp, response: { headers: Record<string, unknown> }) =>
  testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']));

/** The decision table on a page: part -> [applied, granted, reason]. */
function decisionRows($: cheerio.CheerioAPI) {
  return $('table.portal-decision tr')
    .toArray()
    .map((row) =>
      $(row)
        .find('th, td')
        .toArray()
        .map((cell) => $(cell).text().replace(/\s+/g, ' ').trim()),
    );
}

describe('a decision with its letter', { skip: popplerSkipReason() }, () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the caseworker decides with one part refused; the case, the letter and Mina sidor show it', async () => {
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;

    const before = await getPage(agent, casePath);
    assert.match(
      textOf(before.$, '#beslut-heading + *, section[aria-labelledby="beslut-heading"]'),
      /Inget beslut är fattat än\. Beslut kan fattas när ärendet är under handläggning eller kompletterat\./,
    );
    assert.throws(() => hrefOf(before.$, 'Fatta beslut'), 'no decision from Inkommen');

    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const handled = await getPage(agent, casePath);
    const formPath = hrefOf(handled.$, 'Fatta beslut');
    const form = await getPage(agent, formPath);
    assert.equal(form.response.status, 200);
    assert.equal(textOf(form.$, 'h1'), 'Fatta beslut: Łukasz Øvergård');
    const legends = form
      .$('form fieldset > legend')
      .toArray()
      .map((legend) => form.$(legend).text().trim());
    assert.deepEqual(legends, ['Riksnormen för hushållet', RENT, 'Hushållsel']);
    assert.equal(String(fieldByLabel(form.$, GRANTED_LABEL, { within: RENT }).val()), '7 850');
    assert.equal(
      String(fieldByLabel(form.$, GRANTED_LABEL, { within: 'Hushållsel' }).val()),
      '450',
    );
    assert.match(textOf(form.$, 'main'), /Period ?december 2026/);

    // Bad input: each message names the part and says what is wrong; what was typed stays.
    const bad = await decide(agent, casePath, {
      [RENT]: { granted: '9 000' },
      Hushållsel: { granted: 'fyrahundra' },
      'Riksnormen för hushållet': { granted: '100' },
    });
    assert.equal(bad.response.status, 400);
    assert.deepEqual(
      errorSummaryLinks(bad.$).map((link) => link.text),
      [
        'Skriv varför du beviljar mindre än sökt för Riksnormen för hushållet.',
        'Du kan inte bevilja mer än det som söktes för Hyra eller avgift för bostaden: 7 850 kr.',
        'Skriv beviljat belopp för Hushållsel med siffror, till exempel 6 450.',
      ],
    );
    assert.equal(String(fieldByLabel(bad.$, GRANTED_LABEL, { within: RENT }).val()), '9 000');
    assert.equal(
      String(fieldByLabel(bad.$, GRANTED_LABEL, { within: 'Hushållsel' }).val()),
      'fyrahundra',
    );
    assert.equal(
      fieldByLabel(bad.$, GRANTED_LABEL, { within: 'Hushållsel' }).attr('aria-invalid'),
      'true',
    );
    assert.equal((await auditOf(testApp(), bad.response)).at(-1)?.outcome, 'invalid');
    // The norm may go above the estimate (a derived table), but not past twice it.
    const estimate = String(
      fieldByLabel(form.$, GRANTED_LABEL, { within: 'Riksnormen för hushållet' }).val(),
    );
    const tenfold = await decide(agent, casePath, {
      'Riksnormen för hushållet': { granted: `${estimate}0` },
    });
    assert.equal(tenfold.response.status, 400);
    assert.match(
      errorSummaryLinks(tenfold.$)[0]?.text ?? '',
      /^Riksnormen kan vara högst [\d  ]+ kr här: dubbelt så mycket som beräkningen \([\d  ]+ kr\)\. Kontrollera beloppet\.$/,
    );
    const unchanged = await getPage(agent, casePath);
    assert.match(textOf(unchanged.$, 'main'), /Status ?Under handläggning/);

    clock.advanceMinutes(5);
    // The form comes back with what was typed last (the tenfold norm, "fyrahundra"): the
    // caseworker mends it.
    const done = await decide(agent, casePath, {
      'Riksnormen för hushållet': { granted: estimate },
      Hushållsel: { granted: '450' },
      [RENT]: { granted: '6 500', reason: `${REASON} ${XSS}` },
    });
    assert.equal(done.response.status, 303, done.response.text.slice(0, 2000));
    assert.deepEqual(
      (await auditOf(testApp(), done.response)).map(({ action, outcome, role }) => [
        action,
        outcome,
        role,
      ]),
      [['change', 'ok', 'caseworker']],
    );
    const after = await getPage(agent, done.response.headers.location ?? '');
    const main = textOf(after.$, 'main');
    assert.match(main, /Beslutet är fattat\. Beslutsbrevet är sparat i ärendet/);
    assert.match(main, /Status ?Delvis beviljad/);
    assert.match(
      main,
      new RegExp(
        `Delvis beviljad\\. Beslutet fattades 24 november 2026 kl\\. 09\\.35 av ${staff.account.name}\\.`,
      ),
    );
    assert.match(main, new RegExp(`${staff.account.name} fattade beslut: Delvis beviljad\\.`));
    const rows = decisionRows(after.$);
    assert.deepEqual(rows[2], [RENT, '7 850 kr', '6 500 kr', `${REASON} ${XSS}`]);
    assert.deepEqual(rows[3], ['Hushållsel', '450 kr', '450 kr', '']);
    const payable = rows.find((row) => row[0] === 'Att betala ut')?.[2] ?? '';
    assert.match(payable, /^\d[\d ]*(,\d\d)? kr$/);
    // SEC-20: the reason is text on the page, never markup.
    assert.ok(!after.response.text.includes('<script>alert(1)'), 'no script tag from the reason');
    assert.ok(!after.response.text.includes('<img src=x'), 'no img tag from the reason');
    assert.throws(() => hrefOf(after.$, 'Fatta beslut'), 'decided once');

    // Pressing again (a second tab) makes no second decision: it leads back to the case.
    const again = await agent
      .post(formPath)
      .type('form')
      .send({ _csrf: csrfTokenOf(after.$), _version: '0', 'belopp-riksnorm': '0' });
    assert.equal(again.status, 303);
    const decisions = await testApp()
      .services.database.db.selectFrom('decision')
      .select(['outcome', 'letter_sha256'])
      .where('application_id', '=', sent.id)
      .execute();
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]?.outcome, 'delvis-beviljad');

    // The letter: the amounts, the reason as written, how to appeal; its download is logged.
    const letter = await downloadLetter(agent, hrefOf(after.$, 'Ladda ner beslutsbrevet (PDF)'));
    assert.equal(letter.status, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.match(String(letter.headers['content-disposition']), /^attachment/);
    assert.equal(letter.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(
      (await auditOf(testApp(), letter)).map(({ action, outcome, role, subject }) => [
        action,
        outcome,
        role,
        subject,
      ]),
      [['pdf', 'ok', 'caseworker', sent.id]],
    );
    const text = pdfText(letter.body as Buffer);
    for (const expected of [
      'Exempelby kommun',
      // To both who applied, at their address.
      'Łukasz Øvergård Nguyễn Thị Minh Storgatan 5 B 123 45 Exempelby',
      'Beslut om ekonomiskt bistånd för december 2026',
      'Datum: 24 november 2026',
      'Du får ekonomiskt bistånd för december 2026, men inte allt du sökte.',
      `Du får ${payable}.`,
      // The medsökande applied too: the decision is theirs as well, and so is the right to appeal.
      'Ni sökte tillsammans, du och Nguyễn Thị Minh. Beslutet gäller er båda, och ni kan båda överklaga det.',
      'Hyra eller avgift för bostaden Du sökte 7 850 kr. Vi har beviljat 6 500 kr av det.',
      `${REASON} ${XSS}`,
      'Du kan överklaga beslutet. Då prövar förvaltningsrätten beslutet.',
      'Överklaga skriftligt. Vi måste ha fått ditt överklagande inom tre veckor från den dag du fick beslutet.',
      'Skicka överklagandet till oss, inte direkt till förvaltningsrätten:',
      'Box 101 123 45 Exempelby',
      'vad i beslutet du tycker är fel, och varför',
      'hur du vill att beslutet ska ändras',
      `Din handläggare är ${staff.account.name}`,
      'Ring 0123-456 00',
    ]) {
      assert.ok(text.includes(expected), `the letter says "${expected}":\n${text}`);
    }
    assert.match(text, /15 990 kr 7 850 kr 450 kr 15 990 kr 6 500 kr 450 kr/);
    // What the norm is, in the applicant's words; the caseworker's notes on the tables (how far
    // a year's figures are checked) stay on the decision page, out of the letter.
    assert.ok(text.includes('Riksnormen är ett belopp som regeringen har bestämt för 2026.'), text);
    assert.equal(text.match(/Riksnormen är/g)?.length, 1, 'explained once');
    // The law, the household's incomes one by one (from the answers) and how it is paid: the
    // municipality has set no texts of its own, so the defaults.
    for (const expected of [
      'Vi har prövat din ansökan enligt socialtjänstlagen (2025:400).',
      'Hyran är högre än vad som är skäligt för hushållet.',
      'Beslutet om det här bygger på socialtjänstlagen (2025:400).',
      'Vi drar av dina inkomster för månaden: Lön, Städbolaget AB (medsökande) Barnbidrag och flerbarnstillägg',
      '− 8 450,50 kr − 2 500 kr Du får 11 989,50 kr',
      'När du får pengarna Vi betalar ut pengarna till ditt bankkonto inom tre bankdagar.',
    ]) {
      assert.ok(text.includes(expected), `the letter says "${expected}":\n${text}`);
    }
    assert.doesNotMatch(text, /kontroller|uppskattade|lägre beloppet/);

    // The applicant: Mina sidor and the receipt show the decision; the letter is theirs to read.
    const mine = await getPage(sent.agent, '/mina-sidor');
    assert.match(
      textOf(mine.$, 'main'),
      new RegExp(
        `Beslut Du får ekonomiskt bistånd, men inte allt du sökte\\. Du får ${payable}\\. Beslutet fattades den 24 november 2026 kl\\. 09\\.35\\. Läs beslutsbrevet \\(PDF\\) Om du inte är nöjd kan du överklaga\\.`,
      ),
    );
    const receipt = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    const own = await downloadLetter(sent.agent, hrefOf(receipt.$, 'Läs beslutsbrevet (PDF)'));
    assert.equal(own.status, 200);
    assert.ok((own.body as Buffer).equals(letter.body as Buffer), 'the same letter as stored');
    assert.deepEqual(
      (await auditOf(testApp(), own)).map(({ action, outcome, role, actorId }) => [
        action,
        outcome,
        role,
        actorId,
      ]),
      [['pdf', 'ok', null, sent.applicant.account.id]],
    );
  });

  it('SEC-14 another applicant asking for the letter gets the same 404 as for none, logged', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const done = await decide(agent, casePath);
    assert.equal(done.response.status, 303);

    const other = await createApplicant(testApp().services, { municipalityCode: '9901' });
    const otherAgent = agentFor(testApp().app);
    await loginWithSms(otherAgent, testApp().services, other);
    const path = `/mina-sidor/ansokningar/${sent.id}/beslut.pdf`;
    const refused = await otherAgent.get(path);
    assert.equal(refused.status, 404);
    assert.ok(!refused.text.includes('%PDF'));
    assert.deepEqual(
      (await auditOf(testApp(), refused)).map(({ action, outcome, actorId }) => [
        action,
        outcome,
        actorId,
      ]),
      [['pdf', 'denied', other.account.id]],
    );
    const missing = await otherAgent.get(
      '/mina-sidor/ansokningar/00000000-0000-4000-8000-000000000000/beslut.pdf',
    );
    assert.equal(missing.status, 404);
    assert.equal(
      textOf((await getPage(otherAgent, path)).$, 'h1'),
      textOf(
        (
          await getPage(
            otherAgent,
            '/mina-sidor/ansokningar/00000000-0000-4000-8000-000000000000/beslut.pdf',
          )
        ).$,
        'h1',
      ),
    );
    // The owner before a decision: nothing to read yet, the same 404.
    const undecided = await sendApplication(testApp());
    const early = await undecided.agent.get(`/mina-sidor/ansokningar/${undecided.id}/beslut.pdf`);
    assert.equal(early.status, 404);
    // Staff of the case's municipality see the decision; a caseworker elsewhere gets 404.
    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const staffLetter = await elsewhere.agent.get(`${casePath}/beslut.pdf`);
    assert.equal(staffLetter.status, 404);
  });

  it('SEC-16 the read-only role sees the decision but no form; its GET and POST are 403 and logged', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);

    const seen = await getPage(reader.agent, casePath);
    assert.match(textOf(seen.$, 'main'), /Beslut ?Inget beslut är fattat än\./);
    assert.throws(() => hrefOf(seen.$, 'Fatta beslut'));
    const page = await reader.agent.get(`${casePath}/beslut`);
    assert.equal(page.status, 403);
    assert.deepEqual(
      (await auditOf(testApp(), page)).map(({ action, outcome, role }) => [action, outcome, role]),
      [['view', 'denied', 'readonly']],
    );
    const posted = await reader.agent
      .post(`${casePath}/beslut`)
      .type('form')
      .send({ _csrf: csrfTokenOf(seen.$), _version: '3', 'belopp-riksnorm': '0' });
    assert.equal(posted.status, 403);
    assert.deepEqual(
      (await auditOf(testApp(), posted)).map(({ action, outcome, role }) => [
        action,
        outcome,
        role,
      ]),
      [['change', 'denied', 'readonly']],
    );
    const row = await testApp()
      .services.database.db.selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'under-handlaggning');

    await decide(agent, casePath, { Hushållsel: { granted: '0', reason: 'Elen ingår i hyran.' } });
    const decided = await getPage(reader.agent, casePath);
    assert.match(textOf(decided.$, 'main'), /Delvis beviljad\. Beslutet fattades/);
    assert.deepEqual(decisionRows(decided.$)[3], [
      'Hushållsel',
      '450 kr',
      '0 kr',
      'Elen ingår i hyran.',
    ]);
    const letter = await downloadLetter(
      reader.agent,
      hrefOf(decided.$, 'Ladda ner beslutsbrevet (PDF)'),
    );
    assert.equal(letter.status, 200);
    assert.deepEqual(
      (await auditOf(testApp(), letter)).map(({ action, outcome, role }) => [
        action,
        outcome,
        role,
      ]),
      [['pdf', 'ok', 'readonly']],
    );
  });

  it('SEC-15 a caseworker of another municipality gets 404 for the form, the post and the letter, each logged', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const other = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'caseworker' }]);
    const home = await getPage(other.agent, '/handlaggare');
    const responses = [
      await other.agent.get(`${casePath}/beslut`),
      await other.agent
        .post(`${casePath}/beslut`)
        .type('form')
        .send({ _csrf: csrfTokenOf(home.$), _version: '3', 'belopp-riksnorm': '0' }),
      await other.agent.get(`${casePath}/beslut.pdf`),
    ];
    for (const response of responses) {
      assert.equal(response.status, 404);
      assert.deepEqual(
        (await auditOf(testApp(), response)).map(({ outcome, municipality }) => [
          outcome,
          municipality,
        ]),
        [['denied', '9901']],
      );
    }
    const bad = await other.agent.get('/handlaggare/arenden/inte-ett-id/beslut');
    assert.equal(bad.status, 404);
  });

  it('an open mark stops the decision with a message; once cleared the case can be decided', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const formPage = await getPage(agent, `${casePath}/beslut`);
    await services.database.db
      .insertInto('case_mark')
      .values({
        id: '11111111-1111-4111-8111-111111111111',
        application_id: sent.id,
        target: 'answer:boende.street',
        reason: 'Adressen stämmer inte med folkbokföringen.',
        created_at: clock.now().getTime(),
        created_by: staff.account.id,
        cleared_at: null,
        cleared_by: null,
      })
      .execute();

    const casePage = await getPage(agent, casePath);
    assert.match(
      textOf(casePage.$, 'main'),
      /Det finns markeringar som inte är åtgärdade \(1 st\.\)\. Du kan fatta beslut när alla markeringar är borttagna\./,
    );
    assert.throws(() => hrefOf(casePage.$, 'Fatta beslut'));
    const blockedPage = await getPage(agent, `${casePath}/beslut`);
    assert.deepEqual(errorSummaryLinks(blockedPage.$), [
      {
        text: 'Det finns markeringar som inte är åtgärdade (1 st.). Ta bort eller åtgärda dem innan du fattar beslut.',
        // To the marks, on the case page, where they are cleared.
        href: `${casePath}#marks`,
      },
    ]);
    assert.equal(casePage.$('#marks').length, 1);
    assert.equal(blockedPage.$('form[action$="/beslut"]').length, 0);

    // The form opened before the mark was made is refused too, with what was typed kept.
    const form = formPage.$('form[action$="/beslut"]');
    const refused = await agent
      .post(String(form.attr('action')))
      .type('form')
      .send({
        _csrf: csrfTokenOf(formPage.$),
        _version: String(form.find('input[name="_version"]').val()),
        'belopp-riksnorm': '1 000',
        'skal-riksnorm': 'Jag skrev detta.',
        'belopp-kostnad-0': '7 850',
        'belopp-kostnad-1': '450',
      });
    assert.equal(refused.status, 409);
    const $ = cheerio.load(refused.text);
    assert.equal(errorSummaryLinks($)[0]?.href, `${casePath}#marks`);
    assert.equal((await auditOf(testApp(), refused)).at(-1)?.outcome, 'invalid');
    assert.equal(
      (
        await services.database.db
          .selectFrom('decision')
          .selectAll()
          .where('application_id', '=', sent.id)
          .execute()
      ).length,
      0,
    );

    await services.database.db
      .updateTable('case_mark')
      .set({ cleared_at: clock.now().getTime(), cleared_by: staff.account.id })
      .where('application_id', '=', sent.id)
      .execute();
    const done = await decide(agent, casePath, {
      'Riksnormen för hushållet': { granted: '0', reason: 'Du har inte sökt arbete.' },
      [RENT]: { granted: '0', reason: 'Hyran är redan betald.' },
      Hushållsel: { granted: '0', reason: 'Elen ingår i hyran.' },
    });
    assert.equal(done.response.status, 303);
    const after = await getPage(agent, casePath);
    assert.match(textOf(after.$, 'main'), /Status ?Avslag/);
  });

  it('a stale form (the case changed since) and a case not yet handled are refused with a message', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const inkommen = await getPage(agent, casePath);
    const early = await agent
      .post(`${casePath}/beslut`)
      .type('form')
      .send({ _csrf: csrfTokenOf(inkommen.$), _version: '2', 'belopp-riksnorm': '0' });
    assert.equal(early.status, 409);
    const earlyPage = cheerio.load(early.text);
    assert.deepEqual(
      errorSummaryLinks(earlyPage).map((link) => link.text),
      [
        'Ärendet har status Inkommen. Beslut kan fattas när ärendet är under handläggning eller kompletterat.',
      ],
    );

    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const formPage = await getPage(agent, `${casePath}/beslut`);
    const version = String(formPage.$('input[name="_version"]').val());
    // A colleague sends it for completion and it comes back: the version moves on.
    await testApp()
      .services.database.db.updateTable('application')
      .set({ row_version: Number(version) + 2 })
      .where('id', '=', sent.id)
      .execute();
    const stale = await agent
      .post(`${casePath}/beslut`)
      .type('form')
      .send({
        _csrf: csrfTokenOf(formPage.$),
        _version: version,
        'belopp-riksnorm': '12 000',
        'skal-riksnorm': 'Min text finns kvar.',
      });
    assert.equal(stale.status, 409);
    const stalePage = cheerio.load(stale.text);
    assert.deepEqual(
      errorSummaryLinks(stalePage).map((link) => link.text),
      [
        'Någon annan ändrade ärendet medan du skrev. Se efter vad som ändrats och fatta beslutet igen.',
      ],
    );
    assert.equal(
      String(fieldByLabel(stalePage, REASON_LABEL, { within: 'Riksnormen för hushållet' }).val()),
      'Min text finns kvar.',
    );
    assert.equal(
      String(stalePage('input[name="_version"]').val()),
      String(Number(version) + 2),
      'the page offers the current version',
    );
  });

  it('SEC-19 a decision posted without a CSRF token is refused and nothing changes', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const response = await agent
      .post(`${casePath}/beslut`)
      .type('form')
      .send({ _version: '3', 'belopp-riksnorm': '0' });
    assert.equal(response.status, 403);
    const rows = await testApp()
      .services.database.db.selectFrom('decision')
      .selectAll()
      .where('application_id', '=', sent.id)
      .execute();
    assert.equal(rows.length, 0);
  });
});

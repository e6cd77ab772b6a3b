import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { sendApplication } from '../helpers/cases';
import {
  caseUnderHandling,
  markAnswer,
  postFormOf,
  requestCompletion,
  type CaseInHand,
} from '../helpers/completion';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import {
  agentFor,
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  textOf,
  type Agent,
  tableCells,
} from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody } from '../helpers/multipart';
import { samplePdf } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const XSS_REASON = '<script>alert(1)</script> "><img src=x onerror=alert(1)>';
const XSS_MESSAGE = 'javascript:alert(2) <img src=x onerror=alert(2)>';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface World extends CaseInHand {
  markId: string;
  reader: Agent;
  outsider: Agent;
  stranger: Agent;
}

let world: World | undefined;

/** A case of 9901 with one mark (its reason an XSS payload) and a completion asked for. */
async function worldOf(testApp: TestApp): Promise<World> {
  if (world) return world;
  const inHand = await caseUnderHandling(testApp);
  const marked = await markAnswer(
    inHand.caseworker.agent,
    inHand.casePath,
    'Gatuadress',
    XSS_REASON,
  );
  assert.equal(marked.response.status, 303);
  const requested = await requestCompletion(inHand.caseworker.agent, inHand.casePath, {
    message: XSS_MESSAGE,
  });
  assert.equal(requested.response.status, 303);
  const mark = await testApp.services.database.db
    .selectFrom('case_mark')
    .select('id')
    .where('application_id', '=', inHand.sent.id)
    .executeTakeFirstOrThrow();
  const strangerAccount = await createApplicant(testApp.services);
  const stranger = agentFor(testApp.app);
  await loginWithSms(stranger, testApp.services, strangerAccount);
  world = {
    ...inHand,
    markId: mark.id,
    reader: (await staffAgent(testApp, [{ municipalityCode: '9901', role: 'readonly' }])).agent,
    outsider: (await staffAgent(testApp, [{ municipalityCode: '9902', role: 'caseworker' }])).agent,
    stranger,
  };
  return world;
}

async function tokenOf(agent: Agent, path = '/handlaggare'): Promise<string> {
  return csrfTokenOf((await getPage(agent, path)).$);
}

async function auditOf(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  const events = await testApp.services.auditLog.ofRequest(
    String(response.headers['x-request-id']),
  );
  return events.map((event) => [
    event.action,
    event.outcome,
    event.role,
    event.subject,
    event.detail,
  ]);
}

async function statusOf(testApp: TestApp, id: string) {
  const row = await testApp.services.database.db
    .selectFrom('application')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe('marks and completion requests: access, escaping and the audit log', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-16 read-only staff see the marks and the request but no button; every post is 403 and logged', async () => {
    const current = await worldOf(testApp());
    const { $, response } = await getPage(current.reader, current.casePath);
    assert.equal(response.status, 200);
    assert.match(textOf($, '.portal-marks'), /Gatuadress/);
    assert.match(textOf($, '.portal-marks'), /Väntar på den sökande\./);
    const buttons = $('main button, main summary')
      .toArray()
      .map((one) => $(one).text().trim());
    for (const name of [
      'Markera som fel',
      'Spara markering',
      'Ta bort markering',
      'Markera som saknas',
    ]) {
      assert.ok(!buttons.some((text) => text.startsWith(name)), name);
    }
    assert.equal($('a').filter((_, a) => $(a).text() === 'Begär komplettering').length, 0);

    const token = await tokenOf(current.reader);
    // Each refusal says what was tried.
    const posts = [
      [
        current.reader
          .post(`${current.casePath}/markeringar`)
          .type('form')
          .send({ mal: 'answer:boende.city', orsak: 'Fel', _csrf: token }),
        'mark',
      ],
      [
        current.reader
          .post(`${current.casePath}/markeringar/${current.markId}/ta-bort`)
          .type('form')
          .send({ _csrf: token }),
        'markCleared',
      ],
      [
        current.reader
          .post(`${current.casePath}/komplettering`)
          .type('form')
          .send({ 'sista-dag': '2026-12-24', meddelande: '', _csrf: token }),
        'completionRequest',
      ],
    ] as const;
    for (const [post, detail] of posts) {
      const refused = await post;
      assert.equal(refused.status, 403);
      const events = await auditOf(testApp(), refused);
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]?.slice(1), ['denied', 'readonly', current.sent.id, detail]);
    }
    const page = await current.reader.get(`${current.casePath}/komplettering`);
    assert.equal(page.status, 403);
    assert.equal(await testApp().services.caseMarks.hasOpenMarks(current.sent.id), true);
    assert.equal(await statusOf(testApp(), current.sent.id), 'komplettering-begard');
  });

  it('SEC-15 another municipality’s caseworker gets the 404 of a missing case for marks and requests, logged', async () => {
    const current = await worldOf(testApp());
    const missing = await getPage(current.outsider, `/handlaggare/arenden/${MISSING}`);
    const token = await tokenOf(current.outsider);
    const refused = [
      await current.outsider
        .post(`${current.casePath}/markeringar`)
        .type('form')
        .send({ mal: 'answer:boende.city', orsak: 'Fel', _csrf: token }),
      await current.outsider
        .post(`${current.casePath}/markeringar/${current.markId}/ta-bort`)
        .type('form')
        .send({ _csrf: token }),
      await current.outsider.get(`${current.casePath}/komplettering`),
      await current.outsider
        .post(`${current.casePath}/komplettering`)
        .type('form')
        .send({ 'sista-dag': '2026-12-24', meddelande: '', _csrf: token }),
    ];
    for (const response of refused) {
      assert.equal(response.status, 404);
      assert.equal(textOf(cheerio.load(response.text), 'main'), textOf(missing.$, 'main'));
      assert.ok(!response.text.includes('Gatuadress'));
      const events = await auditOf(testApp(), response);
      assert.deepEqual(
        events.map((event) => [event[1], event[2], event[3]]),
        [['denied', null, current.sent.id]],
      );
    }
    assert.equal(await testApp().services.caseMarks.hasOpenMarks(current.sent.id), true);
  });

  it('SEC-14 another applicant cannot see, upload to or answer the request: the same 404 as for nothing', async () => {
    const current = await worldOf(testApp());
    const path = `/mina-sidor/ansokningar/${current.sent.id}/komplettering`;
    const own = await getPage(current.sent.agent, path);
    assert.equal(own.response.status, 200);
    const nothing = await current.stranger.get(`/mina-sidor/ansokningar/${MISSING}/komplettering`);
    const token = await tokenOf(current.stranger, '/mina-sidor');
    const { contentType, body } = multipartBody([
      { name: '_csrf', value: token },
      { name: 'filer', filename: 'x.pdf', bytes: await samplePdf() },
    ]);
    const attempts = [
      await current.stranger.get(path),
      await current.stranger
        .post(path)
        .type('form')
        .send({ 'boende.street': 'Annan gata 1', _csrf: token }),
      await current.stranger.post(`${path}/ladda-upp`).set('Content-Type', contentType).send(body),
      await current.stranger
        .post(`${path}/filer/${MISSING}/ta-bort`)
        .type('form')
        .send({ _csrf: token }),
    ];
    for (const response of attempts) {
      assert.equal(response.status, 404);
      assert.equal(
        textOf(cheerio.load(response.text), 'main'),
        textOf(cheerio.load(nothing.text), 'main'),
      );
      assert.ok(!response.text.includes('Gatuadress'));
    }
    assert.equal(await statusOf(testApp(), current.sent.id), 'komplettering-begard');
  });

  it('SEC-23 lists, repeated and huge values in every post give a clear 4xx, never a 5xx', async () => {
    const current = await worldOf(testApp());
    const staffToken = await tokenOf(current.caseworker.agent);
    const applicantPath = `/mina-sidor/ansokningar/${current.sent.id}/komplettering`;
    const applicantToken = await tokenOf(current.sent.agent, applicantPath);
    const huge = 'å'.repeat(20_000);
    const staffPosts = [
      { mal: ['answer:boende.city', 'answer:boende.street'], orsak: 'Fel' },
      { mal: 'answer:boende.city', orsak: ['Fel', 'Fel'] },
      { mal: huge, orsak: huge },
    ];
    for (const body of staffPosts) {
      const response = await current.caseworker.agent
        .post(`${current.casePath}/markeringar`)
        .type('form')
        .send({ ...body, _csrf: staffToken });
      assert.equal(response.status, 303);
      const page = await getPage(current.caseworker.agent, response.headers.location ?? '');
      // Said in the box under "Fel och brister", or beside the reason it is about.
      assert.ok(textOf(page.$, '.portal-marks [role=alert], .label__message--error').length > 0);
    }
    for (const body of [
      { 'sista-dag': ['2026-12-24', '2026-12-25'], meddelande: '' },
      { 'sista-dag': '2026-12-24', meddelande: huge },
    ]) {
      const response = await current.caseworker.agent
        .post(`${current.casePath}/komplettering`)
        .type('form')
        .send({ ...body, _csrf: staffToken });
      assert.equal(response.status, 400);
      assert.equal(errorSummaryLinks(cheerio.load(response.text)).length, 1);
    }
    for (const body of [{ 'boende.street': ['a', 'b'] }, { 'boende.street': huge }]) {
      // Each post is saved as the draft: the next one names the version the page shows now.
      const { $ } = await getPage(current.sent.agent, applicantPath);
      const _version = String($('input[name="_version"]').val());
      const response = await current.sent.agent
        .post(applicantPath)
        .type('form')
        .send({ ...body, _version, _csrf: applicantToken });
      assert.equal(response.status, 400);
      assert.ok(errorSummaryLinks(cheerio.load(response.text)).length > 0);
    }
    assert.equal(await statusOf(testApp(), current.sent.id), 'komplettering-begard');
  });

  it('SEC-20 the reason, the message and a changed answer with markup are shown as text to both', async () => {
    const current = await worldOf(testApp());
    const path = `/mina-sidor/ansokningar/${current.sent.id}/komplettering`;
    const applicantPage = await getPage(current.sent.agent, path);
    const staffPage = await getPage(current.caseworker.agent, current.casePath);
    for (const page of [applicantPage, staffPage]) {
      assert.ok(!page.response.text.includes('<script>alert(1)'));
      assert.ok(!page.response.text.includes('<img src=x'));
      assert.equal(page.$('script:not([src]), img[src="x"]').length, 0);
      assert.match(
        textOf(page.$, 'main'),
        /<script>alert\(1\)<\/script> "><img src=x onerror=alert\(1\)>/,
      );
    }
    assert.match(
      textOf(applicantPage.$, 'main'),
      /javascript:alert\(2\) <img src=x onerror=alert\(2\)>/,
    );
    assert.match(
      textOf(staffPage.$, 'main'),
      /javascript:alert\(2\) <img src=x onerror=alert\(2\)>/,
    );
  });

  it('SEC-17 SEC-19 only the marked answer is read: other answers and a status in the post are ignored; no token, no change', async () => {
    const current = await worldOf(testApp());
    const path = `/mina-sidor/ansokningar/${current.sent.id}/komplettering`;
    const noToken = await current.sent.agent
      .post(path)
      .type('form')
      .send({ 'boende.street': 'Ny gata 2' });
    assert.equal(noToken.status, 403);
    const markNoToken = await current.caseworker.agent
      .post(`${current.casePath}/markeringar`)
      .type('form')
      .send({ mal: 'answer:boende.city', orsak: 'Fel' });
    assert.equal(markNoToken.status, 403);
    assert.equal(await statusOf(testApp(), current.sent.id), 'komplettering-begard');

    const { $ } = await getPage(current.sent.agent, path);
    const form = buttonNamed($, 'Skicka kompletteringen').closest('form');
    const street = String(fieldByLabel($, 'Boende – Gatuadress').attr('name'));
    const sent = await postFormOf(current.sent.agent, form as never, {
      [street]: '<b>Ny gata</b> 2',
      'om-dig.firstName': 'Inkräktare',
      'boende.city': 'Annanstad',
      status: 'beviljad',
      municipalityCode: '9902',
    });
    assert.equal(sent.response.status, 303, sent.response.text.slice(0, 1500));
    assert.equal(await statusOf(testApp(), current.sent.id), 'kompletterad');
    const stored = await testApp()
      .services.database.db.selectFrom('completion_request')
      .select('answers_after')
      .where('application_id', '=', current.sent.id)
      .executeTakeFirstOrThrow();
    const after = JSON.parse(stored.answers_after ?? '{}') as Partial<
      Record<string, Record<string, unknown>>
    >;
    assert.deepEqual(
      [after.boende?.street, after.boende?.city, after['om-dig']?.firstName],
      ['<b>Ny gata</b> 2', 'Exempelby', 'Łukasz'],
    );
    const seen = await getPage(current.caseworker.agent, current.casePath);
    assert.ok(!seen.response.text.includes('<b>Ny gata</b>'));
    const [cells] = tableCells(seen.$, 'table.portal-changes');
    assert.deepEqual(cells, ['Boende – Gatuadress', 'Storgatan 5 B', '<b>Ny gata</b> 2']);
  });
});

describe('asking for completion: the due date and the status table', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a due date of today or earlier, one that does not exist or none is refused with the typed values kept', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
    const page = await getPage(caseworker.agent, `${casePath}/komplettering`);
    assert.equal(fieldByLabel(page.$, 'Sista dag att komplettera').val(), '2026-12-01');
    const form = buttonNamed(page.$, 'Begär komplettering').closest('form');
    const cases: [string, string][] = [
      [
        '2026-11-23',
        'Sista dag måste vara i morgon eller senare, så att den sökande hinner svara.',
      ],
      [
        '2026-11-24',
        'Sista dag måste vara i morgon eller senare, så att den sökande hinner svara.',
      ],
      ['31 juni 2027', 'Det finns ingen 31 juni. Kontrollera datumet.'],
      ['', 'Skriv sista dag att komplettera.'],
    ];
    for (const [due, message] of cases) {
      const refused = await postFormOf(caseworker.agent, form as never, {
        'sista-dag': due,
        meddelande: 'Mitt meddelande',
      });
      assert.equal(refused.response.status, 400, due);
      assert.deepEqual(errorSummaryLinks(refused.$), [{ text: message, href: '#sista-dag' }]);
      assert.equal(fieldByLabel(refused.$, 'Sista dag att komplettera').val(), due);
      assert.equal(fieldByLabel(refused.$, 'Meddelande till den sökande').val(), 'Mitt meddelande');
    }
    const tomorrow = await postFormOf(caseworker.agent, form as never, {
      'sista-dag': '25 november 2026',
      meddelande: '',
    });
    assert.equal(tomorrow.response.status, 303);
  });

  it('without a mark, or from "Inkommen", no completion can be asked for', async () => {
    const { casePath, caseworker, sent } = await caseUnderHandling(testApp());
    const { $ } = await getPage(caseworker.agent, casePath);
    assert.equal($('a').filter((_, a) => $(a).text() === 'Begär komplettering').length, 0);
    const token = await tokenOf(caseworker.agent);
    const none = await caseworker.agent
      .post(`${casePath}/komplettering`)
      .type('form')
      .send({ 'sista-dag': '2026-12-24', meddelande: '', _csrf: token });
    assert.equal(none.status, 400);
    assert.deepEqual(
      errorSummaryLinks(cheerio.load(none.text)).map((one) => one.text),
      ['Markera först det som är fel eller saknas.'],
    );
    assert.equal(await statusOf(testApp(), sent.id), 'under-handlaggning');

    const fresh = await sendApplication(testApp());
    const freshPath = `/handlaggare/arenden/${fresh.id}`;
    await markAnswer(caseworker.agent, freshPath, 'Gatuadress', 'Stämmer inte.');
    const shown = await getPage(caseworker.agent, freshPath);
    assert.match(
      textOf(shown.$, '.portal-marks'),
      /Ändra status till Under handläggning innan du begär komplettering\./,
    );
    const illegal = await caseworker.agent
      .post(`${freshPath}/komplettering`)
      .type('form')
      .send({ 'sista-dag': '2026-12-24', meddelande: '', _csrf: token });
    assert.equal(illegal.status, 400);
    assert.equal(await statusOf(testApp(), fresh.id), 'inkommen');
  });

  it('SEC-31 "Begär komplettering" pressed twice: one request, and the second press shows the case, not an error; a colleague’s request meanwhile is told it did not go', async () => {
    const { services } = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
    const formOf = async () => {
      const { $ } = await getPage(caseworker.agent, `${casePath}/komplettering`);
      return {
        _csrf: String($('input[name="_csrf"]').val()),
        engang: String($('input[name="engang"]').val()),
      };
    };
    const mine = await formOf();
    const colleagues = await formOf();
    assert.notEqual(mine.engang, colleagues.engang);
    const press = () =>
      caseworker.agent
        .post(`${casePath}/komplettering`)
        .type('form')
        .send({ 'sista-dag': '2026-12-24', meddelande: '', ...mine });
    const first = await press();
    const second = await press();
    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    assert.equal(second.headers.location, `${casePath}#marks`);
    const late = await caseworker.agent
      .post(`${casePath}/komplettering`)
      .type('form')
      .send({ 'sista-dag': '2026-12-24', meddelande: 'Skicka ditt hyreskontrakt.', ...colleagues });
    assert.equal(late.status, 400);
    const $late = cheerio.load(late.text);
    assert.deepEqual(errorSummaryLinks($late), [
      {
        text: 'Någon har redan begärt komplettering i ärendet. Din begäran är inte skickad.',
        href: '#marks',
      },
    ]);
    assert.match(
      textOf($late, 'main'),
      /Det du skrev \(inte skickat\)\s*Skicka ditt hyreskontrakt\./,
    );
    const requests = await services.database.db
      .selectFrom('completion_request')
      .select('id')
      .where('application_id', '=', sent.id)
      .execute();
    assert.equal(requests.length, 1);
  });
});

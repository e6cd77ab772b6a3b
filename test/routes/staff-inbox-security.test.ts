import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { StaffGrant } from '../../services/accounts';
import type { StoredAuditEvent } from '../../services/audit-log';
import { caseRows, sendApplication, type SentApplication } from '../helpers/cases';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms, newPersonnummer } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { samplePdf } from '../helpers/sample-files';
import { staffAgent, type TestStaff } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const XSS_NAME = '<script>alert(1)</script>';
const XSS_TEXT = '"><img src=x onerror=alert(1)> javascript:alert(1)';
const XSS_FILE = '"><img src=x onerror=alert(2)>.pdf';
const MISSING = '00000000-0000-4000-8000-000000000000';

interface Caller {
  role: string;
  agent: Agent;
  staff?: TestStaff;
}

interface World {
  sent: SentApplication;
  attachmentHref: string;
  callers: Caller[];
}

const grant = (municipalityCode: string, role: StaffGrant['role']) => [{ municipalityCode, role }];

let world: World | undefined;

/** One sent application of 9901 (with XSS in its answers and file name) and a caller per role. */
async function worldOf(testApp: TestApp): Promise<World> {
  if (world) return world;
  const sent = await sendApplication(testApp, {
    changes: { 'om-dig': { firstName: XSS_NAME }, meddelande: { message: XSS_TEXT } },
    files: [{ filename: XSS_FILE, bytes: await samplePdf() }],
  });
  const owner = await staffAgent(testApp, grant('9901', 'caseworker'));
  const { $ } = await getPage(owner.agent, `/handlaggare/arenden/${sent.id}`);
  const attachmentHref = $('a[href*="/bilagor/"]').attr('href') ?? '';
  const applicant = await createApplicant(testApp.services);
  const applicantAgent = agentFor(testApp.app);
  await loginWithSms(applicantAgent, testApp.services, applicant);
  world = {
    sent,
    attachmentHref,
    callers: [
      { role: 'anonymous', agent: agentFor(testApp.app) },
      { role: 'applicant', agent: applicantAgent },
      { role: 'readonly', ...(await staffAgent(testApp, grant('9901', 'readonly'))) },
      { role: 'caseworker', ...owner },
      { role: 'otherMunicipality', ...(await staffAgent(testApp, grant('9902', 'caseworker'))) },
    ],
  };
  return world;
}

/** A token the caller's browser would have: from a page it may open. */
async function tokenOf(caller: Caller): Promise<string> {
  const { $ } = await getPage(caller.agent, caller.staff ? '/handlaggare' : '/aktivera');
  return csrfTokenOf($);
}

async function auditOf(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  return testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']));
}

describe('caseworker inbox: access, escaping and the audit log', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-18 every route of the inbox × every role gives the expected status', async () => {
    const current = await worldOf(testApp());
    const casePath = `/handlaggare/arenden/${current.sent.id}`;
    const routes: {
      name: string;
      request: (caller: Caller) => Promise<{ status: number; headers: Record<string, string> }>;
      expected: Record<string, number>;
    }[] = [
      {
        name: 'GET /handlaggare',
        request: (caller) => caller.agent.get('/handlaggare'),
        expected: { readonly: 200, caseworker: 200, otherMunicipality: 200 },
      },
      {
        name: 'POST /handlaggare/arenden/sok, then its results',
        request: async (caller) => {
          const token = await tokenOf(caller);
          const posted = await caller.agent.post('/handlaggare/arenden/sok').type('form').send({
            sokord: current.sent.applicant.personnummer,
            _csrf: token,
          });
          // The results are a page of their own, so the personnummer is in no address.
          return posted.headers.location?.startsWith('/handlaggare/arenden/sok?s=')
            ? caller.agent.get(posted.headers.location)
            : posted;
        },
        expected: { readonly: 200, caseworker: 200, otherMunicipality: 200 },
      },
      {
        name: 'GET case',
        request: (caller) => caller.agent.get(casePath),
        expected: { readonly: 200, caseworker: 200, otherMunicipality: 404 },
      },
      {
        name: 'GET attachment',
        request: (caller) => caller.agent.get(current.attachmentHref),
        expected: { readonly: 200, caseworker: 200, otherMunicipality: 404 },
      },
      {
        name: 'POST assign',
        request: async (caller) => {
          const token = await tokenOf(caller);
          return caller.agent.post(`${casePath}/tilldela`).type('form').send({ _csrf: token });
        },
        expected: { readonly: 403, caseworker: 303, otherMunicipality: 404 },
      },
      {
        name: 'POST status (an illegal move, so the case stays as it is)',
        request: async (caller) => {
          const token = await tokenOf(caller);
          return caller.agent
            .post(`${casePath}/status`)
            .type('form')
            .send({ till: 'avslag', _csrf: token });
        },
        expected: { readonly: 403, caseworker: 303, otherMunicipality: 404 },
      },
    ];
    for (const route of routes) {
      for (const caller of current.callers) {
        const response = await route.request(caller);
        const expected = route.expected[caller.role];
        if (expected === undefined) {
          // Not logged in as staff: to the staff login, whatever was asked.
          assert.equal(response.status, 303, `${route.name} as ${caller.role}`);
          assert.match(
            response.headers.location ?? '',
            /^\/personal\/logga-in(\?|$)/,
            `${route.name} as ${caller.role}`,
          );
        } else {
          assert.equal(response.status, expected, `${route.name} as ${caller.role}`);
        }
      }
    }
  });

  it('SEC-15 another municipality’s caseworker: not in lists, "Ingen träff" as for nobody, 404 on case, file and changes, each logged as denied', async () => {
    const current = await worldOf(testApp());
    const other = current.callers.find((caller) => caller.role === 'otherMunicipality');
    assert.ok(other?.staff);
    for (const list of ['', '?lista=ej-beslutade', '?lista=mina', '?lista=senast']) {
      const { $ } = await getPage(other.agent, `/handlaggare${list}`);
      assert.equal(caseRows($).length, 0, list);
    }
    const search = async (personnummer: string) => {
      const response = await other.agent
        .post('/handlaggare/arenden/sok')
        .redirects(1)
        .type('form')
        .send({ sokord: personnummer, _csrf: await tokenOf(other) });
      return { response, text: textOf(cheerio.load(response.text), 'main') };
    };
    const theirs = await search(current.sent.applicant.personnummer);
    const nobodys = newPersonnummer();
    const nobody = await search(nobodys);
    assert.equal(
      theirs.text.replaceAll(current.sent.applicant.personnummer, ''),
      nobody.text.replaceAll(nobodys, ''),
    );
    assert.match(theirs.text, /Ingen träff\./);
    assert.deepEqual(
      (await auditOf(testApp(), theirs.response)).map((event) => [event.action, event.outcome]),
      [['search', 'denied']],
    );

    const casePath = `/handlaggare/arenden/${current.sent.id}`;
    const statusNow = () =>
      testApp()
        .services.database.db.selectFrom('application')
        .select('status')
        .where('id', '=', current.sent.id)
        .executeTakeFirstOrThrow();
    // Another test may have taken it up already ("Tilldela mig" moves it on): it must not move.
    const statusBefore = await statusNow();
    const missing = await getPage(other.agent, `/handlaggare/arenden/${MISSING}`);
    const otherToken = await tokenOf(other);
    const refused = [
      await other.agent.get(casePath),
      await other.agent.get(current.attachmentHref),
      await other.agent
        .post(`${casePath}/status`)
        .type('form')
        .send({ till: 'under-handlaggning', _csrf: otherToken }),
      // Ending a case asks first: the question is not put for another municipality's case.
      await other.agent
        .post(`${casePath}/status`)
        .type('form')
        .send({ till: 'makulerad', orsak: 'Dubblett.', _csrf: otherToken }),
      await other.agent.post(`${casePath}/tilldela`).type('form').send({ _csrf: otherToken }),
    ];
    for (const response of refused) {
      assert.equal(response.status, 404);
      assert.equal(textOf(cheerio.load(response.text), 'main'), textOf(missing.$, 'main'));
      assert.ok(!response.text.includes('Øvergård'));
      const events = await auditOf(testApp(), response);
      assert.deepEqual(
        events.map((event) => [event.outcome, event.subject]),
        [['denied', current.sent.id]],
      );
    }
    assert.deepEqual(await statusNow(), statusBefore);
  });

  it('SEC-16 the read-only role sees the case without buttons; its posts are 403 and logged', async () => {
    const current = await worldOf(testApp());
    const reader = current.callers.find((caller) => caller.role === 'readonly');
    assert.ok(reader);
    const casePath = `/handlaggare/arenden/${current.sent.id}`;
    const { $ } = await getPage(reader.agent, casePath);
    assert.match(textOf($, 'main'), /Du har läsbehörighet\./);
    assert.equal($('main form').length, 0, 'no buttons that change anything');
    const readerToken = await tokenOf(reader);
    const posts: [string, Record<string, string>][] = [
      [`${casePath}/tilldela`, {}],
      [`${casePath}/status`, { till: 'under-handlaggning', orsak: 'Läsaren försöker.' }],
    ];
    for (const [path, body] of posts) {
      const response: { status: number; text: string; headers: Record<string, string> } =
        await reader.agent
          .post(path)
          .type('form')
          .send({ ...body, _csrf: readerToken });
      assert.equal(response.status, 403, path);
      assert.match(textOf(cheerio.load(response.text), 'h1'), /Du har inte behörighet att ändra/);
      const events = await auditOf(testApp(), response);
      assert.deepEqual(
        events.map((event) => [event.role, event.outcome]),
        [['readonly', 'denied']],
      );
    }
  });

  it('SEC-20 a script in an answer and in a file name is shown as text in the list, the case view and the search', async () => {
    const current = await worldOf(testApp());
    const caseworker = current.callers.find((caller) => caller.role === 'caseworker');
    assert.ok(caseworker);
    const pages = [
      await getPage(caseworker.agent, '/handlaggare?lista=ej-beslutade'),
      await getPage(caseworker.agent, `/handlaggare/arenden/${current.sent.id}`),
    ];
    const searched = await caseworker.agent
      .post('/handlaggare/arenden/sok')
      .redirects(1)
      .type('form')
      .send({
        sokord: current.sent.applicant.personnummer,
        _csrf: await tokenOf(caseworker),
      });
    pages.push({ response: searched, $: cheerio.load(searched.text) });
    for (const { response, $ } of pages) {
      assert.equal($('main script').length, 0);
      assert.equal($('main img').length, 0);
      assert.ok(!response.text.includes(XSS_NAME), 'never printed raw');
      assert.match(textOf($, 'main'), /<script>alert\(1\)<\/script> Øvergård/);
    }
    const caseText = textOf(pages[1]?.$ ?? cheerio.load(''), 'main');
    assert.ok(caseText.includes(XSS_TEXT));
    assert.ok(caseText.includes('"><img src=x onerror=alert(2)>.pdf'));
  });

  it('SEC-29 exactly one audit row per view, search, download and change, with the listed fields and no secrets', async () => {
    const current = await worldOf(testApp());
    const caseworker = current.callers.find((caller) => caller.role === 'caseworker');
    assert.ok(caseworker?.staff);
    const casePath = `/handlaggare/arenden/${current.sent.id}`;
    const token = await tokenOf(caseworker);
    const requests: [
      string,
      Promise<{ status: number; headers: Record<string, unknown>; text: string }>,
    ][] = [['list', caseworker.agent.get('/handlaggare').then((r) => r)]];
    requests.push(['view', caseworker.agent.get(casePath).then((r) => r)]);
    requests.push(['download', caseworker.agent.get(current.attachmentHref).then((r) => r)]);
    requests.push([
      'search',
      caseworker.agent
        .post('/handlaggare/arenden/sok')
        .redirects(1)
        .type('form')
        .send({ sokord: current.sent.applicant.personnummer, _csrf: token })
        .then((r) => r),
    ]);
    const rows: StoredAuditEvent[] = [];
    for (const [action, pending] of requests) {
      const response = await pending;
      const events = await auditOf(testApp(), response);
      assert.equal(events.length, 1, action);
      rows.push(...events);
      const [event] = events;
      assert.ok(event);
      assert.equal(event.action, action);
      assert.equal(event.outcome, 'ok');
      assert.equal(event.actorId, caseworker.staff.account.id);
      assert.equal(event.role, 'caseworker');
      assert.equal(event.municipality, '9901');
      assert.equal(event.requestId, response.headers['x-request-id']);
      assert.equal(event.at.toISOString(), clock.now().toISOString());
    }
    const changed = await caseworker.agent
      .post(`${casePath}/status`)
      .type('form')
      // Allowed from Inkommen and from Under handläggning (an earlier test may have assigned it).
      .send({ till: 'makulerad', orsak: 'Dubblett.', bekrafta: 'ja', _csrf: token });
    assert.equal(changed.status, 303);
    const change = await auditOf(testApp(), changed);
    assert.deepEqual(
      change.map((event) => [event.action, event.outcome, event.subject, event.municipality]),
      [['change', 'ok', current.sent.id, '9901']],
    );
    rows.push(...change);
    const wrongFile = await caseworker.agent.get(
      current.attachmentHref.replace(/[0-9a-f-]{36}$/, MISSING),
    );
    assert.equal(wrongFile.status, 404);
    assert.deepEqual(
      (await auditOf(testApp(), wrongFile)).map((event) => [
        event.action,
        event.outcome,
        event.subject,
      ]),
      [['download', 'denied', current.sent.id]],
      'SEC-29 a file the case does not have is a refused download, not an "ok" one',
    );
    const stored = await testApp()
      .services.database.db.selectFrom('audit_event')
      .selectAll()
      .execute();
    const secrets = [
      caseworker.staff.password,
      current.sent.applicant.password,
      current.sent.applicant.personnummer,
      token,
    ];
    for (const row of stored) {
      for (const secret of secrets) assert.ok(!JSON.stringify(row).includes(secret));
    }
    const sessions = await testApp()
      .services.database.db.selectFrom('session')
      .select('sid')
      .execute();
    for (const row of stored) {
      for (const { sid } of sessions) assert.ok(!JSON.stringify(row).includes(sid));
    }
  });
});

import assert from 'node:assert/strict';
import { load } from 'cheerio';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { insertSentApplication, threadIn, writeAndPress } from '../helpers/casework';
import { fieldByLabel } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
].join('\n');

async function post(agent: Agent, tokenPage: string, path: string, fields: Record<string, string>) {
  const { $ } = await getPage(agent, tokenPage);
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf($) });
}

async function auditOf(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  const rows = await testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']));
  return rows.map(({ action, outcome }) => ({ action, outcome }));
}

async function counts(testApp: TestApp, applicationId: string) {
  const db = testApp.services.database.db;
  const notes = await db
    .selectFrom('case_note')
    .select('id')
    .where('application_id', '=', applicationId)
    .execute();
  const messages = await db
    .selectFrom('message')
    .select('id')
    .where('application_id', '=', applicationId)
    .execute();
  return { notes: notes.length, messages: messages.length };
}

describe('notes and messages: access, escaping and the audit log', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it("SEC-14 an applicant cannot read or write another applicant's thread, nor one on a draft", async () => {
    const owner = await sendApplication(testApp());
    const other = await createApplicant(testApp().services);
    const otherAgent = agentFor(testApp().app);
    await loginWithSms(otherAgent, testApp().services, other);
    const path = `/mina-sidor/ansokningar/${owner.id}/meddelanden`;
    const refused = await post(otherAgent, '/mina-sidor', path, { meddelande: 'Hej' });
    assert.equal(refused.status, 404);
    const read = await otherAgent.get(`/mina-sidor/ansokningar/${owner.id}`);
    assert.equal(read.status, 404);
    assert.ok(!read.text.includes('meddelanden'));
    for (const id of ['00000000-0000-4000-8000-000000000000', 'x', '../../handlaggare']) {
      const response = await post(
        otherAgent,
        '/mina-sidor',
        `/mina-sidor/ansokningar/${encodeURIComponent(id)}/meddelanden`,
        {
          meddelande: 'Hej',
        },
      );
      assert.equal(response.status, 404, id);
    }
    const { services } = testApp();
    const draft = await services.applications.start(
      { kind: 'applicant', userId: other.account.id },
      services.forms.defaultForm,
      '9901',
    );
    const onDraft = await post(
      otherAgent,
      '/mina-sidor',
      `/mina-sidor/ansokningar/${draft.id}/meddelanden`,
      {
        meddelande: 'Hej',
      },
    );
    assert.equal(onDraft.status, 404, 'a draft has no thread, even for its owner');
    // Staff are not applicants: the applicant's route sends them to the login.
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const asStaff = await post(agent, '/handlaggare', path, { meddelande: 'Hej' });
    assert.equal(asStaff.status, 303);
    assert.deepEqual(await counts(testApp(), owner.id), { notes: 0, messages: 0 });
  });

  it('SEC-15 staff of another municipality: the same 404 as a missing case, logged as refused', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    for (const [suffix, fields, action] of [
      ['anteckningar', { anteckning: 'Hej' }, 'change'],
      ['meddelanden', { meddelande: 'Hej' }, 'change'],
      ['tilldela-kollega', { handlaggare: '00000000-0000-4000-8000-000000000000' }, 'assign'],
      ['tilldela-kollega', { handlaggare: 'ingen' }, 'assign'],
    ] as const) {
      const response = await post(agent, '/handlaggare', `${casePath}/${suffix}`, fields);
      assert.equal(response.status, 404, suffix);
      const missing = await post(
        agent,
        '/handlaggare',
        `/handlaggare/arenden/00000000-0000-4000-8000-000000000000/${suffix}`,
        fields,
      );
      assert.equal(missing.status, 404);
      assert.equal(textOf(cheerioOf(response.text), 'h1'), textOf(cheerioOf(missing.text), 'h1'));
      assert.deepEqual(await auditOf(testApp(), response), [{ action, outcome: 'denied' }]);
    }
    assert.deepEqual(await counts(testApp(), sent.id), { notes: 0, messages: 0 });
  });

  it('SEC-16 read-only staff read notes and messages but cannot write: 403 and an audit row', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const caseworker = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    await writeAndPress(
      caseworker.agent,
      casePath,
      'Ny anteckning',
      'En anteckning.',
      'Spara anteckningen',
    );
    await writeAndPress(
      caseworker.agent,
      casePath,
      'Nytt meddelande till den sökande',
      'Ett meddelande.',
      'Skicka meddelandet',
    );
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const page = await getPage(agent, casePath);
    assert.deepEqual(
      threadIn(page.$, 'anteckningar').map((note) => note.text),
      ['En anteckning.'],
    );
    assert.deepEqual(
      threadIn(page.$, 'meddelanden').map((message) => message.text),
      ['Ett meddelande.'],
    );
    for (const label of [
      'Ny anteckning',
      'Nytt meddelande till den sökande',
      'Tilldela en kollega',
    ]) {
      assert.throws(() => fieldByLabel(page.$, label), label);
    }
    for (const [suffix, fields, action] of [
      ['anteckningar', { anteckning: 'Hej' }, 'change'],
      ['meddelanden', { meddelande: 'Hej' }, 'change'],
      ['tilldela-kollega', { handlaggare: caseworker.staff.account.id }, 'assign'],
      ['tilldela-kollega', { handlaggare: 'ingen' }, 'assign'],
      // Bad input changes nothing about it: still 403.
      ['anteckningar', { anteckning: '' }, 'change'],
    ] as const) {
      const response = await post(agent, casePath, `${casePath}/${suffix}`, fields);
      assert.equal(response.status, 403, suffix);
      assert.deepEqual(await auditOf(testApp(), response), [{ action, outcome: 'denied' }]);
    }
    assert.deepEqual(await counts(testApp(), sent.id), { notes: 1, messages: 1 });
  });

  it('SEC-20 notes and messages with markup are shown as text to staff and the applicant', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    await writeAndPress(agent, casePath, 'Ny anteckning', XSS, 'Spara anteckningen');
    await writeAndPress(
      agent,
      casePath,
      'Nytt meddelande till den sökande',
      XSS,
      'Skicka meddelandet',
    );
    await writeAndPress(
      sent.agent,
      `/mina-sidor/ansokningar/${sent.id}`,
      'Skriv ett meddelande',
      XSS,
      'Skicka meddelandet',
    );
    const staffPage = await getPage(agent, casePath);
    const applicantPage = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    for (const { response, $ } of [staffPage, applicantPage]) {
      assert.ok(!response.text.includes('<script>alert(1)'), 'no script element');
      assert.ok(!response.text.includes('<img src=x'), 'no image element');
      assert.equal($('main script, main img').length, 0);
    }
    assert.deepEqual(
      threadIn(staffPage.$, 'anteckningar').map((note) => note.text),
      [XSS],
    );
    assert.deepEqual(
      threadIn(staffPage.$, 'meddelanden').map((message) => message.text),
      [XSS, XSS],
    );
    assert.deepEqual(
      threadIn(applicantPage.$, 'meddelanden').map((message) => message.text),
      [XSS, XSS],
    );
    // Bad input comes back as text too.
    const refused = await writeAndPress(
      agent,
      casePath,
      'Ny anteckning',
      `${XSS}${'x'.repeat(2000)}`,
      'Spara anteckningen',
    );
    assert.equal(refused.response.status, 400);
    assert.ok(!refused.response.text.includes('<script>alert(1)'));
  });

  it('SEC-23 odd payloads (lists, huge strings, missing fields) get 4xx, never 5xx', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const bodies: Record<string, unknown>[] = [
      {},
      { anteckning: ['a', 'b'] },
      { meddelande: ['a', 'b'] },
      { meddelande: 'y'.repeat(100_000) },
    ];
    for (const body of bodies) {
      for (const suffix of ['anteckningar', 'meddelanden']) {
        const { $ } = await getPage(agent, casePath);
        const response = await agent
          .post(`${casePath}/${suffix}`)
          .type('form')
          .send({ ...body, _csrf: csrfTokenOf($) });
        assert.ok(
          response.status >= 400 && response.status < 500,
          `${suffix} ${JSON.stringify(body).slice(0, 40)}: ${response.status}`,
        );
      }
      const { $ } = await getPage(sent.agent, '/mina-sidor');
      const mine = await sent.agent
        .post(`/mina-sidor/ansokningar/${sent.id}/meddelanden`)
        .type('form')
        .send({ ...body, _csrf: csrfTokenOf($) });
      assert.ok(mine.status >= 400 && mine.status < 500, `applicant: ${mine.status}`);
    }
    assert.deepEqual(await counts(testApp(), sent.id), { notes: 0, messages: 0 });
  });

  it('SEC-18 SEC-19 without a staff login, or without a CSRF token, nothing is written', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const anonymous = agentFor(testApp().app);
    for (const suffix of ['anteckningar', 'meddelanden', 'tilldela-kollega']) {
      for (const agent of [anonymous, sent.agent]) {
        const tokenPage = agent === anonymous ? '/aktivera' : '/mina-sidor';
        const response = await post(agent, tokenPage, `${casePath}/${suffix}`, {
          anteckning: 'Hej',
          meddelande: 'Hej',
        });
        assert.equal(response.status, 303, suffix);
        assert.match(response.headers.location ?? '', /^\/personal\/logga-in(\?|$)/);
      }
    }
    const mine = await post(
      anonymous,
      '/aktivera',
      `/mina-sidor/ansokningar/${sent.id}/meddelanden`,
      { meddelande: 'Hej' },
    );
    assert.equal(mine.status, 303);
    assert.match(mine.headers.location ?? '', /^\/logga-in(\?|$)/);
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    for (const suffix of ['anteckningar', 'meddelanden']) {
      const forged = await agent
        .post(`${casePath}/${suffix}`)
        .type('form')
        .send({ anteckning: 'Hej', meddelande: 'Hej' });
      assert.equal(forged.status, 403, suffix);
    }
    const forgedReply = await sent.agent
      .post(`/mina-sidor/ansokningar/${sent.id}/meddelanden`)
      .type('form')
      .send({ meddelande: 'Hej' });
    assert.equal(forgedReply.status, 403);
    assert.deepEqual(await counts(testApp(), sent.id), { notes: 0, messages: 0 });
  });

  it('a paper application without an account: no message form, and a posted message is refused', async () => {
    const id = await insertSentApplication(testApp().services, {
      municipalityCode: '9901',
      period: '2026-12',
      receivedAt: Date.parse('2026-11-20T10:00:00Z'),
    });
    const casePath = `/handlaggare/arenden/${id}`;
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const page = await getPage(agent, casePath);
    assert.match(
      textOf(page.$, 'section[aria-labelledby="meddelanden"]'),
      /Den sökande har inget konto i e-tjänsten/,
    );
    assert.throws(() => fieldByLabel(page.$, 'Nytt meddelande till den sökande'));
    const response = await post(agent, casePath, `${casePath}/meddelanden`, { meddelande: 'Hej' });
    assert.equal(response.status, 303);
    assert.deepEqual(await auditOf(testApp(), response), [
      { action: 'change', outcome: 'invalid' },
    ]);
    assert.deepEqual(await counts(testApp(), id), { notes: 0, messages: 0 });
  });
});

function cheerioOf(html: string) {
  return load(html);
}

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { StaffGrant } from '../../services/accounts';
import { checkedOptions, optionOf } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import {
  createApplicant,
  loginWithSms,
  newPersonnummer,
  type TestApplicant,
} from '../helpers/login';
import { staffAgent, type TestStaff } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const grant = (municipalityCode: string, role: StaffGrant['role']): StaffGrant => ({
  municipalityCode,
  role,
});

interface Caller {
  name: string;
  agent: Agent;
  staff?: TestStaff;
}

/** A CSRF token the caller's browser would have: from a page it may open. */
async function tokenOf(caller: Caller): Promise<string> {
  const { $ } = await getPage(caller.agent, caller.staff ? '/handlaggare' : '/aktivera');
  return csrfTokenOf($);
}

interface World {
  subject: TestApplicant;
  owner: Caller;
  callers: { role: string; callers: Caller[] }[];
}

/** Users of every kind, two of each, and an applicant of Exempelby (9901) with a letter waiting. */
async function buildWorld(testApp: TestApp): Promise<World> {
  const { app, services } = testApp;
  const subject = await createApplicant(services, { mobile: '+46701239001' });
  const staff = async (name: string, grants: StaffGrant[]): Promise<Caller> => ({
    name,
    ...(await staffAgent(testApp, grants)),
  });
  const owner = await staff('caseworker A 9901', [grant('9901', 'caseworker')]);
  // The letter that only its maker may download.
  const { $ } = await getPage(owner.agent, `/handlaggare/konton/${subject.account.id}`);
  const made = await owner.agent
    .post(`/handlaggare/konton/${subject.account.id}/ny-kodlista`)
    .type('form')
    .send({ _csrf: csrfTokenOf($) });
  assert.equal(made.status, 303);
  const applicants: Caller[] = [];
  for (const name of ['applicant 1', 'applicant 2']) {
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    applicants.push({ name, agent });
  }
  return {
    subject,
    owner,
    callers: [
      { role: 'anonymous', callers: [{ name: 'anonymous', agent: agentFor(app) }] },
      { role: 'applicant', callers: applicants },
      {
        role: 'readonly',
        callers: [
          await staff('read-only 1 9901', [grant('9901', 'readonly')]),
          await staff('read-only 2 9901', [grant('9901', 'readonly')]),
        ],
      },
      {
        role: 'otherMunicipality',
        callers: [
          await staff('caseworker 1 9902', [grant('9902', 'caseworker')]),
          await staff('admin 2 9902', [grant('9902', 'admin')]),
        ],
      },
      {
        role: 'sameMunicipality',
        callers: [
          await staff('caseworker B 9901', [grant('9901', 'caseworker')]),
          await staff('admin C 9901', [grant('9901', 'admin')]),
        ],
      },
    ],
  };
}

type Expected = number | `303 ${string}`;

interface RouteCase {
  name: string;
  request: (
    caller: Caller,
    world: World,
  ) => Promise<{ status: number; headers: Record<string, string> }>;
  expect: Record<string, Expected>;
}

const LOGIN = '303 /personal/logga-in';

function routes(): RouteCase[] {
  const account = (world: World) => `/handlaggare/konton/${world.subject.account.id}`;
  const post = async (caller: Caller, path: string, fields: Record<string, string> = {}) => {
    // The token first: the agent attaches its cookies when a request is made.
    const token = await tokenOf(caller);
    return caller.agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: token });
  };
  return [
    {
      name: 'GET /handlaggare',
      request: (caller) => caller.agent.get('/handlaggare'),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: 200,
        otherMunicipality: 200,
        sameMunicipality: 200,
      },
    },
    {
      name: 'POST /handlaggare/sok',
      request: (caller, world) =>
        post(caller, '/handlaggare/sok', { personnummer: world.subject.personnummer }),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: '303 /handlaggare/konton/',
        otherMunicipality: 200,
        sameMunicipality: '303 /handlaggare/konton/',
      },
    },
    {
      name: 'GET /handlaggare/konton/ny',
      request: (caller) => caller.agent.get('/handlaggare/konton/ny'),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: 403,
        otherMunicipality: 200,
        sameMunicipality: 200,
      },
    },
    {
      name: 'POST /handlaggare/konton/ny (for 9901)',
      request: (caller) =>
        post(caller, '/handlaggare/konton/ny', {
          personnummer: refusedPersonnummer,
          namn: 'Får Inget Konto',
          mobil: '',
          kommun: '9901',
        }),
      expect: { anonymous: LOGIN, applicant: LOGIN, readonly: 403, otherMunicipality: 403 },
    },
    {
      // A read-only user is refused whatever the post holds, not shown the form back (SEC-16).
      name: 'POST /handlaggare/konton/ny (no municipality chosen)',
      request: (caller) =>
        post(caller, '/handlaggare/konton/ny', {
          personnummer: refusedPersonnummer,
          namn: 'Får Inget Konto',
          mobil: '',
        }),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: 403,
        otherMunicipality: 400,
        sameMunicipality: 400,
      },
    },
    {
      name: 'GET /handlaggare/konton/:id',
      request: (caller, world) => caller.agent.get(account(world)),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: 200,
        otherMunicipality: 404,
        sameMunicipality: 200,
      },
    },
    {
      name: 'POST /handlaggare/konton/:id/ny-kodlista',
      request: (caller, world) => post(caller, `${account(world)}/ny-kodlista`),
      expect: { anonymous: LOGIN, applicant: LOGIN, readonly: 403, otherMunicipality: 404 },
    },
    {
      name: 'POST /handlaggare/konton/:id/nytt-aktiveringsbrev',
      request: (caller, world) => post(caller, `${account(world)}/nytt-aktiveringsbrev`),
      expect: { anonymous: LOGIN, applicant: LOGIN, readonly: 403, otherMunicipality: 404 },
    },
    {
      name: 'POST /handlaggare/konton/:id/mobilnummer',
      request: (caller, world) =>
        post(caller, `${account(world)}/mobilnummer`, { mobil: '0701239999' }),
      expect: { anonymous: LOGIN, applicant: LOGIN, readonly: 403, otherMunicipality: 404 },
    },
    {
      name: 'GET /handlaggare/konton/:id/brev',
      request: (caller, world) => caller.agent.get(`${account(world)}/brev`),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: 404,
        otherMunicipality: 404,
        sameMunicipality: 404,
      },
    },
    {
      name: 'GET /handlaggare/konton/:id/brev.pdf',
      request: (caller, world) => caller.agent.get(`${account(world)}/brev.pdf`),
      expect: {
        anonymous: LOGIN,
        applicant: LOGIN,
        readonly: '303 /handlaggare/konton/',
        otherMunicipality: 404,
        sameMunicipality: '303 /handlaggare/konton/',
      },
    },
  ];
}

const refusedPersonnummer = newPersonnummer();

describe('staff pages: who may do what', () => {
  const logLines: string[] = [];
  const testApp = useTestApp({
    env: { LOG_LEVEL: 'info' },
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    }),
  });
  let world: World | undefined;
  const worldOf = async () => (world ??= await buildWorld(testApp()));

  it('SEC-14 SEC-15 SEC-16 every route x anonymous, applicants, read-only, another municipality, the same municipality', async () => {
    const current = await worldOf();
    const { services } = testApp();
    const before = {
      mobile: (await services.accounts.find(current.subject.account.id))?.mobile,
      codesLeft: await services.codeLists.remaining(current.subject.account.id),
      activation: await services.activationCodes.pendingUntil(current.subject.account.id),
      sms: (await services.smsOutbox?.latestTo('+46701239001'))?.id,
    };
    for (const route of routes()) {
      for (const { role, callers } of current.callers) {
        const expected = route.expect[role];
        if (expected === undefined) continue;
        for (const caller of callers) {
          const response = await route.request(caller, current);
          const where = `${route.name} as ${caller.name}`;
          if (typeof expected === 'number') {
            assert.equal(response.status, expected, where);
          } else {
            assert.equal(response.status, 303, where);
            assert.ok(
              response.headers.location?.startsWith(expected.slice(4)),
              `${where}: ${response.headers.location}`,
            );
          }
          assert.ok(!String(response.headers['content-type']).includes('pdf'), `${where}: no PDF`);
        }
      }
    }
    const after = {
      mobile: (await services.accounts.find(current.subject.account.id))?.mobile,
      codesLeft: await services.codeLists.remaining(current.subject.account.id),
      activation: await services.activationCodes.pendingUntil(current.subject.account.id),
      sms: (await services.smsOutbox?.latestTo('+46701239001'))?.id,
    };
    assert.deepEqual(after, before, 'no refused request changed the account or sent an SMS');
    assert.equal(await services.accounts.findApplicant(refusedPersonnummer), undefined);
  });

  it('SEC-15 another municipality’s account looks exactly like a missing one, and the attempt is logged', async () => {
    const current = await worldOf();
    const other = current.callers.find((group) => group.role === 'otherMunicipality')?.callers[0];
    assert.ok(other?.staff);
    const theirs = await getPage(other.agent, `/handlaggare/konton/${current.subject.account.id}`);
    const missing = await getPage(
      other.agent,
      '/handlaggare/konton/00000000-0000-4000-8000-000000000000',
    );
    assert.equal(theirs.response.status, 404);
    assert.equal(textOf(theirs.$, 'main'), textOf(missing.$, 'main'));
    assert.ok(!theirs.response.text.includes(current.subject.account.name));

    const search = async (personnummer: string) => {
      const { $ } = await getPage(other.agent, '/handlaggare');
      const response = await other.agent
        .post('/handlaggare/sok')
        .type('form')
        .send({ personnummer, _csrf: csrfTokenOf($) });
      return textOf(cheerio.load(response.text), 'main');
    };
    assert.equal(await search(current.subject.personnummer), await search(newPersonnummer()));

    const refused = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.actor === other.staff?.account.id && line.outside === true);
    assert.ok(
      refused.some((line) => line.action === 'account.view' && line.outcome === 'notFound'),
    );
    assert.ok(refused.some((line) => line.action === 'search' && line.outcome === 'none'));
    for (const line of logLines) {
      assert.ok(!line.includes(current.subject.personnummer), 'no personnummer in the log');
    }
  });

  it('SEC-16 a read-only user’s change is refused with 403 and logged', async () => {
    const current = await worldOf();
    const reader = current.callers.find((group) => group.role === 'readonly')?.callers[1];
    assert.ok(reader?.staff);
    const home = await getPage(reader.agent, '/handlaggare');
    assert.match(textOf(home.$, 'main'), /Exempelby kommun: läsbehörighet/);
    assert.equal(home.$('a[href="/handlaggare/konton/ny"]').length, 0, 'nothing to hand out');
    const path = `/handlaggare/konton/${current.subject.account.id}`;
    const page = await getPage(reader.agent, path);
    assert.match(textOf(page.$, 'main'), /Du får bara läsa i den här kommunen/);
    assert.equal(page.$('form[action$="/ny-kodlista"]').length, 0, 'no buttons to change anything');
    const response = await reader.agent
      .post(`${path}/ny-kodlista`)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.$) });
    assert.equal(response.status, 403);
    assert.match(textOf(cheerio.load(response.text), 'h1'), /Du har inte behörighet att ändra/);
    const refused = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.actor === reader.staff?.account.id && line.outcome === 'forbidden');
    assert.ok(
      refused.some((line) => line.action === 'account.codeList' && line.role === 'readonly'),
    );
  });

  it('SEC-19 every staff POST without the CSRF token is refused and changes nothing', async () => {
    const current = await worldOf();
    const { services } = testApp();
    const owner = current.owner;
    const id = current.subject.account.id;
    const before = {
      mobile: (await services.accounts.find(id))?.mobile,
      codesLeft: await services.codeLists.remaining(id),
      activation: await services.activationCodes.pendingUntil(id),
    };
    const personnummer = newPersonnummer();
    for (const [path, fields] of [
      ['/handlaggare/sok', { personnummer: current.subject.personnummer }],
      ['/handlaggare/konton/ny', { personnummer, namn: 'Ingen Token', kommun: '9901' }],
      [`/handlaggare/konton/${id}/ny-kodlista`, {}],
      [`/handlaggare/konton/${id}/nytt-aktiveringsbrev`, {}],
      [`/handlaggare/konton/${id}/mobilnummer`, { mobil: '0701238888' }],
    ] as const) {
      const response = await owner.agent.post(path).type('form').send(fields);
      assert.equal(response.status, 403, path);
    }
    assert.equal(await services.accounts.findApplicant(personnummer), undefined);
    assert.deepEqual(
      {
        mobile: (await services.accounts.find(id))?.mobile,
        codesLeft: await services.codeLists.remaining(id),
        activation: await services.activationCodes.pendingUntil(id),
      },
      before,
    );
  });

  it('SEC-17 mass assignment: posted role and municipalityCode are ignored, another municipality refused', async () => {
    const { services } = testApp();
    const { staff, agent } = await staffAgent(testApp(), [
      grant('9901', 'caseworker'),
      grant('9902', 'readonly'),
    ]);
    const { $ } = await getPage(agent, '/handlaggare/konton/ny');
    assert.deepEqual(checkedOptions($, 'Kommun'), ['Exempelby kommun']);
    assert.throws(
      () => optionOf($, 'Kommun', 'Provsala kommun'),
      'a read-only municipality is no choice',
    );
    const token = csrfTokenOf($);

    const personnummer = newPersonnummer();
    const created = await agent.post('/handlaggare/konton/ny').type('form').send({
      personnummer,
      namn: 'Rätt Kommun',
      kommun: '9901',
      municipalityCode: '9902',
      role: 'admin',
      kind: 'staff',
      _csrf: token,
    });
    assert.equal(created.status, 303);
    const account = await services.accounts.findApplicant(personnummer);
    assert.ok(account);
    assert.equal(account.municipalityCode, '9901');
    assert.equal(account.kind, 'applicant');
    assert.deepEqual(await services.accounts.grantsOf(staff.account.id), [
      grant('9901', 'caseworker'),
      grant('9902', 'readonly'),
    ]);

    for (const kommun of ['9902', '0180']) {
      const other = newPersonnummer();
      const refused = await agent
        .post('/handlaggare/konton/ny')
        .type('form')
        .send({ personnummer: other, namn: 'Fel Kommun', kommun, _csrf: token });
      assert.equal(refused.status, 403, kommun);
      assert.equal(await services.accounts.findApplicant(other), undefined);
    }

    const moved = await agent
      .post(`/handlaggare/konton/${account.id}/mobilnummer`)
      .type('form')
      .send({ mobil: '0701237777', municipalityCode: '9902', kind: 'staff', _csrf: token });
    assert.equal(moved.status, 303);
    const after = await services.accounts.find(account.id);
    assert.ok(after);
    assert.equal(after.municipalityCode, '9901');
    assert.equal(after.kind, 'applicant');
    assert.equal(after.mobile, '+46701237777');
  });
});

describe('staff pages: odd posts', () => {
  const testApp = useTestApp();

  it('SEC-23 lists, huge strings and unknown fields on every staff POST are a 4xx with a page, never a 500', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), [grant('9901', 'caseworker')]);
    const subject = await createApplicant(services, { mobile: '+46701239101' });
    const huge = 'x'.repeat(200_000);
    const bodies = [
      'personnummer=1&personnummer=2&namn=a&namn=b&mobil=1&mobil=2&kommun=9901&kommun=9902',
      `personnummer=${huge}&namn=${huge}&mobil=${huge}&kommun=${huge}`,
      'personnummer[x]=1&namn[]=2&kommun=%00&mobil=%E2%80%AE070',
    ];
    for (const path of [
      '/handlaggare/sok',
      '/handlaggare/konton/ny',
      `/handlaggare/konton/${subject.account.id}/mobilnummer`,
    ]) {
      for (const body of bodies) {
        const { $ } = await getPage(agent, '/handlaggare');
        const response = await agent
          .post(path)
          .type('form')
          .send(`${body}&_csrf=${encodeURIComponent(csrfTokenOf($))}`);
        assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status}`);
        assert.match(
          textOf(cheerio.load(response.text), 'h1, #error-summary'),
          /\S/,
          `${path} ${response.status} ${response.text.slice(0, 300)}`,
        );
        assert.doesNotMatch(response.text, /at \w+ \(|Error:/, `${path}: no stack trace`);
      }
    }
    assert.equal((await services.accounts.find(subject.account.id))?.mobile, '+46701239101');
  });

  it('a staff account disabled since login: the session ends at the next request', async () => {
    const { services } = testApp();
    const { staff, agent } = await staffAgent(testApp(), [grant('9901', 'caseworker')]);
    assert.equal((await agent.get('/handlaggare')).status, 200);
    // Disabled behind the service's back (by hand in the database, say): no session ended.
    await services.database.db
      .updateTable('account')
      .set({ disabled_at: Date.now() })
      .where('id', '=', staff.account.id)
      .execute();
    const refused = await agent.get('/handlaggare');
    assert.equal(refused.status, 303);
    assert.equal(refused.headers.location, '/personal/logga-in');
    const again = await agent.get('/handlaggare');
    assert.match(again.headers.location ?? '', /^\/personal\/logga-in\?tillbaka=/, 'logged out');
  });
});

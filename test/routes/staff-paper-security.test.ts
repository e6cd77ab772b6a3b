import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import type { StaffGrant } from '../../services/accounts';
import { load } from 'cheerio';
import { rowVersionOf } from '../helpers/application';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody } from '../helpers/multipart';
import { activePdfs } from '../helpers/active-pdfs';
import { familyPaperPdf } from '../helpers/paper-application';
import {
  PAPER_START,
  startByHand,
  typeCodes,
  uploadScans,
  draftPathOf,
} from '../helpers/paper-registration';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { scannerPdf } from '../helpers/scanned-pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const MISSING = '00000000-0000-4000-8000-000000000000';
const grant = (municipalityCode: string, role: StaffGrant['role']) => [{ municipalityCode, role }];

async function countOf(testApp: TestApp, table: 'application' | 'blob' | 'attachment') {
  const row = await testApp.services.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function auditOf(testApp: TestApp, response: { headers: Record<string, string> }) {
  return testApp.services.auditLog.ofRequest(response.headers['x-request-id'] ?? '');
}

/** A post with the CSRF token of a page the agent may open (the inbox for staff, else /). */
async function postWithToken(agent: Agent, path: string, body: Record<string, string>) {
  const page = await getPage(agent, '/handlaggare');
  const token =
    page.response.status === 200
      ? csrfTokenOf(page.$)
      : csrfTokenOf((await getPage(agent, '/personal/logga-in')).$);
  return agent
    .post(path)
    .type('form')
    .send({ ...body, _csrf: token });
}

describe('Registrera pappersansökan: access, CSRF, files and stored XSS', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-15 SEC-16 SEC-18 every route x role: read-only 403 and logged, another municipality 404 like a missing draft', async () => {
    const owner = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const started = await startByHand(owner.agent);
    assert.equal(started.status, 303);
    const draftPath = draftPathOf(started);
    const id = draftPath.split('/').pop() ?? '';
    const readonly = await staffAgent(testApp(), grant('9901', 'readonly'));
    const other = await staffAgent(testApp(), grant('9902', 'caseworker'));
    const applicant = await createApplicant(testApp().services);
    const applicantAgent = agentFor(testApp().app);
    await loginWithSms(applicantAgent, testApp().services, applicant);
    const anonymous = agentFor(testApp().app);

    const draftRoutes = (target: string) => [
      { method: 'get', path: `${PAPER_START}/${target}` },
      { method: 'get', path: `${PAPER_START}/${target}/steg/period` },
      { method: 'post', path: `${PAPER_START}/${target}/steg/period` },
      { method: 'post', path: `${PAPER_START}/${target}/registrera` },
      { method: 'post', path: `${PAPER_START}/${target}/ta-bort` },
      // "Lägg till skannade sidor" (a form post: the route's checks come before the files').
      { method: 'post', path: `${PAPER_START}/${target}/skanna` },
      // A scan's download (this draft has none: the route's checks come first).
      { method: 'get', path: `${PAPER_START}/${target}/bilder/${MISSING}` },
    ];
    const startRoutes = [
      { method: 'get', path: PAPER_START },
      { method: 'post', path: `${PAPER_START}/koder` },
      { method: 'post', path: `${PAPER_START}/for-hand` },
    ];
    const call = (agent: Agent, route: { method: string; path: string }) =>
      route.method === 'get'
        ? agent.get(route.path)
        : postWithToken(agent, route.path, { kommun: '9901', koder: 'ETJ2', inkom: '2026-11-20' });

    const applications = await countOf(testApp(), 'application');
    for (const route of [...startRoutes, ...draftRoutes(id)]) {
      const fromAnonymous = await call(anonymous, route);
      assert.ok([303, 403].includes(fromAnonymous.status), `anonymous ${route.path}`);
      if (fromAnonymous.status === 303) {
        assert.match(fromAnonymous.headers.location ?? '', /logga-in/);
      }
      const fromApplicant = await call(applicantAgent, route);
      assert.ok([303, 403, 404].includes(fromApplicant.status), `applicant ${route.path}`);

      const fromReadonly = await call(readonly.agent, route);
      assert.equal(fromReadonly.status, 403, `readonly ${route.method} ${route.path}`);
      const denied = await auditOf(testApp(), fromReadonly);
      assert.equal(denied.length, 1, `one audit row: readonly ${route.path}`);
      assert.deepEqual(
        denied.map((row) => [row.outcome, row.actorId]),
        [['denied', readonly.staff.account.id]],
      );
    }
    for (const route of draftRoutes(id)) {
      const fromOther = await call(other.agent, route);
      const fromMissing = await call(other.agent, {
        ...route,
        path: route.path.replace(id, MISSING),
      });
      assert.equal(fromOther.status, 404, `other municipality ${route.method} ${route.path}`);
      assert.equal(fromMissing.status, 404);
      assert.equal(
        textOf(cheerioOf(fromOther.text), 'h1'),
        textOf(cheerioOf(fromMissing.text), 'h1'),
      );
      const [row] = await auditOf(testApp(), fromOther);
      assert.deepEqual(row && { outcome: row.outcome, subject: row.subject }, {
        outcome: 'denied',
        subject: id,
      });
    }
    // A municipality the caseworker has no grant in, posted by hand: refused as input (SEC-23).
    const outside = await postWithToken(other.agent, `${PAPER_START}/for-hand`, { kommun: '9901' });
    assert.equal(outside.status, 400);
    assert.equal(await countOf(testApp(), 'application'), applications, 'nothing was created');

    // Still there, untouched, for its own municipality; an anonymous draft lookup never finds it.
    assert.equal((await getPage(owner.agent, draftPath)).response.status, 200);
    assert.equal(await testApp().services.applications.find({ kind: 'anonymous' }, id), undefined);
    const own = await getPage(owner.agent, draftPath);
    const [viewed] = await auditOf(testApp(), own.response);
    assert.deepEqual(viewed && [viewed.action, viewed.outcome, viewed.municipality], [
      'view',
      'ok',
      '9901',
    ]);
  });

  it('SEC-19 the scan upload and every other post without a valid token: 403, nothing stored', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const before = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const noToken = await uploadScans(agent, [{ filename: 'sida.png', bytes: png }], {
      token: null,
    });
    assert.equal(noToken.response.status, 403);
    const wrongToken = await uploadScans(agent, [{ filename: 'sida.png', bytes: png }], {
      token: 'forged',
    });
    assert.equal(wrongToken.response.status, 403);
    for (const path of ['koder', 'for-hand']) {
      const response = await agent
        .post(`${PAPER_START}/${path}`)
        .type('form')
        .send({ kommun: '9901', koder: 'x' });
      assert.equal(response.status, 403, path);
    }
    const after = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    assert.deepEqual(after, before);
  });

  it('SEC-25 SEC-26 a PDF without scanned pages, a locked or broken PDF, a renamed HTML page, too many or too large files: refused with a clear message, nothing kept', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const before = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    // A PDF made by a program has text, not scanned pages: nothing to read codes from.
    const typed = await uploadScans(agent, [
      { filename: 'utskrift.pdf', bytes: await samplePdf() },
    ]);
    assert.equal(typed.response.status, 400);
    assert.match(textOf(typed.$, '.error-list'), /utskrift\.pdf har inga skannade sidor/);
    const locked = await scannerPdf([samplePng()], { dpi: 200, userPassword: 'hemligt' });
    const encrypted = await uploadScans(agent, [{ filename: 'låst.pdf', bytes: locked }]);
    assert.equal(encrypted.response.status, 400);
    assert.match(textOf(encrypted.$, '.error-list'), /låst\.pdf är skyddad med lösenord/);
    const cut = await scannerPdf([samplePng()], { dpi: 200 });
    const broken = await uploadScans(agent, [
      {
        filename: 'trasig.pdf',
        bytes: Buffer.concat([cut.subarray(0, 40), Buffer.alloc(4000, 0x7b)]),
      },
    ]);
    assert.equal(broken.response.status, 400);
    assert.match(textOf(broken.$, '.error-list'), /trasig\.pdf gick inte att läsa som PDF/);
    // The page is there again to choose other files, with the municipality it had.
    assert.equal(
      broken.$('form[enctype="multipart/form-data"] input[name="kommun"]').val(),
      '9901',
    );
    const html = await uploadScans(agent, [
      { filename: 'sida.png', bytes: Buffer.from('<!doctype html><script>alert(1)</script>') },
    ]);
    assert.equal(html.response.status, 415);
    assert.match(
      textOf(html.$, '.error-list'),
      /sida\.png är inte en PDF eller en JPEG- eller PNG-bild/,
    );
    const { limits } = testApp().services.attachments;
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const many = await uploadScans(
      agent,
      Array.from({ length: limits.maxFiles + 1 }, (_, index) => ({
        filename: `sida-${index}.png`,
        bytes: png,
      })),
    );
    assert.equal(many.response.status, 413);
    assert.match(textOf(many.$, '.error-list'), /för många filer/);
    const large = await uploadScans(agent, [
      { filename: 'stor.png', bytes: Buffer.concat([png, Buffer.alloc(limits.maxFileBytes)]) },
    ]);
    assert.equal(large.response.status, 413);
    assert.match(textOf(large.$, '.error-list'), /stor\.png är för stor/);
    const none = await uploadScans(agent, []);
    assert.equal(none.response.status, 400);
    assert.match(textOf(none.$, '.error-list'), /Välj minst en fil/);
    const after = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    assert.deepEqual(after, before);
  });

  it('SEC-25 a scan PDF with JavaScript, a Launch action or an embedded file: refused with a clear message, nothing kept', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const before = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    for (const bytes of [
      activePdfs.openActionJavaScript(true),
      activePdfs.openActionLaunch(),
      activePdfs.embeddedFile(),
    ]) {
      const refused = await uploadScans(agent, [{ filename: 'skanning.pdf', bytes }]);
      assert.equal(refused.response.status, 400);
      assert.ok(
        textOf(refused.$, '.error-list').endsWith(
          'skanning.pdf innehåller kod eller inbäddade filer som vi inte kan ta emot av säkerhetsskäl. Skanna sidorna igen direkt från skannern, eller ladda upp foton av dem (JPEG eller PNG).',
        ),
        textOf(refused.$, '.error-list'),
      );
    }
    const after = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    assert.deepEqual(after, before);
  });

  it('SEC-20 SEC-27 payloads in decoded answers and in a scan’s name are shown as text', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const payload = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)';
    const { content } = await familyPaperPdf(payload);
    const read = await typeCodes(agent, content.qrCodes.join('\n'));
    assert.equal(read.response.status, 303, read.response.text.slice(0, 1000));
    const draftPath = read.response.headers.location ?? '';
    const page = await getPage(agent, draftPath);
    assert.ok(page.response.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!page.response.text.includes('<script>alert'));
    assert.ok(!page.response.text.includes('<img src=x'));
    assert.match(
      textOf(page.$, 'main'),
      /<script>alert\(1\)<\/script> "><img src=x onerror=alert\(1\)>/,
    );

    const step = await getPage(agent, `${draftPath}/steg/meddelande`);
    assert.ok(!step.response.text.includes('<img src=x'));
    assert.equal(step.$('textarea').val(), payload);
    assert.ok(rowVersionOf(step.$));

    const name = '"><img src=x onerror=alert(2)>\u202Egnp.png';
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const uploaded = await uploadScans(agent, [{ filename: name, bytes: png }]);
    assert.equal(uploaded.response.status, 303, textOf(uploaded.$, '.error-list'));
    const scanned = await getPage(agent, uploaded.response.headers.location ?? '');
    assert.ok(!scanned.response.text.includes('<img src=x'));
    assert.ok(!scanned.response.text.includes('\u202E'));
    assert.match(textOf(scanned.$, 'main'), /><img src=x onerror=alert\(2\)>gnp\.png/);
    assert.match(textOf(scanned.$, 'main'), /Inga koder från e-tjänsten hittades\./);
  });

  it('SEC-23 odd bodies on every post: a clear 4xx, never a 500', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const started = await startByHand(agent);
    const draftPath = draftPathOf(started);
    const odd = [
      { kommun: ['9901', '9902'], koder: ['a', 'b'] },
      { kommun: '9901', koder: 'x'.repeat(300_000) },
      { inkom: ['2026-11-20', 'x'], _version: 'NaN' },
      { period: ['a', 'b'], _version: '1', _action: ['next', 'back'] },
    ];
    const page = await getPage(agent, PAPER_START);
    const token = csrfTokenOf(page.$);
    for (const path of [
      `${PAPER_START}/koder`,
      `${PAPER_START}/for-hand`,
      `${draftPath}/registrera`,
      `${draftPath}/steg/period`,
    ]) {
      for (const body of odd) {
        const response = await agent
          .post(path)
          .type('form')
          .send({ ...body, _csrf: token });
        assert.ok(response.status < 500, `${path}: ${response.status}`);
        assert.ok(!/at .*\.ts:\d+/.test(response.text), 'no stack trace');
      }
    }
    const json = await agent
      .post(`${PAPER_START}/skanna`)
      .set('Content-Type', 'application/json')
      .send('{}');
    assert.ok([403, 415].includes(json.status));
    const broken = multipartBody([{ name: '_csrf', value: token }]);
    const multipart = await agent
      .post(`${PAPER_START}/skanna`)
      .set('Content-Type', broken.contentType)
      .send(broken.body.subarray(0, broken.body.length - 10));
    assert.ok(multipart.status < 500, String(multipart.status));
  });
});

function cheerioOf(html: string) {
  return load(html);
}

describe('Registrera pappersansökan: a reading that runs out of time', () => {
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // The worker is stopped a millisecond after the upload is handed to it.
  const testApp = useTestApp({
    clock: new ManualClock('2026-11-24T08:30:00Z'),
    env: { LOG_LEVEL: 'info' },
    logDestination,
    paperScanTimeoutMs: 1,
  });

  it('SEC-23 a PDF whose reading is stopped: 503 with a clear message, the page kept, nothing stored, the cause logged; never a 500', async () => {
    const { agent } = await staffAgent(testApp(), grant('9901', 'caseworker'));
    const before = await Promise.all([
      countOf(testApp(), 'application'),
      countOf(testApp(), 'blob'),
    ]);
    const scan = await scannerPdf([samplePng()], { dpi: 200 });
    const stopped = await uploadScans(agent, [{ filename: 'skanning.pdf', bytes: scan }]);
    assert.equal(stopped.response.status, 503);
    assert.match(textOf(stopped.$, '.error-list'), /Det tog för lång tid att läsa filerna\./);
    assert.equal(
      stopped.$('form[enctype="multipart/form-data"] input[name="kommun"]').val(),
      '9901',
    );
    assert.ok(!/at .*\.ts:\d+/.test(stopped.response.text), 'no stack trace');
    assert.deepEqual(
      await Promise.all([countOf(testApp(), 'application'), countOf(testApp(), 'blob')]),
      before,
    );
    const warning = lines
      .map((line) => JSON.parse(line) as { msg?: string; reason?: string; reqId?: string })
      .find((line) => line.msg === 'paper application upload could not be read');
    assert.equal(warning?.reason, 'timeout');
    assert.equal(warning.reqId, stopped.response.headers['x-request-id']);
  });
});

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { parse as parseDisposition } from 'content-disposition';
import { chooseMunicipality, fixedClock, postStep } from '../helpers/application';
import {
  asBytes,
  BILAGOR,
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  storedFileCount,
  uploadFiles,
} from '../helpers/attachments';
import { buttonNamed } from '../helpers/fields';
import { agentFor, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { multipartBody } from '../helpers/multipart';
import { answersIn, reviewAnswers } from '../helpers/review';
import {
  largePdf,
  sampleExe,
  sampleHtml,
  samplePdf,
  samplePng,
  sampleSvg,
  sampleText,
} from '../helpers/sample-files';
import { useTestApp, type TestApp } from '../helpers/test-services';

const logLines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

const WRONG_TYPE = 'är inte en PDF eller bild. Du kan skicka PDF, JPEG, PNG eller HEIC.';
const UUID_PATH =
  /^\/ansokan\/ekonomiskt-bistand\/bilagor\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Plain files in the temporary folder: where a disk-backed upload parser would leave its parts. */
function temporaryFiles(): Set<string> {
  return new Set(
    readdirSync(tmpdir(), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name),
  );
}

async function applicantAtAttachments(testApp: TestApp) {
  const applicant = await loggedInApplicant(testApp.app, testApp.services);
  await reachAttachmentStep(applicant.agent);
  return applicant;
}

describe('security of attachments', () => {
  const testApp = useTestApp({ clock: fixedClock, env: { LOG_LEVEL: 'info' }, logDestination });

  it('SEC-25 a renamed program, an HTML page, an SVG and a text file are refused by their bytes; nothing is stored', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const before = await storedFileCount(testApp().services);
    const { response, $ } = await uploadFiles(agent, [
      { filename: 'x.pdf', bytes: sampleExe(), contentType: 'application/pdf' },
      { filename: 'sida.html', bytes: sampleHtml(), contentType: 'text/html' },
      { filename: 'bild.svg', bytes: sampleSvg(), contentType: 'image/svg+xml' },
      { filename: 'intyg.jpg', bytes: sampleText(), contentType: 'image/jpeg' },
    ]);
    assert.equal(response.status, 415);
    assert.deepEqual(
      errorSummaryLinks($).map((link) => link.text),
      ['x.pdf', 'sida.html', 'bild.svg', 'intyg.jpg'].map((name) => `Filen ${name} ${WRONG_TYPE}`),
    );
    assert.deepEqual(listedFiles($), []);
    assert.deepEqual(await storedFileCount(testApp().services), before);
  });

  describe('SEC-26 limits', () => {
    it('SEC-26 an 11 MB file: 413 with a message naming it, nothing stored, no temporary file', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      const before = await storedFileCount(testApp().services);
      const temporaryBefore = temporaryFiles();
      const { response, $ } = await uploadFiles(agent, [
        { filename: 'liten.png', bytes: samplePng() },
        { filename: 'stor.pdf', bytes: largePdf(11) },
      ]);
      assert.equal(response.status, 413);
      assert.deepEqual(
        errorSummaryLinks($).map((link) => link.text),
        [
          'Filen stor.pdf är för stor. En fil får vara högst 10 MB. Inga filer laddades upp. Försök igen utan den filen.',
        ],
      );
      assert.deepEqual(listedFiles($), []);
      assert.deepEqual(await storedFileCount(testApp().services), before);
      assert.deepEqual(
        [...temporaryFiles()].filter((name) => !temporaryBefore.has(name)),
        [],
      );
    });

    it('SEC-26 eleven files at once: 413 with a message, nothing stored, no temporary file', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      const before = await storedFileCount(testApp().services);
      const temporaryBefore = temporaryFiles();
      const files = Array.from({ length: 11 }, (_, index) => ({
        filename: `kvitto-${index + 1}.png`,
        bytes: samplePng(),
      }));
      const { response, $ } = await uploadFiles(agent, files);
      assert.equal(response.status, 413);
      assert.deepEqual(
        errorSummaryLinks($).map((link) => link.text),
        [
          'Du valde för många filer. Du kan ladda upp högst 10 filer åt gången. Inga filer laddades upp. Välj färre filer och försök igen.',
        ],
      );
      assert.deepEqual(await storedFileCount(testApp().services), before);
      assert.deepEqual(
        [...temporaryFiles()].filter((name) => !temporaryBefore.has(name)),
        [],
      );
    });

    it('SEC-26 over the 30 MB quota or past 10 files: 413 naming the file, the others kept', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      const temporaryBefore = temporaryFiles();
      const big = await uploadFiles(agent, [
        { filename: 'a.pdf', bytes: largePdf(9.5) },
        { filename: 'b.pdf', bytes: largePdf(9.5) },
        { filename: 'c.pdf', bytes: largePdf(9.5) },
      ]);
      assert.equal(big.response.status, 303);
      const over = await uploadFiles(agent, [
        { filename: 'd.png', bytes: samplePng() },
        { filename: 'e.pdf', bytes: largePdf(2) },
      ]);
      assert.equal(over.response.status, 413);
      assert.deepEqual(
        errorSummaryLinks(over.$).map((link) => link.text),
        [
          'Filen e.pdf kom inte med. Filerna får vara högst 30 MB tillsammans. Ta bort en fil eller gör filerna mindre.',
        ],
      );
      assert.deepEqual(
        listedFiles(over.$).map((file) => [file.name, file.size]),
        [
          ['a.pdf', '9,5 MB'],
          ['b.pdf', '9,5 MB'],
          ['c.pdf', '9,5 MB'],
          ['d.png', '1 kB'],
        ],
      );
      assert.match(textOf(over.$, 'main'), /4 av 10 filer, 28,5 MB av 30 MB\./);

      const small = Array.from({ length: 7 }, (_, index) => ({
        filename: `kvitto-${index + 1}.png`,
        bytes: samplePng(),
      }));
      const many = await uploadFiles(agent, small);
      assert.equal(many.response.status, 413);
      assert.deepEqual(
        errorSummaryLinks(many.$).map((link) => link.text),
        ['kvitto-7.png'].map(
          (name) =>
            `Filen ${name} kom inte med. Du kan skicka högst 10 filer med ansökan. Ta bort en fil om du vill byta ut den.`,
        ),
      );
      assert.equal(listedFiles(many.$).length, 10);
      assert.deepEqual(
        [...temporaryFiles()].filter((name) => !temporaryBefore.has(name)),
        [],
      );
    });
  });

  it('SEC-27 hostile file names are stored under generated ids and shown sanitised, in the page and in Content-Disposition', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const pdf = await samplePdf();
    const long = `${'Lönespecifikation '.repeat(17)}.pdf`;
    assert.ok(long.length >= 300);
    const { response } = await uploadFiles(agent, [
      { filename: '../../etc/passwd', bytes: pdf, nameEncoding: 'extended' },
      { filename: 'intyg\u0000.pdf', bytes: pdf, nameEncoding: 'extended' },
      { filename: 'kvitto\u202Efdp.png', bytes: samplePng(), nameEncoding: 'extended' },
      { filename: long, bytes: pdf },
    ]);
    assert.equal(response.status, 303, response.text.slice(0, 2000));
    const { $ } = await getPage(agent, BILAGOR);
    const files = listedFiles($);
    const cut = `${long.slice(0, 96).trimEnd()}.pdf`;
    assert.deepEqual(
      files.map((file) => file.name).sort(),
      ['passwd.pdf', 'intyg.pdf', 'kvittofdp.png', cut].sort(),
    );
    assert.equal(Array.from(cut).length <= 100, true);
    for (const file of files) {
      assert.match(file.href, UUID_PATH, 'the address holds a generated id, not the name');
      const download = await asBytes(agent.get(file.href));
      assert.equal(download.status, 200);
      const header = String(download.headers['content-disposition']);
      assert.doesNotMatch(header, /[\p{Cc}\u202e]|\.\.\//u);
      const disposition = parseDisposition(header);
      assert.equal(disposition.type, 'attachment');
      assert.equal(disposition.parameters.filename, file.name);
    }
    const stored = await testApp()
      .services.database.db.selectFrom('attachment')
      .select(['id', 'name', 'blob_id'])
      .where('name', 'in', ['passwd.pdf', 'intyg.pdf', 'kvittofdp.png'])
      .execute();
    assert.equal(stored.length, 3);
    for (const row of stored)
      assert.doesNotMatch(`${row.id} ${row.blob_id}`, /passwd|intyg|kvitto/);
    // Non-ASCII names also travel as RFC 5987 `filename*`, with a plain ASCII fallback.
    const swedish = files.find((file) => file.name === cut);
    assert.ok(swedish);
    const header = String((await agent.get(swedish.href)).headers['content-disposition']);
    assert.match(header, /filename\*=UTF-8''L%C3%B6nespecifikation/);
    assert.match(header, /filename="Lonespecifikation /);
  });

  it('SEC-20 a file name with markup is shown as text on the step and the review page', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const name = '"><img src=x onerror=alert(1)>.png';
    const { response } = await uploadFiles(agent, [{ filename: name, bytes: samplePng() }]);
    assert.equal(response.status, 303);
    const step = await getPage(agent, BILAGOR);
    assert.equal(step.$('img[src="x"]').length, 0);
    assert.deepEqual(
      listedFiles(step.$).map((file) => file.name),
      [name],
    );
    assert.equal(buttonNamed(step.$, `Ta bort ${name} (fil 1)`).length, 1);
    assert.equal((await postStep(agent, 'bilagor', {})).status, 303);
    assert.equal((await postStep(agent, 'intygande', { confirm: 'ja' })).status, 303);
    const review = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(review.$('img[src="x"]').length, 0);
    assert.deepEqual(answersIn(reviewAnswers(review.$), 'Bilagor'), [
      ['Uppladdade filer', `${name} 1 kB`],
    ]);
  });

  it('SEC-28 another applicant, or a visitor, gets 404 for a file (logged); the owner still gets it', async () => {
    const anna = await applicantAtAttachments(testApp());
    await uploadFiles(anna.agent, [{ filename: 'hyresavi.png', bytes: samplePng() }]);
    const [file] = listedFiles((await getPage(anna.agent, BILAGOR)).$);
    assert.ok(file);
    const attachmentId = file.href.split('/').pop();

    const bo = await applicantAtAttachments(testApp());
    const byBo = await bo.agent.get(file.href);
    assert.equal(byBo.status, 404);
    assert.match(byBo.text, /Sidan hittades inte/);
    const refusal = logged().find(
      (line) =>
        line.msg === 'attachment download refused: not found or not allowed' &&
        line.accountId === bo.accountId,
    );
    assert.ok(refusal, 'the refusal is logged');
    assert.equal(refusal.attachmentId, attachmentId);

    // Nor can Bo remove it, with his own valid token.
    const { $: bosPage } = await getPage(bo.agent, BILAGOR);
    const token = String(bosPage('input[name="_csrf"]').first().val());
    const removal = await bo.agent.post(`${file.href}/ta-bort`).type('form').send({ _csrf: token });
    assert.equal(removal.status, 404);

    const visitor = agentFor(testApp().app);
    assert.equal((await visitor.get(file.href)).status, 303, 'no municipality: sent to choose one');
    await chooseMunicipality(visitor);
    const byVisitor = await asBytes(visitor.get(file.href));
    assert.equal(byVisitor.status, 404);
    assert.notDeepEqual(byVisitor.body, samplePng());

    const byAnna = await asBytes(anna.agent.get(file.href));
    assert.equal(byAnna.status, 200);
    assert.deepEqual(byAnna.body, samplePng());
  });

  describe('SEC-19 CSRF and body types', () => {
    it('SEC-19 a multipart upload without a valid token is refused (403) and stores nothing', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      const before = await storedFileCount(testApp().services);
      for (const token of [null, '', 'forged-token|0000']) {
        const { response } = await uploadFiles(
          agent,
          [{ filename: 'hyresavi.png', bytes: samplePng() }],
          { token },
        );
        assert.equal(response.status, 403, String(token));
        assert.match(cheerio.load(response.text)('h1').text(), /Sidan har varit öppen för länge/);
      }
      assert.deepEqual(await storedFileCount(testApp().services), before);
    });

    it('SEC-19 removing a file without a valid token is refused (403)', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      await uploadFiles(agent, [{ filename: 'hyresavi.png', bytes: samplePng() }]);
      const [file] = listedFiles((await getPage(agent, BILAGOR)).$);
      assert.ok(file);
      const response = await agent.post(`${file.href}/ta-bort`).type('form').send({});
      assert.equal(response.status, 403);
      assert.equal(listedFiles((await getPage(agent, BILAGOR)).$).length, 1);
    });

    it('multipart bodies are refused (415) everywhere but the upload address, token or not', async () => {
      const { agent } = await applicantAtAttachments(testApp());
      const { $ } = await getPage(agent, BILAGOR);
      const token = String($('input[name="_csrf"]').first().val());
      const before = await storedFileCount(testApp().services);
      const { contentType, body } = multipartBody([
        { name: '_csrf', value: token },
        { name: 'filer', filename: 'hyresavi.png', bytes: samplePng() },
      ]);
      for (const path of [
        BILAGOR,
        '/kommun',
        '/ansokan/ekonomiskt-bistand/meddelande/ladda-upp',
        '/ansokan/ekonomiskt-bistand/granska',
      ]) {
        const response = await agent.post(path).set('Content-Type', contentType).send(body);
        assert.equal(response.status, 415, path);
      }
      assert.deepEqual(await storedFileCount(testApp().services), before);
    });

    it('SEC-23 a logged-in applicant who posts JSON gets the 415 page with their header, not a 500', async () => {
      const { agent } = await loggedInApplicant(testApp().app, testApp().services);
      const response = await agent
        .post('/ansokan/ekonomiskt-bistand/period')
        .set('Content-Type', 'application/json')
        .send('{"period":"2026-12"}');
      assert.equal(response.status, 415);
      const $ = cheerio.load(response.text);
      assert.match($('h1').text(), /Vi kunde inte läsa det du skickade/);
      assert.equal(buttonNamed($, 'Logga ut').length, 1);
    });

    it('an anonymous visitor cannot upload, even with a valid token', async () => {
      const agent = agentFor(testApp().app);
      await chooseMunicipality(agent);
      await reachAttachmentStep(agent);
      const { $ } = await getPage(agent, BILAGOR);
      const token = String($('input[name="_csrf"]').first().val());
      const before = await storedFileCount(testApp().services);
      const { contentType, body } = multipartBody([
        { name: '_csrf', value: token },
        { name: 'filer', filename: 'hyresavi.png', bytes: samplePng() },
      ]);
      const response = await agent
        .post(`${BILAGOR}/ladda-upp`)
        .set('Content-Type', contentType)
        .send(body);
      assert.equal(response.status, 404);
      assert.deepEqual(await storedFileCount(testApp().services), before);
    });
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { parse as parseDisposition } from 'content-disposition';
import { chooseMunicipality, fixedClock, postStep, rowVersionOf } from '../helpers/application';
import {
  asBytes,
  BILAGOR,
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  storedFileCount,
  uploadFiles,
  uploadFormOf,
} from '../helpers/attachments';
import { buttonNamed, checkedOptions, fieldByLabel } from '../helpers/fields';
import { agentFor, csrfTokenOf, errorSummaryLinks, fold, getPage, textOf } from '../helpers/http';
import { multipartBody } from '../helpers/multipart';
import { answersIn, reviewAnswers } from '../helpers/review';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { useTestApp } from '../helpers/test-services';

const logLines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

describe('attachments on the Bilagor step', () => {
  const testApp = useTestApp({ clock: fixedClock, env: { LOG_LEVEL: 'info' }, logDestination });

  it('a logged-in applicant sees an upload form with a CSRF token, for PDF and pictures', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const { response, $ } = await getPage(agent, BILAGOR);
    assert.equal(response.status, 200);
    const upload = uploadFormOf($);
    assert.equal(upload.form.attr('method'), 'post');
    assert.equal(upload.enctype, 'multipart/form-data');
    assert.equal(upload.action, `${BILAGOR}/ladda-upp`);
    assert.equal(upload.input.attr('type'), 'file');
    assert.equal(upload.input.attr('multiple'), 'multiple');
    // No .heic: an iPhone then sends its photo as a JPEG, which loses its position here
    // (services/photo-metadata.ts) and opens on any computer; a HEIC chosen anyway is taken.
    assert.equal(upload.input.attr('accept'), '.pdf,.jpg,.jpeg,.png');
    assert.ok(upload.token.length > 20, 'the upload form carries the CSRF token');
    assert.match(
      textOf($, 'label[for="upload-files"] .label__description'),
      /PDF, JPEG, PNG eller HEIC\. Högst 10 filer, 10 MB per fil och 30 MB tillsammans\./,
    );
    assert.equal(buttonNamed($, 'Ladda upp').length, 1);
    assert.match(textOf($, 'main'), /Du har inte laddat upp några filer än\./);
    // The paper checklist is still there.
    assert.deepEqual(checkedOptions($, 'Det här skickar jag med'), []);
  });

  it('uploads a PDF and a PNG: listed with sizes, on the review page, and downloaded as attachments', async () => {
    const { app, services } = testApp();
    const { agent, accountId } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const pdf = await samplePdf();
    const png = samplePng();
    const { response } = await uploadFiles(agent, [
      { filename: 'Kontoutdrag mars.pdf', bytes: pdf, contentType: 'application/pdf' },
      { filename: 'hyresavi.png', bytes: png, contentType: 'image/png' },
    ]);
    assert.equal(response.status, 303, response.text.slice(0, 2000));
    assert.equal(response.headers.location, `${BILAGOR}#uploaded-files`);

    const { $ } = await getPage(agent, BILAGOR);
    const files = listedFiles($);
    assert.deepEqual(
      files.map((file) => [file.name, file.size]),
      [
        ['hyresavi.png', '1 kB'],
        ['Kontoutdrag mars.pdf', '1 kB'],
      ],
    );
    assert.match(textOf($, 'main'), /2 av 10 filer, 1 kB av 30 MB\./);
    assert.equal(buttonNamed($, 'Ta bort Kontoutdrag mars.pdf (fil 2)').length, 1);
    assert.equal(buttonNamed($, 'Ta bort hyresavi.png (fil 1)').length, 1);

    const pdfLink = files.find((file) => file.name === 'Kontoutdrag mars.pdf')?.href ?? '';
    assert.match(pdfLink, /^\/ansokan\/ekonomiskt-bistand\/bilagor\/[0-9a-f-]{36}$/);
    const download = await asBytes(agent.get(pdfLink));
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['cache-control'], 'no-store');
    const disposition = parseDisposition(String(download.headers['content-disposition']));
    assert.equal(disposition.type, 'attachment');
    assert.equal(disposition.parameters.filename, 'Kontoutdrag mars.pdf');
    assert.deepEqual(download.body, pdf);

    const logged = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'attachment downloaded' && line.accountId === accountId);
    assert.ok(logged, 'the download is logged');
    assert.equal(logged.attachmentId, pdfLink.split('/').pop());
    assert.equal(typeof logged.applicationId, 'string');
    assert.equal(typeof logged.reqId, 'string');
    assert.ok(
      logLines.every((line) => !line.includes('Kontoutdrag') && !line.includes('hyresavi')),
      'no file name in the log',
    );

    // The step is saved with its checklist and the rest of the application; the review lists the files.
    assert.equal((await postStep(agent, 'bilagor', { enclosed: ['kontoutdrag'] })).status, 303);
    assert.equal((await postStep(agent, 'intygande', { confirm: 'ja' })).status, 303);
    const review = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(review.response.status, 200);
    assert.deepEqual(answersIn(reviewAnswers(review.$), 'Bilagor'), [
      ['Det här skickar jag med', 'Kontoutdrag för de senaste 3 månaderna, för alla konton'],
      ['Uppladdade filer', 'hyresavi.png 1 kB Kontoutdrag mars.pdf 1 kB'],
    ]);
  });

  it('two files with the same name get "Ta bort" buttons a screen reader tells apart', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    await uploadFiles(agent, [
      { filename: 'lön.pdf', bytes: await samplePdf(), contentType: 'application/pdf' },
      { filename: 'lön.pdf', bytes: await samplePdf(), contentType: 'application/pdf' },
    ]);
    const { $ } = await getPage(agent, BILAGOR);
    assert.deepEqual(
      listedFiles($).map((file) => file.name),
      ['lön.pdf', 'lön.pdf'],
    );
    const removeButtons = $('ul.file-item-list button')
      .toArray()
      .map((button) => fold($(button).text()));
    assert.deepEqual(removeButtons, ['Ta bort lön.pdf (fil 1)', 'Ta bort lön.pdf (fil 2)']);
    // The visible text is only "Ta bort"; the rest is for screen readers.
    const first = buttonNamed($, 'Ta bort lön.pdf (fil 2)');
    assert.equal(fold(first.clone().children('.sr-only').remove().end().text()), 'Ta bort');
    // Each button removes its own file.
    assert.notEqual(
      buttonNamed($, 'Ta bort lön.pdf (fil 1)').attr('formaction'),
      first.attr('formaction'),
    );
  });

  it('"Ta bort" removes a file; its address then finds nothing', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    await uploadFiles(agent, [{ filename: 'kvitto.png', bytes: samplePng() }]);
    const before = await storedFileCount(services);
    const { $ } = await getPage(agent, BILAGOR);
    const [file] = listedFiles($);
    assert.ok(file);
    const button = buttonNamed($, 'Ta bort kvitto.png (fil 1)');
    const removed = await agent
      .post(button.attr('formaction') ?? '')
      .type('form')
      .send({ _csrf: String(button.closest('form').find('input[name="_csrf"]').val()) });
    assert.equal(removed.status, 303);
    assert.equal(removed.headers.location, `${BILAGOR}#uploaded-files`);
    const after = await getPage(agent, BILAGOR);
    assert.deepEqual(listedFiles(after.$), []);
    assert.equal((await agent.get(file.href)).status, 404);
    assert.deepEqual(await storedFileCount(services), {
      attachments: before.attachments - 1,
      blobs: before.blobs - 1,
    });
  });

  it('a refused file comes back with a message naming it; the other files and the ticked boxes stay', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    // Tick two boxes and save the step (Tillbaka saves too), then return to it.
    assert.equal(
      (await postStep(agent, 'bilagor', { enclosed: ['hyresavi', 'lakarintyg'] }, 'back')).status,
      303,
    );
    const { response, $ } = await uploadFiles(agent, [
      { filename: 'hyra.png', bytes: samplePng() },
      { filename: 'virus.exe', bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1') },
    ]);
    assert.equal(response.status, 415);
    const message =
      'Filen virus.exe är inte en PDF eller bild. Du kan skicka PDF, JPEG, PNG eller HEIC.';
    assert.deepEqual(errorSummaryLinks($), [{ text: message, href: '#upload-files' }]);
    assert.equal(textOf($, 'label[for="upload-files"] .label__message--error'), message);
    assert.equal(fieldByLabel($, 'Välj filer').attr('aria-invalid'), 'true');
    assert.deepEqual(
      listedFiles($).map((file) => file.name),
      ['hyra.png'],
    );
    assert.deepEqual(checkedOptions($, 'Det här skickar jag med'), [
      'Hyresavi eller hyreskontrakt',
      'Läkarintyg',
    ]);
    // The step's form still posts: its row version is the saved one.
    const next = await agent
      .post(BILAGOR)
      .type('form')
      .send({
        enclosed: ['hyresavi'],
        _action: 'next',
        _csrf: csrfTokenOf($),
        _version: rowVersionOf($),
      });
    assert.equal(next.status, 303);
  });

  it('sending the application records each file by id and SHA-256; afterwards none can be added or removed', async () => {
    const { app, services } = testApp();
    const { agent, personnummer } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent, personnummer);
    const png = samplePng();
    await uploadFiles(agent, [{ filename: 'hyresavi.png', bytes: png }]);
    const step = await getPage(agent, BILAGOR);
    const [file] = listedFiles(step.$);
    assert.ok(file);
    const removeToken = String(
      buttonNamed(step.$, 'Ta bort hyresavi.png (fil 1)')
        .closest('form')
        .find('input[name="_csrf"]')
        .val(),
    );
    assert.equal((await postStep(agent, 'bilagor', {})).status, 303);
    assert.equal((await postStep(agent, 'intygande', { confirm: 'ja' })).status, 303);
    const review = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    const submitForm = review.$('form[action="/ansokan/ekonomiskt-bistand/skicka"]');
    const sent = await agent
      .post('/ansokan/ekonomiskt-bistand/skicka')
      .type('form')
      .send({
        _csrf: String(submitForm.find('input[name="_csrf"]').val()),
        _version: String(submitForm.find('input[name="_version"]').val()),
      });
    assert.equal(sent.status, 303);

    const submission = await services.database.db
      .selectFrom('submission')
      .select('snapshot')
      .orderBy('submitted_at', 'desc')
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(submission.snapshot) as { attachments: unknown };
    assert.deepEqual(snapshot.attachments, [
      {
        id: file.href.split('/').pop(),
        name: file.name,
        sha256: createHash('sha256').update(png).digest('hex'),
      },
    ]);

    const before = await storedFileCount(services);
    const removal = await agent
      .post(`${file.href}/ta-bort`)
      .type('form')
      .send({ _csrf: removeToken });
    assert.equal(removal.status, 404);
    const { contentType, body } = multipartBody([
      { name: '_csrf', value: removeToken },
      { name: 'filer', filename: 'sen.png', bytes: png },
    ]);
    const late = await agent
      .post(`${BILAGOR}/ladda-upp`)
      .set('Content-Type', contentType)
      .send(body);
    assert.equal(late.status, 404);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it('"Ladda upp" with no file chosen asks for one (400); nothing is stored', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const before = await storedFileCount(services);
    // A browser sends an empty file input as a nameless, empty part.
    const { response, $ } = await uploadFiles(agent, [{ filename: '', bytes: Buffer.alloc(0) }]);
    assert.equal(response.status, 400);
    assert.deepEqual(errorSummaryLinks($), [
      { text: 'Välj en eller flera filer att ladda upp.', href: '#upload-files' },
    ]);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it('"Nästa" with a file chosen but not uploaded says so and stays; the answers are saved', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const before = await storedFileCount(services);
    // A plain post sends a chosen file's name under the file input, never the file.
    const response = await postStep(agent, 'bilagor', { enclosed: 'hyresavi', filer: 'hyra.pdf' });
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    assert.deepEqual(errorSummaryLinks($), [
      {
        text: 'Du valde hyra.pdf, men du tryckte inte på Ladda upp. Dina svar är sparade. Välj igen och tryck på Ladda upp.',
        href: '#upload-files',
      },
    ]);
    assert.equal(fieldByLabel($, 'Välj filer').attr('aria-invalid'), 'true');
    const { $: again } = await getPage(agent, BILAGOR);
    assert.deepEqual(checkedOptions(again, 'Det här skickar jag med'), [
      'Hyresavi eller hyreskontrakt',
    ]);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it('an anonymous visitor keeps the paper checklist and sees no upload form', async () => {
    const { app } = testApp();
    const agent = agentFor(app);
    await chooseMunicipality(agent);
    await reachAttachmentStep(agent);
    const { response, $ } = await getPage(agent, BILAGOR);
    assert.equal(response.status, 200);
    assert.equal($('input[type="file"]').length, 0);
    assert.equal(
      $('[formenctype="multipart/form-data"], [enctype="multipart/form-data"]').length,
      0,
    );
    assert.doesNotMatch(textOf($, 'main'), /Ladda upp|Uppladdade filer/);
    assert.deepEqual(checkedOptions($, 'Det här skickar jag med'), []);
  });
});

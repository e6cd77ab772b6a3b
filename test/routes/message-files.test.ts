import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { activePdfs } from '../helpers/active-pdfs';
import { asBytes, storedFileCount } from '../helpers/attachments';
import { caseUnderHandling, markMissingFile, requestCompletion } from '../helpers/completion';
import { sendApplication } from '../helpers/cases';
import { fieldByLabel } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody, type FilePart } from '../helpers/multipart';
import { samplePdf } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const TEXT_LABEL = 'Skriv ett meddelande';
const FILES_LABEL = 'Skicka med filer (om du vill)';

/** The message form on the receipt page, filled and sent as a browser sends it (multipart). */
async function sendMessage(
  agent: Agent,
  receiptPath: string,
  {
    text,
    files,
    token,
    shown,
  }: {
    text: string;
    files: readonly FilePart[];
    token?: string | null;
    /** The receipt page as shown earlier (a form sent again from the browser's history). */
    shown?: cheerio.CheerioAPI;
  },
) {
  const $ = shown ?? (await getPage(agent, receiptPath)).$;
  const textarea = fieldByLabel($, TEXT_LABEL);
  const input = fieldByLabel($, FILES_LABEL);
  const form = input.closest('form');
  assert.equal(form.attr('enctype'), 'multipart/form-data');
  assert.equal(textarea.closest('form').attr('action'), form.attr('action'));
  const csrf = token === undefined ? String(form.find('input[name="_csrf"]').val()) : token;
  const onceKey = form.find('input[name="engang"]').val();
  const { contentType, body } = multipartBody([
    ...(csrf === null ? [] : [{ name: '_csrf', value: csrf }]),
    ...(typeof onceKey === 'string' ? [{ name: 'engang', value: onceKey }] : []),
    { name: String(textarea.attr('name')), value: text },
    ...files.map((file) => ({ name: String(input.attr('name')), ...file })),
  ]);
  const response = await agent
    .post(form.attr('action') ?? '')
    .set('Content-Type', contentType)
    .send(body);
  return { response, $: cheerio.load(response.text) };
}

async function messageCount(services: ReturnType<ReturnType<typeof useTestApp>>['services']) {
  const row = await services.database.db
    .selectFrom('message')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('files sent with a message on Mina sidor', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the applicant sends a certificate with a message; both sides see it in the thread and can open it', async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const pdf = await samplePdf('Läkarintyg');
    const { response } = await sendMessage(sent.agent, receiptPath, {
      text: 'Här är läkarintyget.',
      files: [{ filename: 'läkarintyg.pdf', bytes: pdf, contentType: 'application/pdf' }],
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, `${receiptPath}?meddelande=skickat#meddelanden`);

    const receipt = await getPage(sent.agent, response.headers.location);
    // The page opens at the thread, whose heading takes the focus (a screen reader starts there).
    assert.equal(receipt.$('#meddelanden').attr('tabindex'), '-1');
    const item = receipt.$('section[aria-labelledby="meddelanden"] .portal-thread__item').last();
    assert.equal(item.find('.portal-thread__text').text(), 'Här är läkarintyget.');
    const link = item.find('.portal-thread__files a');
    assert.equal(link.text(), 'läkarintyg.pdf');
    const download = await asBytes(sent.agent.get(link.attr('href') ?? ''));
    assert.equal(download.status, 200);
    assert.deepEqual(download.body, pdf);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');

    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePage = await getPage(agent, `/handlaggare/arenden/${sent.id}`);
    const staffLink = casePage.$('section[aria-labelledby="meddelanden"] .portal-thread__files a');
    assert.equal(staffLink.text(), 'läkarintyg.pdf');
    assert.match(staffLink.attr('href') ?? '', /^\/handlaggare\/arenden\/[^/]+\/bilagor\//);
    const staffDownload = await asBytes(agent.get(staffLink.attr('href') ?? ''));
    assert.equal(staffDownload.status, 200);
    assert.deepEqual(staffDownload.body, pdf);
  });

  it('a file alone is a message: no text needed', async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const { response } = await sendMessage(sent.agent, receiptPath, {
      text: '',
      files: [{ filename: 'hyresavi.pdf', bytes: await samplePdf('Hyresavi') }],
    });
    assert.equal(response.status, 303);
    const receipt = await getPage(sent.agent, receiptPath);
    const item = receipt.$('section[aria-labelledby="meddelanden"] .portal-thread__item').last();
    assert.equal(item.find('.portal-thread__text').length, 0);
    assert.equal(item.find('.portal-thread__files a').text(), 'hyresavi.pdf');
  });

  it('the same form sent twice with the same file is one message with one file', async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const { $ } = await getPage(sent.agent, receiptPath);
    const files = [{ filename: 'hyresavi.pdf', bytes: await samplePdf('Hyresavi') }];
    const before = await storedFileCount(testApp().services);
    for (let press = 0; press < 2; press++) {
      const { response } = await sendMessage(sent.agent, receiptPath, {
        text: 'Hyran',
        files,
        shown: $,
      });
      assert.equal(response.status, 303);
    }
    const receipt = await getPage(sent.agent, receiptPath);
    const items = receipt.$('section[aria-labelledby="meddelanden"] .portal-thread__item');
    assert.equal(items.length, 1);
    assert.equal(items.find('.portal-thread__files a').text(), 'hyresavi.pdf');
    const after = await storedFileCount(testApp().services);
    assert.deepEqual(after, { attachments: before.attachments + 1, blobs: before.blobs + 1 });
  });

  it('the form sent again from history with the same words and another file keeps both files', async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const { $ } = await getPage(sent.agent, receiptPath);
    for (const [filename, title] of [
      ['image.pdf', 'Kontoutdrag oktober'],
      ['image.pdf', 'Kontoutdrag november'],
    ] as const) {
      const files = [{ filename, bytes: await samplePdf(title) }];
      const { response } = await sendMessage(sent.agent, receiptPath, {
        text: '',
        files,
        shown: $,
      });
      assert.equal(response.status, 303);
    }
    const receipt = await getPage(sent.agent, receiptPath);
    const items = receipt.$('section[aria-labelledby="meddelanden"] .portal-thread__item');
    assert.deepEqual(
      items.map((_, item) => receipt.$(item).find('.portal-thread__files a').text()).get(),
      ['image.pdf', 'image.pdf'],
    );
  });

  it('a file that is no PDF or picture stops the whole message: the text comes back, nothing is stored or sent', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const before = {
      files: await storedFileCount(services),
      messages: await messageCount(services),
    };
    const { response, $ } = await sendMessage(sent.agent, receiptPath, {
      text: 'Två intyg.',
      files: [
        { filename: 'intyg.pdf', bytes: await samplePdf('Intyg') },
        { filename: 'sida.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
      ],
    });
    assert.equal(response.status, 415);
    assert.equal(fieldByLabel($, TEXT_LABEL).text(), 'Två intyg.');
    assert.deepEqual(errorSummaryLinks($), [
      {
        text: 'Filen sida.pdf är inte en PDF eller bild. Du kan skicka PDF, JPEG, PNG eller HEIC.',
        href: '#meddelande-filer',
      },
    ]);
    assert.match(
      textOf($, '.message-box--warning'),
      /Meddelandet är inte skickat\..*välj filerna igen/,
    );
    assert.equal(fieldByLabel($, FILES_LABEL).attr('aria-invalid'), 'true');
    assert.deepEqual(
      { files: await storedFileCount(services), messages: await messageCount(services) },
      before,
    );
  });

  it('SEC-25 a PDF with JavaScript stops the whole message: the text comes back with the message naming it, nothing is stored or sent', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const before = {
      files: await storedFileCount(services),
      messages: await messageCount(services),
    };
    const { response, $ } = await sendMessage(sent.agent, receiptPath, {
      text: 'Intyget.',
      files: [
        { filename: 'intyg.pdf', bytes: await samplePdf('Intyg') },
        { filename: 'formulär.pdf', bytes: activePdfs.openActionJavaScript(true) },
      ],
    });
    assert.equal(response.status, 400);
    assert.equal(fieldByLabel($, TEXT_LABEL).text(), 'Intyget.');
    assert.deepEqual(errorSummaryLinks($), [
      {
        text:
          'Filen formulär.pdf innehåller kod eller inbäddade filer som vi inte kan ta emot av ' +
          'säkerhetsskäl. Spara eller skriv ut dokumentet som en ny PDF, eller ta ett foto av ' +
          'papperet, och försök igen.',
        href: '#meddelande-filer',
      },
    ]);
    assert.deepEqual(
      { files: await storedFileCount(services), messages: await messageCount(services) },
      before,
    );
  });

  it('a text that cannot go stops the files too: nothing is stored', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const before = await storedFileCount(services);
    const { response, $ } = await sendMessage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`, {
      text: 'å'.repeat(2500),
      files: [{ filename: 'intyg.pdf', bytes: await samplePdf() }],
    });
    assert.equal(response.status, 400);
    assert.equal(fieldByLabel($, TEXT_LABEL).text(), 'å'.repeat(2500));
    assert.match(textOf($, '.error-list, [role=alert], .portal-error-summary'), /för lång/);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it('SEC-19 a message with files and no CSRF token is refused and stores nothing', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const before = await storedFileCount(services);
    const { response } = await sendMessage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`, {
      text: 'Hej',
      files: [{ filename: 'intyg.pdf', bytes: await samplePdf() }],
      token: null,
    });
    assert.equal(response.status, 403);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it("SEC-14 IDOR: applicant B can neither send files to A's application nor open A's message file", async () => {
    const { services } = testApp();
    const a = await sendApplication(testApp());
    const b = await sendApplication(testApp());
    const aReceipt = `/mina-sidor/ansokningar/${a.id}`;
    const sentByA = await sendMessage(a.agent, aReceipt, {
      text: 'Intyg',
      files: [{ filename: 'intyg.pdf', bytes: await samplePdf() }],
    });
    assert.equal(sentByA.response.status, 303);
    const receipt = await getPage(a.agent, aReceipt);
    const href = receipt.$('.portal-thread__files a').attr('href') ?? '';
    assert.notEqual(href, '');
    assert.equal((await b.agent.get(href)).status, 404);

    // B takes the form from their own page and posts it to A's application.
    const before = await storedFileCount(services);
    const { $ } = await getPage(b.agent, `/mina-sidor/ansokningar/${b.id}`);
    const form = fieldByLabel($, FILES_LABEL).closest('form');
    const { contentType, body } = multipartBody([
      { name: '_csrf', value: String(form.find('input[name="_csrf"]').val()) },
      { name: 'meddelande', value: 'Inte min' },
      { name: 'filer', filename: 'x.pdf', bytes: await samplePdf() },
    ]);
    const response = await b.agent
      .post(`${aReceipt}/meddelanden`)
      .set('Content-Type', contentType)
      .send(body);
    assert.equal(response.status, 404);
    assert.deepEqual(await storedFileCount(services), before);
  });

  it("a file sent with a message while a completion is open stays with the message: not among the completion's files, not removable there", async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    await markMissingFile(caseworker.agent, casePath, 'Hyresavi eller hyreskontrakt', 'Saknas.');
    assert.equal((await requestCompletion(caseworker.agent, casePath)).response.status, 303);
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const { response } = await sendMessage(sent.agent, receiptPath, {
      text: 'Här är intyget.',
      files: [{ filename: 'intyg.pdf', bytes: await samplePdf('Intyg') }],
    });
    assert.equal(response.status, 303);
    const [file] = await testApp()
      .services.database.db.selectFrom('attachment')
      .select(['id', 'message_id'])
      .where('application_id', '=', sent.id)
      .execute();
    assert.ok(file?.message_id, 'the file names its message');

    const completion = await getPage(sent.agent, `${receiptPath}/komplettering`);
    assert.ok(!completion.response.text.includes('intyg.pdf'), 'not listed as a completion file');
    const removed = await sent.agent
      .post(`${receiptPath}/komplettering/filer/${file.id}/ta-bort`)
      .type('form')
      .send({
        _csrf: String(completion.$('input[name="_csrf"]').first().val()),
        _version: String(completion.$('input[name="_version"]').first().val() ?? ''),
      });
    assert.equal(removed.status, 404);
    const thread = await getPage(sent.agent, receiptPath);
    assert.equal(thread.$('.portal-thread__files a').text(), 'intyg.pdf');
  });
});

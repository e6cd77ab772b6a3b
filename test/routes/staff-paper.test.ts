import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DraftValues } from '../../forms/types';
import { caseRows } from '../helpers/cases';
import { fieldByLabel, linkNamed } from '../helpers/fields';
import * as cheerio from 'cheerio';
import { csrfTokenOf, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { familyPaperPdf } from '../helpers/paper-application';
import {
  PAPER_START,
  registerReceived,
  turnedAndBlurred,
  typeCodes,
  uploadScans,
} from '../helpers/paper-registration';
import { pdfPageImages, popplerSkipReason } from '../helpers/pdf';
import { ccittScannerPdf, greyJpeg, scannerPdf } from '../helpers/scanned-pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** What was registered: the application row and its submission. */
async function registered(testApp: TestApp, id: string) {
  const db = testApp.services.database.db;
  const application = await db
    .selectFrom('application')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const submission = await db
    .selectFrom('submission')
    .selectAll()
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  const attachments = await db
    .selectFrom('attachment')
    .select(['name', 'media_type', 'created_at'])
    .where('application_id', '=', id)
    .orderBy('created_at')
    .execute();
  return {
    application,
    submission,
    snapshot: JSON.parse(submission.snapshot) as { answers: DraftValues },
    attachments,
  };
}

describe('Registrera pappersansökan: the family application registered from paper', () => {
  // The family filled in the paper on the 24th; it arrives and is registered a few days later.
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });
  let skip: string | false = false;
  let printed: { pdf: Buffer; pages: Buffer[]; answers: DraftValues; codes: string[] };

  before(async () => {
    const { pdf, answers, content } = await familyPaperPdf();
    printed = { pdf, pages: [], answers, codes: content.qrCodes };
    skip = popplerSkipReason();
    if (!skip) printed.pages = pdfPageImages(pdf, 150);
  });

  /** Uploads one scanner PDF of the printed pages and registers it: the answers it stored. */
  async function registerScannerPdf(scan: Buffer, name: string) {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    // The file field offers PDFs and says so.
    const start = await getPage(agent, PAPER_START);
    const input = fieldByLabel(start.$, 'Bilder av sidorna');
    assert.match(input.attr('accept') ?? '', /\.pdf,.*application\/pdf/);
    assert.match(textOf(start.$, 'main'), /PDF från skannern, eller foton \(JPEG eller PNG\)\./);
    const uploaded = await uploadScans(agent, [{ filename: name, bytes: scan }]);
    assert.equal(uploaded.response.status, 303, textOf(uploaded.$, 'main').slice(0, 2000));
    const draftPath = uploaded.response.headers.location ?? '';
    const draft = await getPage(agent, draftPath);
    assert.match(textOf(draft.$, 'main'), /Alla svar lästes från koderna\./);
    const { response } = await registerReceived(agent, draftPath, '2026-11-20');
    assert.equal(response.status, 303, response.text.slice(0, 2000));
    const stored = await registered(testApp(), draftPath.split('/').pop() ?? '');
    // The PDF itself is kept as the scan, whole, under its name.
    assert.deepEqual(
      stored.attachments.map((file) => [file.name, file.media_type]),
      [[name, 'application/pdf']],
    );
    return stored;
  }

  it("an office scanner's PDF in grey (200 dpi, one JPEG a page) registered by upload gives the same answers", async (t) => {
    if (skip) return t.skip(skip);
    // Printed, signed and scanned: each page a grey picture, wrapped one a page as scanners do.
    const pages = pdfPageImages(printed.pdf, 200, { grey: true });
    const scan = await scannerPdf(await Promise.all(pages.map(greyJpeg)), { dpi: 200 });
    const stored = await registerScannerPdf(scan, 'skanning-grå.pdf');
    assert.deepEqual(stored.snapshot.answers, printed.answers);
    assert.equal(stored.application.status, 'inkommen');
  });

  it("an office scanner's PDF in black and white (200 dpi, one CCITT G4 image a page) gives the same answers", async (t) => {
    if (skip) return t.skip(skip);
    const pages = pdfPageImages(printed.pdf, 200, { grey: true });
    const scan = await ccittScannerPdf(pages, 200);
    const stored = await registerScannerPdf(scan, 'skanning-sv.pdf');
    assert.deepEqual(stored.snapshot.answers, printed.answers);
  });

  it('a 150 dpi scan, turned 2° and blurred, registered by upload gives the same answers', async (t) => {
    if (skip) return t.skip(skip);
    const { agent, staff } = await staffAgent(testApp(), CASEWORKER_9901);
    const inbox = await getPage(agent, '/handlaggare');
    assert.equal(linkNamed(inbox.$, 'Registrera pappersansökan').attr('href'), PAPER_START);

    const photos = await Promise.all(printed.pages.map(turnedAndBlurred));
    const uploaded = await uploadScans(
      agent,
      photos.map((bytes, index) => ({ filename: `sida-${index + 1}.png`, bytes })),
    );
    assert.equal(uploaded.response.status, 303, uploaded.response.text.slice(0, 2000));
    const draftPath = uploaded.response.headers.location ?? '';
    assert.match(draftPath, /^\/handlaggare\/pappersansokan\/[0-9a-f-]{36}$/);

    const draft = await getPage(agent, draftPath);
    assert.equal(draft.response.status, 200);
    assert.match(textOf(draft.$, 'main'), /Alla svar lästes från koderna\./);
    assert.match(textOf(draft.$, 'main'), /Łukasz/);

    const { response } = await registerReceived(agent, draftPath, '2026-11-20');
    assert.equal(response.status, 303, response.text.slice(0, 2000));
    const id = draftPath.split('/').pop() ?? '';
    assert.equal(response.headers.location, `/handlaggare/arenden/${id}?registrerad=1#registrerad`);
    const audit = await testApp().services.auditLog.ofRequest(
      response.headers['x-request-id'] ?? '',
    );
    assert.deepEqual(
      audit.map((row) => [row.action, row.outcome, row.subject, row.municipality, row.role]),
      [['change', 'ok', id, '9901', 'caseworker']],
      'SEC-29 one audit row, written with the registration',
    );

    const stored = await registered(testApp(), id);
    assert.deepEqual(stored.snapshot.answers, printed.answers);
    assert.deepEqual(JSON.parse(stored.application.answers), printed.answers);
    assert.equal(stored.application.status, 'inkommen');
    assert.equal(stored.application.channel, 'post');
    assert.equal(stored.application.owner_id, null);
    assert.equal(
      new Date(Number(stored.application.received_at)).toISOString().slice(0, 10),
      '2026-11-20',
    );
    assert.equal(stored.submission.login_method, 'papper');
    assert.equal(stored.submission.submitted_by, staff.account.id);
    assert.match(stored.submission.receipt_number, /^EB-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The case says it is registered, with the number to write on the paper; focus lands there.
    const landed = await getPage(agent, response.headers.location);
    const notice = landed.$('#registrerad');
    assert.equal(notice.attr('tabindex'), '-1');
    assert.equal(notice.attr('role'), 'status');
    assert.equal(
      notice.text().trim(),
      `Pappersansökan är registrerad och ligger i inkorgen med status Inkommen. Kvittonummer: ${stored.submission.receipt_number}.`,
    );
    const plain = await getPage(agent, `/handlaggare/arenden/${id}`);
    assert.equal(plain.$('#registrerad').length, 0, 'only right after registering');
    assert.deepEqual(
      stored.attachments.map((file) => file.name),
      photos.map((_, index) => `sida-${index + 1}.png`),
      'the scan is kept as the first attachments, in upload order',
    );

    // In the inbox as "post", and it opens in the case view.
    const list = await getPage(agent, '/handlaggare?kanal=post');
    const row = caseRows(list.$).find((one) => one.href === `/handlaggare/arenden/${id}`);
    assert.ok(row, 'in the list');
    assert.equal(row.received, '2026-11-20');
    assert.equal(row.name, 'Łukasz Øvergård');
    const opened = await getPage(agent, `/handlaggare/arenden/${id}`);
    assert.equal(opened.response.status, 200);
    const main = textOf(opened.$, 'main');
    assert.match(main, /Kanal ?Post/);
    assert.match(main, /registrerade pappersansökan\. Status: Inkommen\./);
    assert.match(main, /sida-1\.png/);
    // The first attachment is the first page as uploaded, offered as a download (SEC-28).
    const href = opened.$('a[href*="/bilagor/"]').first().attr('href') ?? '';
    const download = await agent.get(href).buffer(true);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.match(download.headers['content-disposition'] ?? '', /^attachment;.*sida-1\.png/);
    assert.ok(Buffer.compare(download.body as Buffer, photos[0] as Buffer) === 0);
  });

  it('the codes typed by a hand scanner give the same answers', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    // A hand scanner types each code and Enter; in any order.
    const typed = [...printed.codes].reverse().join('\r\n');
    const read = await typeCodes(agent, typed);
    assert.equal(read.response.status, 303, read.response.text.slice(0, 2000));
    const draftPath = read.response.headers.location ?? '';
    // The upload test registered the same family's paper: said before it is registered again.
    const before = await getPage(agent, draftPath);
    const warning = before.$('#paper-duplicates-heading').closest('.message-box');
    assert.equal(
      textOf(before.$, '#paper-duplicates-heading'),
      'Det finns redan en ansökan för samma person och månad',
    );
    assert.match(
      String(warning.find('a').first().attr('href')),
      /^\/handlaggare\/arenden\/[\w-]+$/,
    );
    assert.match(warning.find('a').first().text(), /^Łukasz Øvergård, inkommen /);
    // SEC-29 the look names the cases it warns of, in its one audit row.
    const warned = warning
      .find('a')
      .toArray()
      .map((link) => String(before.$(link).attr('href')).split('/').pop());
    const looked = await testApp().services.auditLog.ofRequest(
      String(before.response.headers['x-request-id']),
    );
    assert.deepEqual(
      looked.map((event) => [event.action, event.outcome, event.shown]),
      [['view', 'ok', warned]],
    );
    // Started registrations are told apart by the month applied for and the time of change.
    const start = await getPage(agent, '/handlaggare/pappersansokan');
    assert.match(
      textOf(start.$, '.portal-paper-unfinished'),
      /Łukasz Øvergård, december 2026, Exempelby kommun, ändrad \d+ \w+ 20\d\d kl\. \d\d\.\d\d/,
    );
    // SEC-29 the list's one audit row names the registrations it lists.
    const [listed] = await testApp().services.auditLog.ofRequest(
      String(start.response.headers['x-request-id']),
    );
    assert.equal(listed?.action, 'list');
    assert.ok(listed.shown?.includes(draftPath.split('/').pop() ?? ''));
    // SEC-31 two clicks at once on "Registrera ansökan": one application, one submission.
    const [one, two] = await Promise.all([
      registerReceived(agent, draftPath, '21 november 2026'),
      registerReceived(agent, draftPath, '21 november 2026'),
    ]);
    const statuses = [one.response.status, two.response.status].sort();
    assert.equal(statuses[0], 303, statuses.join(', '));
    assert.ok([303, 404, 409].includes(statuses[1] ?? 0), statuses.join(', '));
    const id = draftPath.split('/').pop() ?? '';
    const stored = await registered(testApp(), id);
    assert.deepEqual(stored.snapshot.answers, printed.answers);
    assert.deepEqual(stored.attachments, []);
    const submissions = await testApp()
      .services.database.db.selectFrom('submission')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(submissions.count), 1);
    // The case's log names the registration for what it was.
    const changes = await testApp()
      .services.database.db.selectFrom('audit_event')
      .select(['detail', 'outcome'])
      .where('subject', '=', id)
      .where('action', '=', 'change')
      .execute();
    assert.ok(changes.length > 0);
    assert.ok(
      changes.every((row) => row.detail === 'paper'),
      JSON.stringify(changes),
    );
    assert.equal(
      new Date(Number(stored.application.received_at)).toISOString().slice(0, 10),
      '2026-11-21',
    );
    // Found by the inbox's search as an e-service case is: by the personnummer on the paper.
    const { $ } = await getPage(agent, '/handlaggare');
    const search = await agent
      .post('/handlaggare/arenden/sok')
      .redirects(1)
      .type('form')
      .send({ sokord: '19850101-1236', _csrf: csrfTokenOf($) });
    const rows = caseRows(cheerio.load(search.text));
    // The upload test registered the same family's paper: two live cases, both flagged.
    const found = rows.find((row) => row.href === `/handlaggare/arenden/${id}`);
    assert.deepEqual(found && [found.name, found.personnummer, found.warning], [
      'Łukasz Øvergård',
      '19850101-XXXX',
      'Dubblett',
    ]);
  });
});

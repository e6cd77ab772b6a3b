import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { caseUnderHandling, markAnswer, postFormOf } from '../helpers/completion';
import { buttonNamed, descriptionOf, fieldByLabel, linkNamed, messageFor } from '../helpers/fields';
import { fold, getPage, textOf } from '../helpers/http';
import { changeStatus } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import { checkDecision, confirmDecision } from '../helpers/decisions';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody, type FilePart } from '../helpers/multipart';
import { pdfText, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

/** As a paper application registered by a caseworker is: sent by post, no owner account. */
async function paperCaseUnderHandling(testApp: ReturnType<ReturnType<typeof useTestApp>>) {
  const inHand = await caseUnderHandling(testApp);
  await testApp.services.database.db
    .updateTable('application')
    .set({ owner_id: null, channel: 'post' })
    .where('id', '=', inHand.sent.id)
    .execute();
  return inHand;
}

/** "Begär komplettering per brev" from the case page, with a due day and a message. */
async function requestByLetter(agent: Parameters<typeof getPage>[0], casePath: string) {
  const { $ } = await getPage(agent, casePath);
  const href = linkNamed($, 'Begär komplettering per brev').attr('href') ?? '';
  assert.ok(href, 'no "Begär komplettering per brev" on the case page');
  const page = await getPage(agent, href);
  assert.match(textOf(page.$, 'main'), /Du får ett brev att skriva ut och skicka med posten/);
  const form = buttonNamed(page.$, 'Begär komplettering per brev').closest('form');
  return postFormOf(agent, form as never, {
    'sista-dag': '2026-12-01',
    meddelande: 'Skicka gärna en kopia av registreringsbeviset.',
  });
}

/**
 * "Registrera svaret" as a browser sends it: every field of the page as shown, `fields` by
 * label changed, and the chosen files under the file input (multipart, as the form says).
 */
async function sendPostAnswer(
  agent: Parameters<typeof getPage>[0],
  $: cheerio.CheerioAPI,
  fields: Record<string, string>,
  files: readonly FilePart[] = [],
  /** Fields by name, such as no page of ours sends. */
  crafted: Record<string, string> = {},
) {
  const form = buttonNamed($, 'Registrera svaret').closest('form');
  assert.equal(form.attr('enctype'), 'multipart/form-data');
  const values = new Map<string, string>();
  for (const input of form.find('input:not([type=file]), textarea').toArray()) {
    const name = $(input).attr('name');
    if (name) values.set(name, String($(input).val() ?? ''));
  }
  for (const [label, value] of Object.entries(fields)) {
    values.set(String(fieldByLabel($, label).attr('name')), value);
  }
  for (const [name, value] of Object.entries(crafted)) values.set(name, value);
  const fileName = String(form.find('input[type=file]').attr('name'));
  const { contentType, body } = multipartBody([
    ...[...values].map(([name, value]) => ({ name, value })),
    ...files.map((file) => ({ name: fileName, ...file })),
  ]);
  const response = await agent
    .post(form.attr('action') ?? '')
    .set('Content-Type', contentType)
    .send(body);
  return { response, $: cheerio.load(response.text) };
}

/**
 * A paper case with its postal code marked and a letter sent about it, and the page where its
 * answer by post is registered.
 */
async function letterAwaitingAnswer(testApp: ReturnType<ReturnType<typeof useTestApp>>) {
  const { casePath, caseworker, sent } = await paperCaseUnderHandling(testApp);
  const { agent } = caseworker;
  await markAnswer(agent, casePath, 'Postnummer', 'Fel postnummer.');
  const requested = await requestByLetter(agent, casePath);
  const casePage = await getPage(agent, requested.response.headers.location as string);
  const page = await getPage(agent, linkNamed(casePage.$, 'Registrera svaret').attr('href') ?? '');
  return { agent, casePath, sent, page };
}

/** A case's audit rows, in no particular order (the manual clock gives them one time). */
async function auditRowsOf(
  db: ReturnType<ReturnType<typeof useTestApp>>['services']['database']['db'],
  subject: string,
) {
  return db
    .selectFrom('audit_event')
    .select(['action', 'outcome'])
    .where('subject', '=', subject)
    .execute();
}

describe('Begär komplettering on a paper case without an account: by letter, answered by post', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('prints a letter with what is marked, the last day and where to send it; the answer is registered with the day it came', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { casePath, caseworker, sent } = await paperCaseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte med adressen.');

    const requested = await requestByLetter(agent, casePath);
    assert.equal(requested.response.status, 303);
    const casePage = await getPage(agent, requested.response.headers.location as string);
    assert.match(
      textOf(casePage.$, '.portal-marks [role=status]'),
      /Kompletteringen är begärd\. Skriv ut brevet och skicka det till den sökande\./,
    );
    assert.match(textOf(casePage.$, '#kompletteringar ~ ol'), /Väntar på svar per post\./);

    const letterHref = linkNamed(casePage.$, 'Brevet till den sökande (PDF)').attr('href') ?? '';
    const letter = await agent.get(letterHref).buffer(true);
    assert.equal(letter.status, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.match(String(letter.headers['content-disposition']), /^attachment;/);
    const text = pdfText(letter.body as Buffer).replace(/\s+/g, ' ');
    for (const expected of [
      'Vi behöver fler uppgifter från dig',
      'Datum: 24 november 2026',
      'Det här behöver vi',
      'Postnummer',
      'Du svarade: 123 45',
      'Postnumret stämmer inte med adressen.',
      'Skicka gärna en kopia av registreringsbeviset.',
      'Skicka det till oss senast 1 december 2026',
      'Kvittonummer: EB-',
      'avslag på det som uppgifterna gäller',
    ]) {
      assert.ok(text.includes(expected), `the letter says "${expected}": ${text}`);
    }
    // The sender stays out of the envelope's window (45 mm down), even as the sheet slides.
    const mm = 72 / 25.4;
    const aboveWindow = pdfWords(letter.body as Buffer).filter(
      (word) => word.page === 1 && word.top < 45 * mm,
    );
    assert.ok(aboveWindow.some((word) => word.text === 'Exempelby'));
    for (const word of aboveWindow) {
      assert.ok(word.top + word.height <= 35 * mm, `"${word.text}" ends below 35 mm`);
    }
    const pdfRows = await testApp()
      .services.database.db.selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('subject', '=', sent.id)
      .where('action', '=', 'pdf')
      .execute();
    assert.deepEqual(pdfRows, [{ action: 'pdf', outcome: 'ok' }]);

    // "Registrera svaret" opens a page with the day, the marked answer and the scanned papers.
    const registerHref = linkNamed(casePage.$, 'Registrera svaret').attr('href') ?? '';
    assert.ok(registerHref);
    const page = await getPage(agent, registerHref);
    assert.equal(page.response.status, 200);
    assert.equal(textOf(page.$, 'h1'), 'Registrera svaret som kom per post');
    assert.equal(fieldByLabel(page.$, 'Dag då svaret kom').val(), '2026-11-24');
    assert.match(
      textOf(page.$, 'main'),
      /Markerat för att: Postnumret stämmer inte med adressen\./,
    );
    assert.equal(fieldByLabel(page.$, 'Boende – Postnummer').val(), '123 45');

    // A day after today is refused beside its field; nothing typed is lost, the files are chosen again.
    const refused = await sendPostAnswer(
      agent,
      page.$,
      { 'Dag då svaret kom': '2026-12-24', 'Boende – Postnummer': '543 21' },
      [{ filename: 'svar.pdf', bytes: await samplePdf('Svar på kompletteringen') }],
    );
    assert.equal(refused.response.status, 400);
    assert.equal(
      messageFor(refused.$, 'Dag då svaret kom'),
      'Dagen då svaret kom kan inte vara efter i dag.',
    );
    assert.equal(fieldByLabel(refused.$, 'Dag då svaret kom').val(), '2026-12-24');
    assert.equal(fieldByLabel(refused.$, 'Boende – Postnummer').val(), '543 21');
    assert.match(
      textOf(refused.$, 'main'),
      /Inga filer är sparade än\. Välj dem igen innan du registrerar svaret: svar\.pdf\./,
    );
    // A postal code that is not one is refused as the form refuses it.
    const badCode = await sendPostAnswer(agent, page.$, { 'Boende – Postnummer': '5432' });
    assert.equal(badCode.response.status, 400);
    assert.ok(messageFor(badCode.$, 'Boende – Postnummer'));

    const answered = await sendPostAnswer(
      agent,
      page.$,
      { 'Dag då svaret kom': '24/11/2026', 'Boende – Postnummer': '543 21' },
      [{ filename: 'svar.pdf', bytes: await samplePdf('Svar på kompletteringen') }],
    );
    assert.equal(answered.response.status, 303);
    const after = await getPage(agent, answered.response.headers.location as string);
    assert.match(textOf(after.$, '.portal-marks [role=status]'), /Svaret är registrerat/);
    const round = textOf(after.$, '#kompletteringar ~ ol');
    assert.match(round, /Svaret kom per post 24 november 2026\./);
    // What changed, as an answer sent online shows it, and the scan among the case's files.
    assert.match(round, /Postnummer\s*123 45\s*543 21/);
    const scan = after
      .$('#kompletteringar ~ ol a')
      .filter((_, link) => after.$(link).text() === 'svar.pdf');
    assert.equal(scan.length, 1);
    const download = await agent.get(scan.attr('href') ?? '').buffer(true);
    assert.equal(download.status, 200);
    assert.match(pdfText(download.body as Buffer), /Svar på kompletteringen/);
    // The printed application names the scan as what came with the answer, not with the application.
    if (!popplerSkipReason()) {
      const copy = await agent.get(`${casePath}/ansokan.pdf`).buffer(true);
      assert.match(
        fold(pdfText(copy.body as Buffer)),
        /svar\.pdf \(kom med svaret på kompletteringen 24 november 2026\)/,
      );
    }
    assert.equal(linkNamed(after.$, 'Registrera svaret').length, 0);
    // Asked again before the mark is cleared, the request page says the answer came.
    const again = await getPage(agent, `${casePath}/komplettering`);
    assert.match(
      textOf(again.$, '.portal-mark-list'),
      /Besvarad 24 november 2026: svaret är nu ”543 21”\. Ta bort markeringen om svaret är rätt\./,
    );
    // The estimate made again from the new answers says what it showed when registered.
    assert.match(
      textOf(after.$, '#berakning ~ p, section'),
      /När ansökan registrerades visade den:/,
    );
    const stored = await testApp()
      .services.database.db.selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'kompletterad');
    assert.match(
      textOf(after.$, 'main'),
      /registrerade att svaret på kompletteringen kom per post\. Status: Kompletterad\./,
    );

    // The papers read, the mark cleared: the decision is made, and its letter goes by post.
    const clear = buttonNamed(after.$, 'Ta bort markering: Boende – Postnummer').closest('form');
    assert.equal(clear.length, 1);
    assert.equal((await postFormOf(agent, clear as never, {})).response.status, 303);
    // The medsökande signs the printout too: the caseworker registers that it came.
    await registerSignature(agent, casePath);
    const checked = await checkDecision(agent, casePath);
    assert.equal(checked.response.status, 200);
    assert.match(
      textOf(checked.$, 'main'),
      /Den sökande har inget konto i e-tjänsten, så du skriver ut brevet och skickar det med posten\./,
    );
    assert.doesNotMatch(textOf(checked.$, 'main'), /Mina sidor/);
    const confirmed = await confirmDecision(agent, checked.$, checked.href);
    const decided = await getPage(agent, confirmed.response.headers.location as string);
    assert.match(
      textOf(decided.$, '[role=status]'),
      /Den sökande har inget konto i e-tjänsten: skriv ut brevet och skicka det med posten\./,
    );
  });

  it('a scanned file that is not a PDF or picture is refused beside the file field; nothing is registered', async () => {
    const { agent, sent, page } = await letterAwaitingAnswer(testApp());
    // The mark's reason and the answer as it stands are read with the field.
    assert.deepEqual(
      descriptionOf(page.$, fieldByLabel(page.$, 'Boende – Postnummer')).slice(0, 2),
      ['Markerat för att: Fel postnummer.', 'Svaret nu: 123 45'],
    );
    const refused = await sendPostAnswer(agent, page.$, { 'Boende – Postnummer': '543 21' }, [
      { filename: 'svar.txt', bytes: Buffer.from('Hej, här är mitt svar.') },
    ]);
    assert.equal(refused.response.status, 400);
    assert.match(
      messageFor(refused.$, 'Skannade papper (om det finns)'),
      /Filen svar\.txt är inte en PDF eller bild/,
    );
    assert.equal(fieldByLabel(refused.$, 'Boende – Postnummer').val(), '543 21');
    const stored = await testApp()
      .services.database.db.selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'komplettering-begard');
  });

  it('SEC-14 SEC-19 SEC-29: the answer needs its token and its own case’s request; only the marked answers are read; a refused upload is logged as a refused change', async () => {
    const app = testApp();
    const { casePath, caseworker, sent } = await paperCaseUnderHandling(app);
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Fel postnummer.');
    const requested = await requestByLetter(agent, casePath);
    const casePage = await getPage(agent, requested.response.headers.location as string);
    const href = linkNamed(casePage.$, 'Registrera svaret').attr('href') ?? '';
    const page = await getPage(agent, href);
    const { db } = app.services.database;
    const statusNow = async () =>
      (
        await db
          .selectFrom('application')
          .select('status')
          .where('id', '=', sent.id)
          .executeTakeFirstOrThrow()
      ).status;

    // SEC-19: the form without its token stores nothing.
    const { contentType, body } = multipartBody([
      { name: 'mottagen', value: '2026-11-24' },
      { name: 'filer', filename: 'svar.pdf', bytes: await samplePdf('Svar') },
    ]);
    const forged = await agent.post(href).set('Content-Type', contentType).send(body);
    assert.equal(forged.status, 403);
    assert.equal(await statusNow(), 'komplettering-begard');

    // SEC-14: the request of another case under this case's address reads as missing.
    const other = await paperCaseUnderHandling(app);
    await markAnswer(other.caseworker.agent, other.casePath, 'Postnummer', 'Fel.');
    const otherRequested = await requestByLetter(other.caseworker.agent, other.casePath);
    const otherCase = await getPage(
      other.caseworker.agent,
      otherRequested.response.headers.location as string,
    );
    const otherHref = linkNamed(otherCase.$, 'Registrera svaret').attr('href') ?? '';
    const otherRequestId = /komplettering\/([0-9a-f-]{36})\//.exec(otherHref)?.[1] ?? '';
    const crossed = href.replace(
      /komplettering\/[0-9a-f-]{36}\//,
      `komplettering/${otherRequestId}/`,
    );
    assert.equal((await agent.get(crossed)).status, 404);

    // SEC-29: an upload of more files than may be sent at once is refused as a change, not a view.
    const tooMany = await sendPostAnswer(
      agent,
      page.$,
      {},
      Array.from({ length: 11 }, (_, index) => ({
        filename: `sida-${index}.png`,
        bytes: samplePng(),
      })),
    );
    assert.equal(tooMany.response.status, 413);
    assert.match(textOf(tooMany.$, '#error-summary'), /för många filer/);
    const lastRow = await db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('subject', '=', sent.id)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.deepEqual(lastRow, { action: 'change', outcome: 'invalid' });

    // An answer that is not marked is not read, whatever the post says.
    const answered = await sendPostAnswer(agent, page.$, { 'Boende – Postnummer': '543 21' }, [], {
      'boende.street': 'Annan gata 1',
    });
    assert.equal(answered.response.status, 303);
    const after = await getPage(agent, casePath);
    assert.match(textOf(after.$, 'main'), /543 21/);
    assert.match(textOf(after.$, 'main'), /Storgatan 5 B/);
  });

  it('SEC-29: an answer registered as the case changed meanwhile is refused with the page as it is now, in one audit row', async (t) => {
    const app = testApp();
    const { agent, sent, page } = await letterAwaitingAnswer(app);
    const { db } = app.services.database;
    // A colleague's change lands while the scans are checked.
    const { attachments } = app.services;
    const checkScans = attachments.checkScans.bind(attachments);
    t.mock.method(attachments, 'checkScans', async (...args: Parameters<typeof checkScans>) => {
      await db
        .updateTable('application')
        .set((eb) => ({ row_version: eb('row_version', '+', 1) }))
        .where('id', '=', sent.id)
        .execute();
      return checkScans(...args);
    });
    const rowsBefore = await auditRowsOf(db, sent.id);

    const stale = await sendPostAnswer(agent, page.$, { 'Boende – Postnummer': '543 21' });
    assert.equal(stale.response.status, 409);
    assert.match(textOf(stale.$, '#error-summary'), /Någon annan ändrade ärendet samtidigt/);
    assert.equal(fieldByLabel(stale.$, 'Boende – Postnummer').val(), '543 21');
    const rowsAfter = await auditRowsOf(db, sent.id);
    const refusedChanges = (rows: typeof rowsAfter) =>
      rows.filter((row) => row.action === 'change' && row.outcome === 'invalid').length;
    assert.equal(rowsAfter.length, rowsBefore.length + 1);
    assert.equal(refusedChanges(rowsAfter), refusedChanges(rowsBefore) + 1);
    const stored = await db
      .selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'komplettering-begard');
  });

  it('a letter to an application without a whole address: the caseworker is told it may not arrive', async () => {
    const { casePath, caseworker, sent } = await paperCaseUnderHandling(testApp());
    const { db } = testApp().services.database;
    const row = await db
      .selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(row.snapshot) as {
      answers: Record<string, Record<string, unknown>>;
    };
    // As someone without a home answers: no street, no town.
    delete snapshot.answers.boende?.street;
    delete snapshot.answers.boende?.city;
    await db
      .updateTable('submission')
      .set({ snapshot: JSON.stringify(snapshot) })
      .where('application_id', '=', sent.id)
      .execute();
    await markAnswer(caseworker.agent, casePath, 'Hur bor du?', 'Skicka hyreskontraktet.');
    const { $ } = await getPage(caseworker.agent, `${casePath}/komplettering`);
    assert.match(
      textOf($, 'main'),
      /Ansökan har ingen fullständig postadress, så brevet kommer kanske inte fram\./,
    );
  });

  it('the last day of a letter leaves a week for the post, and no last day is more than two months off', async () => {
    const { casePath, caseworker } = await paperCaseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Fel postnummer.');
    const { $ } = await getPage(agent, `${casePath}/komplettering`);
    // The postal code is part of where the letter goes: the caseworker is told before writing it.
    assert.match(
      textOf($, 'main'),
      /Du har markerat en del av adressen som fel\. Brevet går ändå till adressen i ansökan: Storgatan 5 B, 123 45 Exempelby\./,
    );
    const form = buttonNamed($, 'Begär komplettering per brev').closest('form');
    const soon = await postFormOf(agent, form as never, { 'sista-dag': '2026-11-27' });
    assert.equal(soon.response.status, 400);
    assert.equal(
      messageFor(soon.$, 'Sista dag att komplettera'),
      'Sista dag måste vara minst en vecka fram, 1 december 2026 eller senare. Brevet ska hinna fram och svaret tillbaka med posten.',
    );
    assert.equal(fieldByLabel(soon.$, 'Sista dag att komplettera').val(), '2026-11-27');
    const late = await postFormOf(agent, form as never, { 'sista-dag': '2027-06-01' });
    assert.equal(
      messageFor(late.$, 'Sista dag att komplettera'),
      'Sista dag kan vara högst två månader fram, senast 23 januari 2027.',
    );
  });

  it('a request taken back (the case back to handling) ends unanswered: only the new letter waits for its answer', async () => {
    const { casePath, caseworker } = await paperCaseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Fel postnummer.');
    await requestByLetter(agent, casePath);
    const back = await changeStatus(
      agent,
      casePath,
      'Under handläggning',
      'Fel sista dag i brevet.',
    );
    assert.equal(back.response.status, 303);
    clock.advanceMinutes(5);
    await requestByLetter(agent, casePath);
    const { $ } = await getPage(agent, casePath);
    const rounds = $('#kompletteringar ~ ol > li')
      .toArray()
      .map((round) => $(round).text().replace(/\s+/g, ' '));
    assert.equal(rounds.length, 2);
    assert.match(rounds[0] ?? '', /Begäran avslutades utan svar\./);
    assert.match(rounds[1] ?? '', /Väntar på svar per post\./);
    assert.equal(linkNamed($, 'Registrera svaret').length, 1);
    assert.equal(linkNamed($, 'Brevet till den sökande (PDF)').length, 2, 'both letters kept');
    // The first letter's answer cannot be registered any more, even by a crafted post.
    const first = linkNamed($, 'Brevet till den sökande (PDF)').first().attr('href') ?? '';
    const crafted = await agent
      .post(first.replace(/brev\.pdf$/, 'svar-per-post'))
      .type('form')
      .send({ mottagen: '2026-11-24', _csrf: String($('input[name=_csrf]').first().val()) });
    assert.equal(crafted.status, 303);
    assert.match(crafted.headers.location ?? '', /postfel=notWaiting/);
  });

  it('SEC-15 SEC-16: read-only staff may print the letter but not register the answer; another municipality gets 404 for both', async (t) => {
    const { casePath, caseworker } = await paperCaseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Postnummer', 'Fel postnummer.');
    await requestByLetter(caseworker.agent, casePath);
    const { $ } = await getPage(caseworker.agent, casePath);
    const letterHref = linkNamed($, 'Brevet till den sökande (PDF)').attr('href') ?? '';
    const action = linkNamed($, 'Registrera svaret').attr('href') ?? '';
    assert.ok(action);

    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    assert.equal((await reader.agent.get(letterHref)).status, 200);
    const readerPage = await getPage(reader.agent, casePath);
    assert.equal(linkNamed(readerPage.$, 'Registrera svaret').length, 0);
    assert.equal((await reader.agent.get(action)).status, 403);
    const forbidden = await reader.agent
      .post(action)
      .type('form')
      .send({ mottagen: '2026-11-24', _csrf: String(readerPage.$('input[name=_csrf]').val()) });
    assert.equal(forbidden.status, 403);

    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    assert.equal((await elsewhere.agent.get(letterHref)).status, 404);
    assert.equal((await elsewhere.agent.get(action)).status, 404);
    const home = await getPage(elsewhere.agent, '/handlaggare');
    const outside = await elsewhere.agent
      .post(action)
      .type('form')
      .send({ mottagen: '2026-11-24', _csrf: String(home.$('input[name=_csrf]').val()) });
    assert.equal(outside.status, 404);
    assert.equal(cheerio.load(outside.text)('h1').text().trim() !== '', true);

    // Scans sent by either are refused before a byte of them is read into memory.
    const { uploadMemory } = testApp().services;
    const reserve = t.mock.method(uploadMemory, 'reserve');
    for (const [who, token, status] of [
      [reader, String(readerPage.$('input[name=_csrf]').val()), 403],
      [elsewhere, String(home.$('input[name=_csrf]').val()), 404],
    ] as const) {
      const { contentType, body } = multipartBody([
        { name: '_csrf', value: token },
        { name: 'mottagen', value: '2026-11-24' },
        { name: 'filer', filename: 'svar.pdf', bytes: await samplePdf('Svar') },
      ]);
      const sent = await who.agent.post(action).set('Content-Type', contentType).send(body);
      assert.equal(sent.status, status);
    }
    assert.equal(reserve.mock.callCount(), 0);

    // SEC-19: without its token, the post is the 403 of any other, and no refusal is logged.
    const refusals = async () =>
      (
        await testApp()
          .services.database.db.selectFrom('audit_event')
          .select('id')
          .where('outcome', '=', 'denied')
          .execute()
      ).length;
    const before = await refusals();
    const { contentType, body } = multipartBody([
      { name: 'mottagen', value: '2026-11-24' },
      { name: 'filer', filename: 'svar.pdf', bytes: await samplePdf('Svar') },
    ]);
    const forged = await elsewhere.agent.post(action).set('Content-Type', contentType).send(body);
    assert.equal(forged.status, 403);
    assert.equal(await refusals(), before);
  });
});

describe('the completion letter is a PDF like the others: limited per session', () => {
  const testApp = useTestApp({
    clock: new ManualClock('2026-11-24T08:30:00Z'),
    env: { RATE_LIMIT_PDFS_PER_SESSION: '2/10m' },
  });

  it('a third letter within the window is the Swedish 429 page with Retry-After, not another render', async () => {
    const { casePath, caseworker } = await paperCaseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte med adressen.');
    const requested = await requestByLetter(agent, casePath);
    const casePage = await getPage(agent, requested.response.headers.location as string);
    const letterHref = linkNamed(casePage.$, 'Brevet till den sökande (PDF)').attr('href') ?? '';
    for (const print of [1, 2]) {
      assert.equal((await agent.get(letterHref)).status, 200, `letter ${print}`);
    }
    const refused = await agent.get(letterHref);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.match(textOf(cheerio.load(refused.text), 'main'), /försök igen/i);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeStatus } from '../helpers/cases';
import { askForCompletion, caseUnderHandling, type CaseInHand } from '../helpers/completion';
import { buttonNamed, fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import {
  agentFor,
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  textOf,
  type Page,
  tableCells,
} from '../helpers/http';
import { loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { samplePdf } from '../helpers/sample-files';
import { submitAsBrowser, typeInto } from '../helpers/submit-as-browser';
import { useTestApp, type TestApp } from '../helpers/test-services';

/** The marked answers as the completion page names them: the question with its step. */
const POSTAL = 'Boende – Postnummer';
const STREET = 'Boende – Gatuadress';
const POSTAL_TOO_SHORT = 'Postnumret ska ha 5 siffror. Du skrev 2.';

/** A case asking the applicant for a new postal code, a new street address and a pay slip. */
async function askedForCompletion(inHand: CaseInHand) {
  return askForCompletion(inHand, {
    answers: [
      ['Postnummer', 'Stämmer inte med adressen.'],
      ['Gatuadress', 'Gatunumret saknas.'],
    ],
    papers: [['Lönebesked och beslut om ersättningar', 'Lönebesked för november saknas.']],
  });
}

/** The request's saved draft as stored: what the applicant typed and has not sent. */
async function storedDraft(testApp: TestApp, applicationId: string) {
  const row = await testApp.services.database.db
    .selectFrom('completion_request')
    .select(['draft_answers', 'draft_version'])
    .where('application_id', '=', applicationId)
    .orderBy('requested_at', 'desc')
    .executeTakeFirstOrThrow();
  return {
    answers: JSON.parse(row.draft_answers ?? 'null') as Record<string, unknown> | null,
    version: row.draft_version,
  };
}

/**
 * The rows of the case page's before/after table (question, before, after), by question: the
 * two marks were made in the same minute, so the table may list them either way.
 */
function changeRows($: Page) {
  return tableCells($, 'table.portal-changes').sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));
}

describe('answers typed on the completion page are saved as a draft until sent', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('an invalid and a valid answer are both there after a reload, with the message; an upload keeps them; the caseworker sees them only when sent', async () => {
    const inHand = await caseUnderHandling(testApp());
    const { sent, casePath, caseworker } = inHand;
    const path = await askedForCompletion(inHand);
    const first = await getPage(sent.agent, path);
    assert.match(
      textOf(first.$, 'main'),
      /Dina svar sparas när du trycker på en knapp på sidan, till exempel Spara eller Ladda upp\./,
    );
    // What happens if no answer comes is said, not left to guess.
    assert.match(
      textOf(first.$, 'main'),
      /Om du inte hör av dig kan handläggaren fatta beslut utifrån det som finns i ansökan nu\./,
    );
    const before = shownValue(first.$, STREET);
    typeInto(fieldByLabel(first.$, POSTAL), '12');
    typeInto(fieldByLabel(first.$, STREET), 'Nya gatan 3');
    const refused = await submitAsBrowser(
      sent.agent,
      first.$,
      buttonNamed(first.$, 'Skicka kompletteringen').last(),
    );
    assert.equal(refused.response.status, 400);

    const reloaded = await getPage(sent.agent, path);
    assert.equal(shownValue(reloaded.$, POSTAL), '12');
    assert.equal(shownValue(reloaded.$, STREET), 'Nya gatan 3');
    assert.equal(messageFor(reloaded.$, POSTAL), POSTAL_TOO_SHORT);
    assert.equal(messageFor(reloaded.$, STREET), '');
    assert.deepEqual(
      errorSummaryLinks(reloaded.$).map((link) => link.text),
      [`”Postnummer”: ${POSTAL_TOO_SHORT}`],
    );

    typeInto(fieldByLabel(reloaded.$, STREET), 'Nya gatan 5');
    const uploaded = await submitAsBrowser(
      sent.agent,
      reloaded.$,
      buttonNamed(reloaded.$, 'Ladda upp'),
      { filer: [{ filename: 'lönebesked.pdf', bytes: await samplePdf('Lön') }] },
    );
    assert.equal(uploaded.response.status, 303, uploaded.response.text.slice(0, 1500));
    const afterUpload = await getPage(sent.agent, uploaded.response.headers.location ?? '');
    assert.equal(shownValue(afterUpload.$, POSTAL), '12');
    assert.equal(shownValue(afterUpload.$, STREET), 'Nya gatan 5');
    assert.match(textOf(afterUpload.$, 'ul.file-item-list'), /lönebesked\.pdf/);
    assert.match(
      textOf(afterUpload.$, '[role=status]'),
      /Dina ändrade svar är sparade men inte skickade än\./,
    );

    // A draft is no change: the caseworker still waits and sees the answers as they were sent.
    const waiting = await getPage(caseworker.agent, casePath);
    assert.match(textOf(waiting.$, 'main'), /Status ?Komplettering begärd/);
    assert.doesNotMatch(textOf(waiting.$, 'main'), /Nya gatan/);
    assert.equal(waiting.$('table.portal-changes').length, 0);

    typeInto(fieldByLabel(afterUpload.$, POSTAL), '543 21');
    const done = await submitAsBrowser(
      sent.agent,
      afterUpload.$,
      buttonNamed(afterUpload.$, 'Skicka kompletteringen').last(),
    );
    assert.equal(done.response.status, 303, done.response.text.slice(0, 1500));
    assert.equal((await storedDraft(testApp(), sent.id)).answers, null, 'the draft is gone');
    const seen = await getPage(caseworker.agent, casePath);
    assert.deepEqual(changeRows(seen.$), [
      [STREET, before, 'Nya gatan 5'],
      [POSTAL, '123 45', '543 21'],
    ]);
    const gone = await sent.agent.get(path);
    assert.equal(gone.status, 303, 'nothing is asked any more');
    assert.equal(gone.headers.location, `/mina-sidor/ansokningar/${sent.id}?komplettering=ingen`);
  });

  it('"Spara utan att skicka" keeps the answers and says so; a value too long is shown with its message and never stored', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { agent } = inHand.sent;
    const { $ } = await getPage(agent, path);
    typeInto(fieldByLabel($, STREET), 'Nya gatan 3');
    const saved = await submitAsBrowser(agent, $, buttonNamed($, 'Spara utan att skicka'));
    assert.equal(saved.response.status, 303);
    const page = await getPage(agent, saved.response.headers.location ?? '');
    assert.equal(
      textOf(page.$, '[role=status]'),
      'Dina svar är sparade. De är inte skickade till handläggaren än.',
    );
    assert.equal(shownValue(page.$, STREET), 'Nya gatan 3');

    const long = 'x'.repeat(300);
    typeInto(fieldByLabel(page.$, STREET), long);
    const tooLong = await submitAsBrowser(
      agent,
      page.$,
      buttonNamed(page.$, 'Spara utan att skicka'),
    );
    assert.equal(tooLong.response.status, 400);
    assert.equal(shownValue(tooLong.$, STREET), long);
    assert.match(messageFor(tooLong.$, STREET), /är för lång: 300 tecken/);
    const stored = await storedDraft(testApp(), inHand.sent.id);
    assert.equal(stored.answers?.['boende.street'], 'Nya gatan 3');
  });

  it('"Skicka kompletteringen" with a file chosen but not uploaded sends nothing: the answers are saved and the page says what to do', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { agent } = inHand.sent;
    const { $ } = await getPage(agent, path);
    typeInto(fieldByLabel($, STREET), 'Nya gatan 3');
    // A browser sends a chosen file's name, not the file, with a button that is not "Ladda upp".
    const send = buttonNamed($, 'Skicka kompletteringen').last();
    const pressed = await submitAsBrowser(agent, $, send, {
      filer: [{ filename: 'lönebesked.pdf', bytes: await samplePdf('Lön') }],
    });
    assert.equal(pressed.response.status, 400);
    assert.deepEqual(errorSummaryLinks(pressed.$), [
      {
        text: 'Du valde lönebesked.pdf, men du tryckte inte på Ladda upp. Dina svar är sparade. Välj igen och tryck på Ladda upp.',
        href: '#upload-files',
      },
    ]);
    assert.equal(shownValue(pressed.$, STREET), 'Nya gatan 3');
    const stored = await storedDraft(testApp(), inHand.sent.id);
    assert.equal(stored.answers?.['boende.street'], 'Nya gatan 3');
    const again = await getPage(agent, path);
    assert.equal(again.response.status, 200, 'the request is still open: nothing was sent');
    assert.equal(buttonNamed(again.$, 'Skicka kompletteringen').length, 2);
  });

  it('SEC-34 session expiry on the completion page: after logging in again the saved answers are there', async () => {
    const { app, services } = testApp();
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { agent, applicant } = inHand.sent;
    const { $ } = await getPage(agent, path);
    typeInto(fieldByLabel($, POSTAL), '12');
    typeInto(fieldByLabel($, STREET), 'Nya gatan 3');
    await submitAsBrowser(agent, $, buttonNamed($, 'Spara utan att skicka'));

    clock.advanceMinutes(45);
    const expired = await agent.get(path);
    assert.equal(expired.status, 303);
    assert.match(expired.headers.location ?? '', /^\/logga-in/);
    await services.sessionStore.sweepExpired();

    const again = agentFor(app);
    await loginWithSms(again, services, applicant);
    const page = await getPage(again, path);
    assert.equal(shownValue(page.$, POSTAL), '12');
    assert.equal(shownValue(page.$, STREET), 'Nya gatan 3');
    assert.equal(messageFor(page.$, POSTAL), POSTAL_TOO_SHORT);
  });

  it('a second tab with an older page is refused with a message and a reload link; nothing is overwritten or sent', async () => {
    const inHand = await caseUnderHandling(testApp());
    const { sent, casePath, caseworker } = inHand;
    const path = await askedForCompletion(inHand);
    const tabA = await getPage(sent.agent, path);
    const tabB = await getPage(sent.agent, path);

    typeInto(fieldByLabel(tabA.$, STREET), 'Nya gatan 3');
    const savedA = await submitAsBrowser(
      sent.agent,
      tabA.$,
      buttonNamed(tabA.$, 'Spara utan att skicka'),
    );
    assert.equal(savedA.response.status, 303);

    typeInto(fieldByLabel(tabB.$, STREET), 'Gamla vägen 1');
    typeInto(fieldByLabel(tabB.$, POSTAL), '543 21');
    const staleSave = await submitAsBrowser(
      sent.agent,
      tabB.$,
      buttonNamed(tabB.$, 'Spara utan att skicka'),
    );
    assert.equal(staleSave.response.status, 409);
    // Told at once, as an error summary is: first in the title, and the notice takes the focus.
    assert.match(textOf(staleSave.$, 'title'), /^Fel: Komplettera din ansökan/);
    assert.equal(staleSave.$('[autofocus]').attr('id'), 'stale-notice');
    assert.equal(staleSave.$('[autofocus]').length, 1);
    const notice = textOf(staleSave.$, '#stale-notice');
    assert.match(notice, /Kompletteringen har ändrats i en annan flik/);
    assert.match(notice, /Det du gjorde här är inte sparat\./);
    assert.equal(staleSave.$('#stale-notice a').attr('href'), path);
    assert.equal(linkText(staleSave.$), 'Ladda om sidan');
    assert.equal(shownValue(staleSave.$, STREET), 'Gamla vägen 1', 'what tab B typed stays in it');

    const staleSend = await submitAsBrowser(
      sent.agent,
      tabB.$,
      buttonNamed(tabB.$, 'Skicka kompletteringen').last(),
    );
    assert.equal(staleSend.response.status, 409);
    const staleUpload = await submitAsBrowser(
      sent.agent,
      tabB.$,
      buttonNamed(tabB.$, 'Ladda upp'),
      {
        filer: [{ filename: 'lön.pdf', bytes: await samplePdf() }],
      },
    );
    assert.equal(staleUpload.response.status, 409);

    const reloaded = await getPage(sent.agent, path);
    assert.equal(shownValue(reloaded.$, STREET), 'Nya gatan 3', "tab A's save stands");
    assert.equal(shownValue(reloaded.$, POSTAL), '123 45');
    assert.equal(reloaded.$('ul.file-item-list').length, 0, 'the stale upload stored no file');
    const waiting = await getPage(caseworker.agent, casePath);
    assert.match(textOf(waiting.$, 'main'), /Status ?Komplettering begärd/);

    // Having read the message, pressing again on the page shown saves what it shows.
    const knowingly = await submitAsBrowser(
      sent.agent,
      staleSave.$,
      buttonNamed(staleSave.$, 'Spara utan att skicka'),
    );
    assert.equal(knowingly.response.status, 303);
    const last = await getPage(sent.agent, path);
    assert.equal(shownValue(last.$, STREET), 'Gamla vägen 1');
  });

  it('SEC-17 an answer posted for a question that is not marked is ignored: never saved, never sent', async () => {
    const inHand = await caseUnderHandling(testApp());
    const { sent, casePath, caseworker } = inHand;
    const path = await askedForCompletion(inHand);
    const { $ } = await getPage(sent.agent, path);
    const posted = await sent.agent
      .post(path)
      .type('form')
      .send({
        _csrf: csrfTokenOf($),
        _answers: '1',
        _version: String($('input[name="_version"]').val()),
        _action: 'spara',
        'boende.postalCode': '543 21',
        'boende.street': 'Nya gatan 3',
        'om-dig.firstName': 'Mallory',
        status: 'beviljad',
        municipalityId: '9902',
      });
    assert.equal(posted.status, 303);
    const stored = await storedDraft(testApp(), sent.id);
    assert.deepEqual(Object.keys(stored.answers ?? {}).sort(), [
      'boende.postalCode',
      'boende.street',
    ]);

    const page = await getPage(sent.agent, path);
    await submitAsBrowser(sent.agent, page.$, buttonNamed(page.$, 'Ladda upp'), {
      filer: [{ filename: 'lön.pdf', bytes: await samplePdf() }],
    });
    const ready = await getPage(sent.agent, path);
    const done = await submitAsBrowser(
      sent.agent,
      ready.$,
      buttonNamed(ready.$, 'Skicka kompletteringen').last(),
    );
    assert.equal(done.response.status, 303, done.response.text.slice(0, 1500));
    const seen = await getPage(caseworker.agent, casePath);
    assert.doesNotMatch(textOf(seen.$, 'main'), /Mallory/);
    assert.deepEqual(
      changeRows(seen.$).map(([question]) => question),
      [STREET, POSTAL],
    );
    assert.match(textOf(seen.$, 'main'), /Status ?Kompletterad/);
  });

  it('the draft and its files are the applicant’s until sent: staff never see them, and they go when the caseworker takes the request back', async () => {
    const inHand = await caseUnderHandling(testApp());
    const { sent, casePath, caseworker } = inHand;
    const path = await askedForCompletion(inHand);
    const { $ } = await getPage(sent.agent, path);
    typeInto(fieldByLabel($, STREET), 'Nya gatan 3');
    await submitAsBrowser(sent.agent, $, buttonNamed($, 'Spara utan att skicka'));
    assert.equal((await storedDraft(testApp(), sent.id)).answers?.['boende.street'], 'Nya gatan 3');
    const page = await getPage(sent.agent, path);
    await submitAsBrowser(sent.agent, page.$, buttonNamed(page.$, 'Ladda upp'), {
      filer: [{ filename: 'fel-fil-privat.pdf', bytes: await samplePdf('Privat') }],
    });
    const uploaded = await testApp()
      .services.database.db.selectFrom('attachment')
      .select('id')
      .where('application_id', '=', sent.id)
      .where('name', '=', 'fel-fil-privat.pdf')
      .executeTakeFirstOrThrow();

    const seen = await getPage(caseworker.agent, casePath);
    assert.doesNotMatch(textOf(seen.$, 'main'), /fel-fil-privat/);
    const download = await caseworker.agent.get(`${casePath}/bilagor/${uploaded.id}`);
    assert.equal(download.status, 404, 'not sent: not the caseworker’s to open');

    const moved = await changeStatus(caseworker.agent, casePath, 'Under handläggning');
    assert.equal(moved.response.status, 303);
    assert.equal((await storedDraft(testApp(), sent.id)).answers, null);
    // Taken back: nothing to answer, which the application's page says.
    assert.equal(
      (await sent.agent.get(path)).headers.location,
      `/mina-sidor/ansokningar/${sent.id}?komplettering=ingen`,
    );
    const left = await testApp()
      .services.database.db.selectFrom('attachment')
      .select('id')
      .where('id', '=', uploaded.id)
      .execute();
    assert.deepEqual(left, [], 'the unsent file went with the request');
  });
});

/** The text of the stale notice's link. */
function linkText($: Page) {
  return $('#stale-notice a').text().trim();
}

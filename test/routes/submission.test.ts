import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { load } from 'cheerio';
import {
  answersFor,
  downloadPdf,
  familyAnswers,
  familyAnswersOf,
  fillApplication,
  fillSteps,
  fixedClock,
  postStep,
  rowVersionOf,
  sendFromReview,
  startNewApplication,
} from '../helpers/application';
import { uploadFiles } from '../helpers/attachments';
import { agentFor, csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { fieldByLabel } from '../helpers/fields';
import { createApplicant, loginWithSms, type TestApplicant } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { useTestApp, type TestApp } from '../helpers/test-services';

const REVIEW = '/ansokan/ekonomiskt-bistand/granska';

async function loggedInWithDraft(testApp: TestApp) {
  const { app, services } = testApp;
  const applicant = await createApplicant(services);
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  await fillSteps(agent, familyAnswersOf(applicant.personnummer));
  return { agent, applicant };
}

/** A logged-in applicant whose new draft has its first three steps answered. */
async function loggedInWithThreeSteps(testApp: TestApp) {
  const { app, services } = testApp;
  const applicant = await createApplicant(services);
  const agent = agentFor(app);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  await fillSteps(agent, familyAnswersOf(applicant.personnummer).slice(0, 3));
  return { app, services, applicant, agent };
}

describe('electronic submission', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('a logged-in applicant fills in, uploads two attachments, sends, and gets a receipt and a copy marked as sent electronically', async () => {
    const { services } = testApp();
    const { agent } = await loggedInWithDraft(testApp());
    const uploaded = await uploadFiles(agent, [
      { filename: 'kontoutdrag.pdf', bytes: await samplePdf() },
      { filename: 'hyresavi.png', bytes: samplePng() },
    ]);
    assert.equal(uploaded.response.status, 303);
    const { $ } = await getPage(agent, REVIEW);
    assert.match(textOf($, 'main'), /Uppladdade filer.*kontoutdrag\.pdf/);
    assert.match(textOf($, 'main'), /Uppladdade filer.*hyresavi\.png/);
    assert.equal(textOf($, '#submit-heading'), 'Skicka in ansökan');
    assert.match(textOf($, '.portal-submit'), /skickar vi ansökan till Exempelby kommun/);

    const sent = await sendFromReview(agent);
    assert.equal(sent.status, 303);
    assert.match(
      sent.headers.location ?? '',
      /^\/mina-sidor\/ansokningar\/[0-9a-f-]{36}\?skickad=1$/,
    );
    const receipt = await getPage(agent, sent.headers.location ?? '');
    assert.equal(textOf(receipt.$, 'h1'), 'Ansökan är inskickad');
    const rows = Object.fromEntries(
      receipt
        .$('.portal-summary__row')
        .toArray()
        .map((row) => [
          receipt.$(row).find('dt').text().trim(),
          receipt.$(row).find('dd').text().trim(),
        ]),
    );
    assert.match(rows.Kvittonummer ?? '', /^EB-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    assert.equal(rows.Inskickad, '24 november 2026 kl. 09.30');
    assert.equal(rows.Kommun, 'Exempelby kommun');
    assert.match(textOf(receipt.$, 'main'), /Vad händer nu\?/);

    const applicationId = (sent.headers.location ?? '').split('?')[0]?.split('/').pop() ?? '';
    const stored = await services.database.db
      .selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', applicationId)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(stored.snapshot) as { attachments: { sha256: string }[] };
    assert.equal(snapshot.attachments.length, 2);
    for (const file of snapshot.attachments) assert.match(file.sha256, /^[0-9a-f]{64}$/);

    const mine = await getPage(agent, '/mina-sidor');
    assert.match(
      textOf(mine.$, 'main'),
      /Inskickade ansökningar.*Ansökan om ekonomiskt bistånd.*Väntar på att din medsökande bekräftar/,
    );
    assert.match(
      textOf(mine.$, 'main'),
      /Här finns inget just nu. En ansökan som du har börjat på men inte skickat in visas här./,
    );

    const skip = popplerSkipReason();
    if (skip) return;
    const copyHref = receipt.$('a:contains("Ladda ner en kopia")').attr('href') ?? '';
    const copy = await downloadPdf(agent, copyHref);
    assert.equal(copy.status, 200);
    const text = pdfText(copy.body as Buffer);
    assert.match(
      text,
      /Inskickad elektroniskt 24 november 2026 kl\. 09\.30, inloggad med lösenord\s+och SMS-kod/,
    );
    assert.match(text, new RegExp(rows.Kvittonummer ?? 'none'));
    assert.doesNotMatch(text, /Inte underskriven/);
    assert.match(text, /Łukasz/);
    const sentFiles = text.split('Filer som skickades med')[1] ?? '';
    assert.match(sentFiles, /•\s+kontoutdrag\.pdf/);
    assert.match(sentFiles, /•\s+hyresavi\.png/);
  });

  it("an application sent with an account is in its owner's name: another personnummer is refused with a way to fix it", async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    await startNewApplication(agent);
    await fillSteps(agent, familyAnswers.slice(0, 1));
    const own = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal(
      own.$('input[name="personnummer"]').val(),
      `${applicant.personnummer.slice(0, 8)}-${applicant.personnummer.slice(8)}`,
    );
    // Someone else's personnummer typed over one's own.
    await fillSteps(agent, familyAnswers.slice(1));
    const refused = await sendFromReview(agent);
    assert.equal(refused.status, 303);
    assert.equal(refused.headers.location, `${REVIEW}?fel=identitet`);
    const { $ } = await getPage(agent, `${REVIEW}?fel=identitet`);
    assert.match(textOf($, '#stoppad'), /Personnumret under Om dig är inte ditt/);
    assert.match($('title').text(), /^Fel: Granska ansökan/);
    assert.equal($('[autofocus]').attr('id'), 'stoppad');
    assert.equal($('#stoppad a').attr('href'), '/ansokan/ekonomiskt-bistand/om-dig?granska=1');
    const sent = await services.database.db.selectFrom('submission').selectAll().execute();
    const [record] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.ok(record);
    assert.equal(record.status, 'draft');
    assert.ok(sent.every((row) => row.application_id !== record.id));
  });

  it('sent from a review page older than a change in another tab: not sent, and the page says so and why', async () => {
    const { services } = testApp();
    const { agent, applicant } = await loggedInWithDraft(testApp());
    const old = await getPage(agent, REVIEW);
    const form = old.$('#submit-heading').closest('section').find('form');
    // The other tab saves a step: the old page's version is behind now.
    const answers = familyAnswersOf(applicant.personnummer);
    const meddelande = answersFor('meddelande', answers);
    await postStep(agent, 'meddelande', { ...meddelande, message: 'Ändrat i en annan flik.' });
    const stale = await agent
      .post(String(form.attr('action')))
      .type('form')
      .send({
        _csrf: csrfTokenOf(old.$),
        _version: String(form.find('input[name="_version"]').val()),
      });
    assert.equal(stale.status, 303);
    const { $ } = await getPage(agent, stale.headers.location ?? '');
    assert.equal($('[autofocus]').attr('id'), 'inte-skickad');
    assert.equal(
      textOf($, '#inte-skickad'),
      'Ansökan är inte skickad än Ansökan ändrades efter att du öppnade den här sidan, kanske i en ' +
        'annan flik. Läs svaren en gång till och se att de stämmer. Skicka sedan ansökan längst ner ' +
        'på sidan. Gå till Skicka in ansökan',
    );
    assert.equal($('#inte-skickad a').attr('href'), '#submit-heading');
    assert.match(textOf($, 'main'), /Ändrat i en annan flik\./);
    const [record] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.equal(record?.status, 'draft');
    // Without the stale post, the page says nothing of it.
    const plain = await getPage(agent, REVIEW);
    assert.equal(plain.$('#inte-skickad').length, 0);
    assert.doesNotMatch(plain.$('title').text(), /^Fel/);
  });

  it('SEC-31 double submit: ten parallel posts make exactly one submission, and all lead to the same receipt', async () => {
    const { services } = testApp();
    const { agent } = await loggedInWithDraft(testApp());
    const { $ } = await getPage(agent, REVIEW);
    const form = $('form[action="/ansokan/ekonomiskt-bistand/skicka"]');
    const fields = {
      _csrf: String(form.find('input[name="_csrf"]').val()),
      _version: String(form.find('input[name="_version"]').val()),
    };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        agent.post('/ansokan/ekonomiskt-bistand/skicka').type('form').send(fields),
      ),
    );
    const targets = new Set(responses.map((response) => response.headers.location?.split('?')[0]));
    assert.deepEqual(
      responses.map((response) => response.status),
      Array.from({ length: 10 }, () => 303),
    );
    assert.equal(targets.size, 1);
    const applicationId = [...targets][0]?.split('/').pop() ?? '';
    const submissions = await services.database.db
      .selectFrom('submission')
      .selectAll()
      .where('application_id', '=', applicationId)
      .execute();
    assert.equal(submissions.length, 1);
    const events = await services.database.db
      .selectFrom('application_event')
      .selectAll()
      .where('application_id', '=', applicationId)
      .execute();
    assert.deepEqual(
      events.map((event) => [event.from_status, event.to_status]),
      [['draft', 'inkommen']],
    );
  });

  it('SEC-31 a copy that cannot be made right away (a full PDF queue) never makes a sent application look unsent', async () => {
    const { services } = testApp();
    const { agent } = await loggedInWithDraft(testApp());
    const render = services.pdfRenderer.render.bind(services.pdfRenderer);
    services.pdfRenderer.render = () => Promise.reject(new Error('queue full'));
    let sent;
    try {
      sent = await sendFromReview(agent);
    } finally {
      services.pdfRenderer.render = render;
    }
    assert.equal(sent.status, 303);
    assert.match(sent.headers.location ?? '', /^\/mina-sidor\/ansokningar\/.*\?skickad=1$/);
    const receiptPath = sent.headers.location?.split('?')[0] ?? '';
    const copy = await downloadPdf(agent, `${receiptPath}/kopia.pdf`);
    assert.equal(copy.status, 200);
    assert.equal((copy.body as Buffer).subarray(0, 5).toString(), '%PDF-');
  });

  it("the receipt's phone number is a link to tap and call, as the footer's is", async () => {
    const { agent } = await loggedInWithDraft(testApp());
    const sent = await sendFromReview(agent);
    const { $ } = await getPage(agent, sent.headers.location ?? '');
    const contact = $('main p')
      .filter((_, paragraph) => $(paragraph).text().startsWith('Har du frågor? Ring'))
      .first();
    assert.equal(contact.text(), 'Har du frågor? Ring Exempelby kommun: 0123-456 00.');
    const call = contact.find('a');
    assert.equal(call.text(), '0123-456 00');
    assert.equal(call.attr('href'), 'tel:012345600');
    assert.equal(
      $('footer a')
        .filter((_, a) => $(a).text() === '0123-456 00')
        .attr('href'),
      'tel:012345600',
    );
  });

  it('the receipt names the papers the answers call for that were not ticked as sent, and where to send them', async () => {
    const { agent } = await loggedInWithDraft(testApp());
    const sent = await sendFromReview(agent);
    const { $ } = await getPage(agent, sent.headers.location ?? '');
    const box = $('#missing-papers');
    assert.equal(
      box.children('p').first().text(),
      'Utifrån dina svar behöver handläggaren de här papperen. Du kryssade inte i att du skickar dem:',
    );
    const listed = box
      .find('li')
      .toArray()
      .map((item) => $(item).text().trim());
    assert.ok(listed.length > 0);
    // The family ticked these two as sent with it: not asked for again.
    assert.ok(!listed.includes('Hyresavi eller hyreskontrakt'), listed.join(' | '));
    assert.ok(!listed.some((item) => item.startsWith('Kontoutdrag')), listed.join(' | '));
    assert.equal(box.find('a').attr('href'), '#meddelanden');
    assert.equal($('#meddelanden').length, 1);
    assert.equal($('dt:contains("Filer du skickade med")').next('dd').text().trim(), 'Inga');
  });

  it('the receipt lists the files sent, and says papers not ticked may be among them', async () => {
    const { agent } = await loggedInWithDraft(testApp());
    await uploadFiles(agent, [{ filename: 'hyresavi-foto.png', bytes: samplePng() }]);
    const sent = await sendFromReview(agent);
    const { $ } = await getPage(agent, sent.headers.location ?? '');
    const files = $('dt:contains("Filer du skickade med")').next('dd');
    assert.deepEqual(
      files
        .find('li')
        .toArray()
        .map((item) => $(item).text().trim()),
      ['hyresavi-foto.png'],
    );
    assert.equal(
      $('#missing-papers').children('p').first().text(),
      'Utifrån dina svar behöver handläggaren de här papperen. Du kryssade inte i att du skickar dem. Finns de bland filerna du skickade med behöver du inte göra något:',
    );
  });

  it('a sent application never changes: posting a step again changes nothing', async () => {
    const { services } = testApp();
    const { agent, applicant } = await loggedInWithDraft(testApp());
    const sent = await sendFromReview(agent);
    const id = sent.headers.location?.split('?')[0]?.split('/').pop() ?? '';
    const before = await services.applications.find(
      { kind: 'applicant', userId: applicant.account.id },
      id,
    );
    const step = await agent
      .post('/ansokan/ekonomiskt-bistand/meddelande')
      .type('form')
      .send({ message: 'ändrat efteråt', _version: String(before?.rowVersion) });
    assert.notEqual(step.status, 500);
    const after = await services.applications.find(
      { kind: 'applicant', userId: applicant.account.id },
      id,
    );
    assert.deepEqual(after?.draft, before?.draft);
    assert.equal(after?.status, 'inkommen');
  });

  it('"back" from the receipt to the review page leads to the receipt again, saying it is sent', async () => {
    const { agent } = await loggedInWithDraft(testApp());
    const sent = await sendFromReview(agent);
    const receipt = sent.headers.location?.split('?')[0] ?? '';
    const back = await agent.get('/ansokan/ekonomiskt-bistand/granska');
    assert.equal(back.status, 303);
    assert.equal(back.headers.location, `${receipt}?redan=1`);
    const { $ } = await getPage(agent, back.headers.location);
    assert.equal(
      textOf($, '[role="status"]:first-of-type'),
      'Den här ansökan är redan skickad. Du kan inte ändra den längre. Om något har ändrats kan du skriva ett meddelande till din handläggare.',
    );
    assert.match(textOf($, 'h1'), /^Ansökan om ekonomiskt bistånd/);
  });

  it("SEC-14 IDOR: applicant B gets 404 for A's receipt, copy and draft", async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInWithDraft(testApp());
    const sent = await sendFromReview(agent);
    const receiptPath = sent.headers.location?.split('?')[0] ?? '';
    const other: TestApplicant = await createApplicant(services);
    const intruder = agentFor(app);
    await loginWithSms(intruder, services, other);
    assert.equal((await intruder.get(receiptPath)).status, 404);
    assert.equal((await intruder.get(`${receiptPath}/kopia.pdf`)).status, 404);

    const { agent: owner2 } = await loggedInWithDraft(testApp());
    const mine = await getPage(owner2, '/mina-sidor');
    const continueAction = mine.$('form[action$="/fortsatt"]').attr('action') ?? '';
    const { $ } = await getPage(intruder, '/mina-sidor');
    const steal = await intruder
      .post(continueAction)
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(steal.status, 404);
  });

  it('SEC-17 mass assignment: status, municipality, role and assignee posted with a step are ignored', async () => {
    const { services } = testApp();
    const { agent, applicant } = await loggedInWithDraft(testApp());
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/meddelande');
    await agent
      .post('/ansokan/ekonomiskt-bistand/meddelande')
      .type('form')
      .send({
        message: 'Hej',
        status: 'beviljad',
        municipalityId: '9902',
        municipalityCode: '9902',
        role: 'admin',
        assignee: 'someone',
        ownerId: 'x',
        _csrf: csrfTokenOf($),
        _version: rowVersionOf($),
      });
    const [record] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.ok(record);
    assert.equal(record.status, 'draft');
    assert.equal(record.municipalityCode, '9901');
    assert.equal(record.ownerId, applicant.account.id);
    assert.deepEqual(Object.keys(record.draft.input.meddelande ?? {}), ['message']);
  });
});

describe('drafts of logged-in applicants', () => {
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  const testApp = useTestApp({ clock });

  it("an anonymous draft started before logging in is offered after login and becomes the applicant's own", async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await fillApplication(agent, familyAnswersOf(applicant.personnummer).slice(0, 2));
    const done = await loginWithSms(agent, services, applicant);
    assert.match(done.headers.location ?? '', /^\/mina-sidor\?fortsatt=/);
    const { $ } = await getPage(agent, done.headers.location ?? '');
    assert.match(textOf($, 'main'), /Vill du fortsätta med ansökan du började på\?/);
    const [record] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.equal(record?.draft.input['om-dig']?.firstName, 'Łukasz');
    const resume = await agent
      .post($('form[action$="/fortsatt"]').attr('action') ?? '')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(resume.headers.location, '/ansokan/ekonomiskt-bistand/medsokande');
  });

  it('SEC-14 a draft someone else left in the browser is not handed to the next person who logs in: it is deleted, and Mina sidor says so', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    // Another person, on a shared computer, gets as far as their own personnummer and leaves.
    await fillApplication(agent, familyAnswers.slice(0, 2));
    const done = await loginWithSms(agent, services, applicant);
    assert.equal(done.headers.location, '/mina-sidor?annans-utkast=raderat');
    const { $ } = await getPage(agent, '/mina-sidor?annans-utkast=raderat');
    assert.equal(
      textOf($, '.message-box[role=status]'),
      'En påbörjad ansökan med en annan persons personnummer fanns i den här webbläsaren. Vi har tagit bort den, så att ingen annan kan läsa den.',
    );
    assert.doesNotMatch(textOf($, 'main'), /Łukasz|fortsätta med ansökan du började på/);
    const owned = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.deepEqual(owned, []);
    const left = await services.database.db
      .selectFrom('application')
      .select('id')
      .where('owner_id', 'is', null)
      .execute();
    assert.deepEqual(left, [], "the other person's answers are gone");
    // The form starts afresh for the one logged in.
    const form = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.doesNotMatch(form.response.text, /Łukasz/);
  });

  it('SEC-34 session expiry mid-form: after logging in again the draft is intact', async () => {
    const { app, services, applicant, agent } = await loggedInWithThreeSteps(testApp());
    clock.advanceMinutes(45);
    const expired = await agent.get('/mina-sidor');
    assert.equal(expired.status, 303);
    assert.match(expired.headers.location ?? '', /^\/logga-in/);
    await services.sessionStore.sweepExpired();

    const again = agentFor(app);
    await loginWithSms(again, services, applicant);
    const { $ } = await getPage(again, '/mina-sidor');
    assert.match(textOf($, 'main'), /Ansökningar som inte är inskickade.*Senast sparad/);
    const resume = await again
      .post($('form[action$="/fortsatt"]').attr('action') ?? '')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(resume.headers.location, '/ansokan/ekonomiskt-bistand/barn');
    const step = await getPage(again, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal(step.$('input[name="firstName"]').val(), 'Łukasz');
  });

  it('a logged-in applicant who comes back through the start page continues the open draft, not a second one', async () => {
    const { app, services, applicant } = await loggedInWithThreeSteps(testApp());

    const again = agentFor(app);
    await loginWithSms(again, services, applicant);
    const start = await again.get('/ansokan/ekonomiskt-bistand');
    assert.equal(start.headers.location, '/ansokan/ekonomiskt-bistand/barn');
    const step = await getPage(again, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal(step.$('input[name="firstName"]').val(), 'Łukasz');
    await fillSteps(again, familyAnswersOf(applicant.personnummer).slice(3, 4));
    const owned = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.equal(owned.filter((record) => record.status === 'draft').length, 1);
  });

  it('the start page, logged in: the way to Mina sidor, no second login, and no other municipality for the draft', async () => {
    const { services, applicant, agent } = await loggedInWithThreeSteps(testApp());
    const { $ } = await getPage(agent, '/');
    assert.equal(
      textOf($, 'main h2.heading--h2:last-of-type'),
      `Du är inloggad som ${applicant.account.name}`,
    );
    assert.equal($('main a[href="/mina-sidor"]').text().trim(), 'Mina sidor');
    assert.equal($('main a[href="/logga-in"]').length, 0);
    assert.equal($('main a[href="/kommun"]').length, 0);
    // An old page or a bookmark that still posts another municipality moves nothing.
    const token = csrfTokenOf($);
    const moved = await agent.post('/kommun').type('form').send({ kommun: '9902', _csrf: token });
    assert.equal(moved.status, 303);
    assert.equal((await agent.get('/kommun')).headers.location, '/ansokan');
    const [draft] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.equal(draft?.municipalityCode, '9901');
    const header = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.match(textOf(header.$, 'body'), /Exempelby kommun/);
    assert.doesNotMatch(textOf(header.$, 'body'), /Provsala/);
  });

  it("a new application can start from last month's answers, asking what has changed", async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    await startNewApplication(agent);
    await fillSteps(agent, familyAnswersOf(applicant.personnummer));
    await sendFromReview(agent);
    const next = await startNewApplication(agent, 'forra');
    assert.equal(next.headers.location, '/ansokan/ekonomiskt-bistand/period?forra=1');
    const period = await getPage(agent, '/ansokan/ekonomiskt-bistand/period?forra=1');
    assert.match(textOf(period.$, 'main'), /Har något ändrats sedan förra månaden\?/);
    await fillSteps(agent, familyAnswers.slice(0, 1));
    const about = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal(about.$('input[name="firstName"]').val(), answersFor('om-dig').firstName);
    assert.equal(
      about.$('input[name="personnummer"]').val(),
      `${applicant.personnummer.slice(0, 8)}-${applicant.personnummer.slice(8)}`,
    );
    const owned = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.equal(owned.length, 2);
  });

  it("a new application from last month's answers keeps each cost but asks its due date again", async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    await startNewApplication(agent);
    await fillSteps(agent, familyAnswersOf(applicant.personnummer));
    await sendFromReview(agent);
    await startNewApplication(agent, 'forra');
    const answers = familyAnswersOf(applicant.personnummer);
    await fillSteps(
      agent,
      answers.slice(
        0,
        answers.findIndex(([stepId]) => stepId === 'kostnader'),
      ),
    );

    const costs = await getPage(agent, '/ansokan/ekonomiskt-bistand/kostnader');
    for (const [row, amount] of [
      ['Kostnad 1', '7 850'],
      ['Kostnad 2', '450'],
    ] as const) {
      assert.equal(fieldByLabel(costs.$, 'Belopp i kronor', { within: row }).val(), amount);
      assert.equal(fieldByLabel(costs.$, 'Sista betalningsdag', { within: row }).val(), '');
    }
    // Said before Nästa, not found out from five errors after it.
    assert.match(
      textOf(costs.$, 'main'),
      /Skriv sista betalningsdag för varje kostnad\. Datumet är nytt för varje räkning, så vi har inte fyllt i det\./,
    );
    // Last month's date is never sent unnoticed: the step asks for this month's.
    const sent = await postStep(agent, 'kostnader', {
      'costs.0.type': 'hyra',
      'costs.0.amount': '7 850',
      'costs.1.type': 'el',
      'costs.1.amount': '450',
    });
    assert.equal(sent.status, 400);
    const $ = load(sent.text);
    assert.deepEqual(
      errorSummaryLinks($).map((link) => link.text),
      [
        'Kostnad 1: Du har inte fyllt i ”Sista betalningsdag”.',
        'Kostnad 2: Du har inte fyllt i ”Sista betalningsdag”.',
      ],
    );
    // With the errors, the summary says it: the notice is not said twice.
    assert.doesNotMatch(textOf($, 'main'), /Datumet är nytt för varje räkning/);
  });

  it('the review page says when the same month was applied for already, with the earlier receipt', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    await startNewApplication(agent);
    await fillSteps(agent, familyAnswersOf(applicant.personnummer));
    const first = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(first.$('#same-month').length, 0, 'nothing sent for the month yet');
    const sent = await sendFromReview(agent);
    const receipt = await getPage(agent, sent.headers.location ?? '');
    const receiptNumber = /EB-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(textOf(receipt.$, 'main'))?.[0];
    assert.ok(receiptNumber);

    await startNewApplication(agent, 'forra');
    await fillSteps(agent, familyAnswersOf(applicant.personnummer));
    const again = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(textOf(again.$, '#same-month h3'), 'Du har redan sökt för den här månaden');
    assert.match(
      textOf(again.$, '#same-month p'),
      new RegExp(
        `^Du skickade en ansökan för december 2026 den \\d+ \\S+ 2026 \\(kvittonummer ${receiptNumber}\\)\\.`,
      ),
    );
    // A warning, not a wall: the button is still there.
    assert.equal(again.$('form[action="/ansokan/ekonomiskt-bistand/skicka"] button').length, 1);
  });
});

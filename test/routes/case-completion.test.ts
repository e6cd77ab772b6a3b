import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerRow,
  askForCompletion,
  caseUnderHandling,
  listedMarks,
  markAnswer,
  markMissingFile,
  postFormOf,
  requestCompletion,
} from '../helpers/completion';
import { uploadFormOf } from '../helpers/attachments';
import {
  buttonNamed,
  checkboxNamed,
  choiceGroup,
  descriptionOf,
  fieldByLabel,
} from '../helpers/fields';
import {
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  submitForm,
  textOf,
  tableCells,
} from '../helpers/http';
import { loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody } from '../helpers/multipart';
import { submitAsBrowser } from '../helpers/submit-as-browser';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { loginStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';
import { formatPersonnummer } from '../../forms/format';

/** A marked answer on the applicant's completion page: the question with its step. */
const POSTAL_ON_PAGE = 'Boende – Postnummer';

describe('marking wrong answers and asking for completion', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a caseworker marks an answer and a missing document, asks for completion; the applicant fixes it; the caseworker sees before/after and clears', async () => {
    const { services } = testApp();
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;

    const marked = await markAnswer(
      agent,
      casePath,
      'Postnummer',
      'Postnumret stämmer inte med adressen.',
    );
    assert.equal(marked.response.status, 303);
    const afterMark = await getPage(agent, marked.response.headers.location ?? '');
    assert.equal(textOf(afterMark.$, '.portal-marks [role=status]'), 'Markeringen är sparad.');
    const row = answerRow(afterMark.$, 'Postnummer');
    assert.ok(row.hasClass('portal-marked'), 'the marked answer has a red frame');
    assert.match(
      textOf(afterMark.$, '.portal-marked'),
      /Fel: Postnumret stämmer inte med adressen\./,
    );
    assert.equal(row.find('form').length, 0, 'a marked answer is not offered for marking again');

    clock.advanceMinutes(1);
    await markMissingFile(
      agent,
      casePath,
      'Lönebesked och beslut om ersättningar',
      'Lönebesked för november saknas.',
    );
    const twice = await markAnswer(agent, casePath, 'Gatuadress', '   ');
    const refusedPage = await getPage(agent, twice.response.headers.location ?? '');
    assert.equal(
      answerRow(refusedPage.$, 'Gatuadress').find('.label__message--error').text().trim(),
      'Skriv varför svaret på ”Boende – Gatuadress” är fel.',
    );
    assert.deepEqual(
      listedMarks(refusedPage.$).map(({ label, open }) => [label, open]),
      [
        ['Boende – Postnummer', true],
        ['Lönebesked och beslut om ersättningar', true],
      ],
    );

    clock.advanceMinutes(5);
    const requested = await requestCompletion(agent, casePath, {
      message: 'Hör av dig om du har frågor.',
    });
    assert.equal(requested.response.status, 303, requested.response.text.slice(0, 2000));
    const afterRequest = await getPage(agent, requested.response.headers.location ?? '');
    assert.match(textOf(afterRequest.$, 'main'), /Status ?Komplettering begärd/);
    assert.match(
      textOf(afterRequest.$, '.portal-marks'),
      /Begärd 24 november 2026 kl\. 09\.36 av Personal \d+, sista dag 1 december 2026\. Väntar på den sökande\./,
    );

    const sms = await services.smsOutbox?.latestTo(sent.applicant.mobile);
    assert.equal(
      sms?.text,
      'Din kommun behöver fler uppgifter för din ansökan. Logga in på Mina sidor. /Exempelby kommun',
    );
    for (const personal of [
      sent.applicant.personnummer,
      'Łukasz',
      'Øvergård',
      'Postnummer',
      'Lönebesked',
    ]) {
      assert.ok(!sms.text.includes(personal), `the SMS holds no personal data (${personal})`);
    }

    // The applicant: Mina sidor says so, the completion page shows what and why.
    const myPages = await getPage(sent.agent, '/mina-sidor');
    assert.match(
      textOf(myPages.$, 'main'),
      /Kommunen behöver fler uppgifter .*komplettera senast 1 december 2026\./,
    );
    const pageHref = myPages
      .$('a')
      .filter((_, link) => myPages.$(link).text().startsWith('Komplettera ansökan'))
      .attr('href');
    assert.equal(pageHref, `/mina-sidor/ansokningar/${sent.id}/komplettering`);
    const page = await getPage(sent.agent, pageHref);
    assert.equal(page.response.status, 200);
    const main = textOf(page.$, 'main');
    assert.match(main, /skicka senast 1 december 2026/);
    assert.match(main, /Meddelande från din handläggare Hör av dig om du har frågor\./);
    assert.match(main, /Lönebesked och beslut om ersättningar: Lönebesked för november saknas\./);
    assert.match(main, /Därför behöver svaret ändras: Postnumret stämmer inte med adressen\./);
    assert.equal(fieldByLabel(page.$, POSTAL_ON_PAGE).val(), '123 45');
    // The reason is tied to the field, so a screen reader reads it there, then the hint.
    assert.deepEqual(descriptionOf(page.$, fieldByLabel(page.$, POSTAL_ON_PAGE)), [
      'Därför behöver svaret ändras: Postnumret stämmer inte med adressen.',
      'Fem siffror, till exempel 123 45.',
    ]);
    assert.equal(
      page.$('main input[type=text], main textarea').length,
      1,
      'only the marked answer',
    );

    // Bad input keeps what was typed and says what is wrong, in Swedish.
    const form = buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    const name = String(fieldByLabel(page.$, POSTAL_ON_PAGE).attr('name'));
    const bad = await postFormOf(sent.agent, form as never, { [name]: '123 4' });
    assert.equal(bad.response.status, 400);
    assert.deepEqual(
      errorSummaryLinks(bad.$).map((link) => link.text),
      [
        '”Postnummer”: Postnumret ska ha 5 siffror. Du skrev 4.',
        'Ladda upp papperen som kommunen har bett om. Skickar du dem med posten i stället? Kryssa då i rutan under filerna.',
      ],
    );
    assert.equal(fieldByLabel(bad.$, POSTAL_ON_PAGE).val(), '123 4');
    // The reason, then the field's own hint and message.
    assert.deepEqual(descriptionOf(bad.$, fieldByLabel(bad.$, POSTAL_ON_PAGE)), [
      'Därför behöver svaret ändras: Postnumret stämmer inte med adressen.',
      'Fem siffror, till exempel 123 45.',
      'Postnumret ska ha 5 siffror. Du skrev 4.',
    ]);

    // The missing document, uploaded from the same page.
    const upload = uploadFormOf(page.$);
    const { contentType, body } = multipartBody([
      { name: '_csrf', value: upload.token },
      { name: 'filer', filename: 'lönebesked-november.pdf', bytes: await samplePdf('Lön') },
    ]);
    const uploaded = await sent.agent
      .post(upload.action)
      .set('Content-Type', contentType)
      .send(body);
    assert.equal(uploaded.status, 303, uploaded.text.slice(0, 1000));

    clock.advanceMinutes(10);
    const again = await getPage(sent.agent, pageHref);
    assert.match(textOf(again.$, 'main'), /lönebesked-november\.pdf/);
    const sendForm = buttonNamed(again.$, 'Skicka kompletteringen').closest('form');
    const done = await postFormOf(sent.agent, sendForm as never, { [name]: '543 21' });
    assert.equal(done.response.status, 303, done.response.text.slice(0, 2000));
    const receipt = await getPage(sent.agent, done.response.headers.location ?? '');
    // Said first, before the facts: on a phone, the first thing on the screen.
    assert.equal(
      textOf(receipt.$, 'main > .message-box:first-child'),
      'Tack! Kompletteringen är skickad till din handläggare.',
    );
    assert.match(
      textOf(receipt.$, 'main'),
      /Du har skickat fler uppgifter – väntar på handläggare/,
    );
    // The file sent with the completion is listed on its own, apart from those sent first.
    const completionFiles = receipt
      .$('dt')
      .filter((_, term) => receipt.$(term).text() === 'Filer du skickade med kompletteringen')
      .next('dd');
    assert.equal(completionFiles.text().trim(), 'lönebesked-november.pdf');
    // What was asked stays to read, with when the answer came.
    assert.match(
      textOf(receipt.$, 'main'),
      /Kompletteringar Din handläggare bad om fler uppgifter den \d+ \w+ 2026\. Ditt svar kom in den \d+ \w+ 2026\.\s*Handläggaren skrev:\s*Hör av dig om du har frågor\./,
    );
    // The link again (back, or the SMS): nothing more to complete, and the page says so.
    const gone = await sent.agent.get(pageHref);
    assert.equal(gone.status, 303);
    const told = await getPage(sent.agent, gone.headers.location ?? '');
    assert.equal(
      textOf(told.$, 'main > .message-box:first-child'),
      'Det finns ingen komplettering att svara på just nu. Har du redan skickat den? Då har din handläggare fått den.',
    );

    // The caseworker sees what changed, and clears the marks one by one.
    const seen = await getPage(agent, casePath);
    assert.match(textOf(seen.$, 'main'), /Status ?Kompletterad/);
    assert.match(
      answerRow(seen.$, 'Postnummer').text().replace(/\s+/g, ' ').trim(),
      /^Postnummer 543 21 ?Ändrad vid komplettering 24 november 2026, tidigare: 123 45 Fel: Postnumret stämmer inte med adressen\.$/,
    );
    const table = tableCells(seen.$, 'table.portal-changes');
    assert.equal(table.length, 1);
    assert.deepEqual(table[0], ['Boende – Postnummer', '123 45', '543 21']);
    assert.match(textOf(seen.$, '.portal-marks'), /Nya filer: lönebesked-november\.pdf/);
    // Under Bilagor, the files by how and when they came: the completion's last.
    const fileGroups = seen
      .$('#bilagor')
      .nextAll('h3')
      .toArray()
      .map((heading) => [
        seen.$(heading).text().trim(),
        seen
          .$(heading)
          .next('ul')
          .find('a')
          .toArray()
          .map((link) => seen.$(link).text().trim()),
      ]);
    assert.deepEqual(fileGroups.at(-1), [
      'Skickades med kompletteringen den 24 november 2026',
      ['lönebesked-november.pdf'],
    ]);
    assert.equal(await services.caseMarks.hasOpenMarks(sent.id), true);

    const clearAll = async () => {
      for (;;) {
        const { $ } = await getPage(agent, casePath);
        const button = $('.portal-marks button')
          .filter((_, one) => $(one).text().startsWith('Ta bort markering'))
          .first();
        if (button.length === 0) return;
        const cleared = await postFormOf(agent, button.closest('form') as never, {});
        assert.equal(cleared.response.status, 303);
      }
    };
    await clearAll();
    assert.equal(await services.caseMarks.hasOpenMarks(sent.id), false);
    const clearedPage = await getPage(agent, casePath);
    assert.deepEqual(
      listedMarks(clearedPage.$).map(({ open }) => open),
      [false, false],
    );
    assert.match(textOf(clearedPage.$, '.portal-marks'), /Var fel: Postnumret stämmer inte/);
    assert.match(textOf(clearedPage.$, '.portal-marks'), /Markeringen togs bort av Personal \d+/);

    // The snapshot is untouched: the answers as sent stay the "before".
    const snapshot = await services.database.db
      .selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.match(snapshot.snapshot, /"postalCode":"12345"/);
  });

  it('an answer in a group row is marked and changed; files asked for can be opened and removed; SEC-19 an upload without a token stores nothing', async () => {
    const { services } = testApp();
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const question = 'Inkomst 1: Belopp per månad i kronor';
    // Quoted alone, the row is named by its kind too.
    const ON_PAGE = 'Inkomster – Inkomst 1 (Lön): Belopp per månad i kronor';
    assert.equal(
      (await markAnswer(agent, casePath, question, 'Stämmer inte med lönebeskedet.')).response
        .status,
      303,
    );
    await markMissingFile(agent, casePath, 'Hyresavi eller hyreskontrakt', 'Hyresavin saknas.');
    const requested = await requestCompletion(agent, casePath);
    assert.equal(requested.response.status, 303);

    // The caseworker's list of marks (and the letter made from it) names the row's kind too.
    const marked = await getPage(agent, casePath);
    assert.ok(listedMarks(marked.$).some((mark) => mark.label === ON_PAGE));
    const path = `/mina-sidor/ansokningar/${sent.id}/komplettering`;
    const page = await getPage(sent.agent, path);
    assert.equal(fieldByLabel(page.$, ON_PAGE).val(), '8 450,50');

    const upload = uploadFormOf(page.$);
    const files = async () =>
      (
        await services.database.db
          .selectFrom('attachment')
          .select('id')
          .where('application_id', '=', sent.id)
          .execute()
      ).length;
    const noToken = multipartBody([{ name: 'filer', filename: 'hyra.png', bytes: samplePng() }]);
    const refused = await sent.agent
      .post(upload.action)
      .set('Content-Type', noToken.contentType)
      .send(noToken.body);
    assert.equal(refused.status, 403);
    assert.equal(await files(), 0);

    const withToken = multipartBody([
      { name: '_csrf', value: upload.token },
      { name: 'filer', filename: 'hyra.png', bytes: samplePng() },
    ]);
    const stored = await sent.agent
      .post(upload.action)
      .set('Content-Type', withToken.contentType)
      .send(withToken.body);
    assert.equal(stored.status, 303);
    const listed = await getPage(sent.agent, path);
    const link = listed.$('ul.file-item-list a').first();
    assert.equal(link.text().trim(), 'hyra.png');
    const download = await sent.agent.get(link.attr('href') ?? '');
    assert.equal(download.status, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    const removed = await submitAsBrowser(
      sent.agent,
      listed.$,
      buttonNamed(listed.$, 'Ta bort hyra.png (fil 1)'),
    );
    assert.equal(removed.response.status, 303);
    assert.equal(await files(), 0);

    const again = await sent.agent
      .post(upload.action)
      .set('Content-Type', withToken.contentType)
      .send(withToken.body);
    assert.equal(again.status, 303);
    const final = await getPage(sent.agent, path);
    const form = buttonNamed(final.$, 'Skicka kompletteringen').closest('form');
    const name = String(fieldByLabel(final.$, ON_PAGE).attr('name'));
    assert.equal(name, 'inkomster.incomes.0.amount');
    const done = await postFormOf(sent.agent, form as never, { [name]: '9 000' });
    assert.equal(done.response.status, 303, done.response.text.slice(0, 1500));

    const seen = await getPage(agent, casePath);
    const [cells] = tableCells(seen.$, 'table.portal-changes');
    assert.deepEqual(cells, [ON_PAGE, '8 450,50 kr', '9 000 kr']);
    assert.match(textOf(seen.$, '.portal-marks'), /Nya filer: hyra\.png/);
  });
});

describe('what a completion may change', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-14 personnummer and civil status can be marked but are never sent to the applicant to change; a corrected name shows in the inbox and its search', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    // The applicant's and the medsökande's personnummer, and civil status, each by its own form.
    for (const [section, question] of [
      ['om-dig', 'Personnummer'],
      ['om-dig', 'Civilstånd'],
      ['medsokande', 'Personnummer'],
    ] as const) {
      const page = await getPage(agent, casePath);
      const row = page
        .$(`#answers-${section}`)
        .closest('section')
        .find('.portal-summary__row')
        .filter((_, one) => page.$(one).children('dt').text().trim() === question);
      assert.equal(row.length, 1, `${section}: ${question}`);
      const form = row.find('form');
      assert.equal(form.length, 1, `"${question}" offers "Markera som fel"`);
      const marked = await postFormOf(agent, form as never, {
        mal: form.find('input[name=mal]').val(),
        orsak: `${question} stämmer inte.`,
      });
      assert.equal(marked.response.status, 303);
    }
    const marks = listedMarks((await getPage(agent, casePath)).$);
    assert.deepEqual(marks.map(({ label, open }) => [label, open]).sort(), [
      ['Medsökande – Personnummer', true],
      ['Om dig – Civilstånd', true],
      ['Om dig – Personnummer', true],
    ]);
    for (const mark of marks) {
      assert.match(mark.text, /kan den sökande inte ändra i en komplettering/);
    }

    // Only such marks: nothing the applicant could answer. The page says so and has no form;
    // a post from a page opened before is refused all the same, and no request is made.
    const onlyFixedPage = await getPage(agent, `${casePath}/komplettering`);
    assert.match(
      textOf(onlyFixedPage.$, 'main'),
      /De markerade svaren kan inte ändras i en komplettering .*Kontakta den sökande i stället\./,
    );
    assert.equal(buttonNamed(onlyFixedPage.$, 'Begär komplettering').length, 0);
    const onlyFixed = await submitForm(agent, `${casePath}/komplettering`, {
      'sista-dag': '2026-12-01',
      meddelande: '',
    });
    assert.equal(onlyFixed.response.status, 400);
    assert.deepEqual(
      errorSummaryLinks(onlyFixed.$).map((link) => link.text),
      [
        'De markerade svaren kan inte ändras i en komplettering (till exempel personnummer och civilstånd). Kontakta den sökande i stället.',
      ],
    );
    const anyMark = (await getPage(agent, casePath)).$('.portal-review-section form').first();

    // A first name spelt wrong is a correction: marked, fixed, and the inbox follows.
    const marked = await postFormOf(agent, anyMark as never, {
      mal: 'answer:om-dig.firstName',
      orsak: 'Stavningen stämmer inte med passet.',
    });
    assert.equal(marked.response.status, 303);
    assert.equal((await requestCompletion(agent, casePath)).response.status, 303);
    const path = `/mina-sidor/ansokningar/${sent.id}/komplettering`;
    const completion = await getPage(sent.agent, path);
    assert.equal(
      completion.$('main input[type=text], main textarea').length,
      1,
      'only the first name is asked for, not the personnummer or civil status',
    );
    const form = buttonNamed(completion.$, 'Skicka kompletteringen').closest('form');
    const sentBack = await postFormOf(sent.agent, form as never, {
      'om-dig.firstName': 'Lukas',
      'om-dig.personnummer': '19121212-1212',
    });
    assert.equal(sentBack.response.status, 303, sentBack.response.text.slice(0, 1000));
    const inbox = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    assert.match(textOf(inbox.$, 'main'), /Lukas Øvergård/);
    const searchPage = await getPage(agent, '/handlaggare');
    const found = await agent
      .post('/handlaggare/arenden/sok')
      .redirects(1)
      .type('form')
      .send({ sokord: 'Lukas', _csrf: csrfTokenOf(searchPage.$) });
    assert.match(found.text, new RegExp(`/handlaggare/arenden/${sent.id}`));
    const after = await getPage(agent, casePath);
    assert.equal(
      after
        .$('#answers-om-dig')
        .closest('section')
        .find('.portal-summary__row')
        .filter((_, one) => after.$(one).children('dt').text().trim() === 'Personnummer')
        .children('dd')
        .contents()
        .first()
        .text()
        .trim(),
      formatPersonnummer(sent.applicant.personnummer),
      'a personnummer posted with the completion is ignored',
    );
  });
});

describe('a completion after its due date', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('is taken, and the caseworker reads that it came after the last day', async () => {
    const { services } = testApp();
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Postnummer', 'Stämmer inte.');
    const requested = await requestCompletion(caseworker.agent, casePath, { due: '2026-11-25' });
    assert.equal(requested.response.status, 303);

    clock.advanceMinutes(2 * 24 * 60);
    await loginWithSms(sent.agent, services, sent.applicant);
    const path = `/mina-sidor/ansokningar/${sent.id}/komplettering`;
    const page = await getPage(sent.agent, path);
    const form = buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    const done = await postFormOf(sent.agent, form as never, { 'boende.postalCode': '543 21' });
    assert.equal(done.response.status, 303, done.response.text.slice(0, 1000));

    await loginStaff(caseworker.agent, services, caseworker.staff);
    const seen = await getPage(caseworker.agent, casePath);
    assert.match(
      textOf(seen.$, '.portal-marks'),
      /Kompletterad 26 november 2026 kl\. \d\d\.\d\d, efter sista dagen\./,
    );
  });

  it('papers that cannot be uploaded: the applicant ticks that they come by post, the tick is saved, and the caseworker reads it', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await markMissingFile(
      agent,
      casePath,
      'Lönebesked och beslut om ersättningar',
      'Lönebesked för november saknas.',
    );
    const requested = await requestCompletion(agent, casePath, {});
    assert.equal(requested.response.status, 303);
    const pageHref = `/mina-sidor/ansokningar/${sent.id}/komplettering`;
    const page = await getPage(sent.agent, pageHref);
    const byPost = 'Jag skickar papperen med posten eller lämnar dem till kommunen';
    assert.equal(checkboxNamed(page.$, byPost).attr('checked'), undefined);
    assert.match(
      textOf(page.$, 'main'),
      /Kan du inte ladda upp papperen\? Skicka dem med posten eller lämna dem till kommunen\./,
    );

    // "Spara" keeps the tick; the page opened again shows it.
    const form = () => buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    const saved = await postFormOf(sent.agent, form() as never, {
      papperPerPost: 'ja',
      _action: 'spara',
    });
    assert.equal(saved.response.status, 303);
    const again = await getPage(sent.agent, pageHref);
    assert.equal(checkboxNamed(again.$, byPost).attr('checked'), 'checked');

    // Sent without a file: accepted, and the caseworker is told the papers come another way.
    const sentNow = await postFormOf(
      sent.agent,
      buttonNamed(again.$, 'Skicka kompletteringen').closest('form') as never,
      { papperPerPost: 'ja' },
    );
    assert.equal(sentNow.response.status, 303, sentNow.response.text.slice(0, 2000));
    const seen = await getPage(agent, casePath);
    assert.match(
      textOf(seen.$, '.portal-marks'),
      /Den sökande skickar papperen med posten eller lämnar dem\./,
    );
    // The mark stays open until the papers have come.
    assert.equal(await testApp().services.caseMarks.hasOpenMarks(sent.id), true);
  });

  it('a marked question comes with the unanswered questions its answer opens: "Ja" to a car can be sent with the car; an answered address stays as it is', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const car = 'Äger någon i hushållet en bil, motorcykel eller annat fordon?';
    const pageHref = await askForCompletion(
      { sent, casePath, caseworker },
      {
        answers: [
          [car, 'Du har en bil enligt Transportstyrelsen.'],
          ['Hur bor du?', 'Stämmer det?'],
        ],
      },
    );
    const page = await getPage(sent.agent, pageHref);
    const registration = 'Tillgångar – Registreringsnummer';
    assert.equal(fieldByLabel(page.$, registration).val(), '');
    // Shown and hidden by the marked question on this page, as on the step's own page.
    assert.equal(
      fieldByLabel(page.$, registration).closest('.portal-conditional').attr('data-show-if-name'),
      'tillgangar.hasVehicle',
    );
    // The address is answered already: it is not opened to change by marking how one lives.
    assert.equal(page.$('label:contains("Gatuadress")').length, 0);
    // A follow-up has no reason of its own: only the marked questions' are shown.
    assert.equal(page.$('.portal-completion-answer__reason').length, 2);
    // A question of options carries its reason on its group, as its hint and message.
    assert.deepEqual(descriptionOf(page.$, choiceGroup(page.$, `Tillgångar – ${car}`)), [
      'Därför behöver svaret ändras: Du har en bil enligt Transportstyrelsen.',
    ]);
    // The question it opens has no reason of its own: its hint alone.
    assert.deepEqual(descriptionOf(page.$, fieldByLabel(page.$, registration)), [
      'Till exempel ABC 123.',
    ]);

    const form = buttonNamed(page.$, 'Skicka kompletteringen').closest('form');
    const sentNow = await postFormOf(sent.agent, form as never, {
      'boende.housingType': 'forstahand',
      'tillgangar.hasVehicle': 'ja',
      'tillgangar.vehicleRegistration': 'ABC 123',
      'tillgangar.vehicleValue': '15 000',
    });
    assert.equal(sentNow.response.status, 303, sentNow.response.text.slice(0, 3000));
    const seen = await getPage(caseworker.agent, casePath);
    assert.match(textOf(seen.$, '.portal-marks'), /ABC 123/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadPdf } from '../helpers/application';
import { buttonNamed, checkedOptions, linkNamed, messageFor, shownValue } from '../helpers/fields';
import { agentFor, getPage, textOf, type Agent, type Page } from '../helpers/http';
import {
  askedCodeNumber,
  createApplicant,
  loginWithSms,
  newPersonnummer,
  postCode,
  postPassword,
} from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { pdfPageCount, popplerSkipReason } from '../helpers/pdf';
import {
  activate,
  codesInLetter,
  handOutAccount,
  staffAgent,
  submitByLabel,
} from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** The rows of the account page's summary: term -> what it says. */
function summaryRows($: Page): Map<string, string> {
  return new Map(
    $('.portal-summary__row')
      .toArray()
      .map((row) => [
        $(row).find('dt').text().replace(/\s+/g, ' ').trim(),
        $(row).find('dd').text().replace(/\s+/g, ' ').trim(),
      ]),
  );
}

/** Presses a button on the account page, as a person would. */
/** Presses a button on the account page, ticking the form's confirmation box when it has one. */
async function pressButton(agent: Agent, accountId: string, name: string, tick = true) {
  const { $ } = await getPage(agent, `/handlaggare/konton/${accountId}`);
  const form = buttonNamed($, name).closest('form');
  const box = form.find('input[type="checkbox"]');
  const ticked =
    tick && box.length > 0 ? { [String(box.attr('name'))]: String(box.attr('value')) } : {};
  const response = await agent
    .post(form.attr('action') ?? '')
    .type('form')
    .send({ _csrf: String(form.find('input[name="_csrf"]').val()), ...ticked });
  return { response };
}

describe('staff hand out an applicant account', () => {
  const testApp = useTestApp();

  it('hand-out, letter PDF, activation, Mina sidor, logout, login with a code from the letter', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { agent: staff } = await staffAgent(testApp(), CASEWORKER_9901);

    const home = await getPage(staff, '/handlaggare');
    assert.equal(home.response.status, 200);
    assert.equal(textOf(home.$, 'h1'), 'Ärenden');
    assert.match(textOf(home.$, 'main'), /Exempelby kommun: handläggare/);
    const newAccountHref = linkNamed(home.$, 'Ge en sökande ett konto').attr('href');
    assert.equal(newAccountHref, '/handlaggare/konton/ny');
    assert.equal(linkNamed(home.$, 'Sök sökandens konto').length, 1);

    const personnummer = newPersonnummer();
    const typed = `${personnummer.slice(2, 8)}-${personnummer.slice(8)}`;
    const created = await handOutAccount(staff, {
      personnummer: typed,
      name: 'Åsa Öberg-Nguyễn',
      mobile: '',
      municipality: 'Exempelby kommun',
    });
    assert.equal(created.response.status, 303);
    const letterPage = await getPage(staff, created.response.headers.location ?? '');
    assert.equal(textOf(letterPage.$, 'h1'), 'Kontot är skapat');
    assert.doesNotMatch(textOf(letterPage.$, 'body'), /undefined/);
    assert.match(
      textOf(letterPage.$, 'main'),
      /Åsa Öberg-Nguyễn har nu ett konto hos Exempelby kommun/,
    );
    const download =
      linkNamed(letterPage.$, 'Ladda ner aktiveringsbrevet (PDF)').attr('href') ?? '';

    const pdf = await downloadPdf(staff, download);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      String(pdf.headers['content-disposition']),
      /^attachment; filename="aktiveringsbrev.pdf"$/,
    );
    assert.equal(pdf.headers['cache-control'], 'no-store');
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    const letter = pdf.body as Buffer;
    assert.equal(pdfPageCount(letter), 2);
    const { activationCode, codes } = codesInLetter(letter);
    assert.ok(activationCode, 'the letter has the activation code');
    assert.deepEqual(
      [...codes.keys()].sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );

    const applicant = agentFor(testApp().app);
    const password = 'mitt nya långa lösenord';
    const activated = await activate(applicant, {
      personnummer: typed,
      code: activationCode.toLowerCase(),
      password,
    });
    assert.equal(activated.response.status, 303);
    assert.equal(activated.response.headers.location, '/mina-sidor?aktiverad=1');
    const myPages = await getPage(applicant, '/mina-sidor');
    assert.equal(textOf(myPages.$, 'h1'), 'Mina sidor');
    assert.match(textOf(myPages.$, 'header'), /Inloggad: Åsa Öberg-Nguyễn/);

    const { $ } = await getPage(applicant, '/mina-sidor');
    const logout = await applicant
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: String($('form[action="/logga-ut"] input[name="_csrf"]').val()) });
    assert.equal(logout.status, 303);
    assert.equal((await applicant.get('/mina-sidor')).status, 303, 'logged out');

    const passwordStep = await postPassword(applicant, { identitet: typed, losenord: password });
    assert.equal(passwordStep.status, 303);
    const number = await askedCodeNumber(applicant);
    const login = await postCode(applicant, 'kodlista', codes.get(number) ?? '');
    assert.equal(login.response.status, 303);
    assert.equal(login.response.headers.location, '/mina-sidor');
  });
});

describe('staff look after applicant accounts', () => {
  const clock = new ManualClock('2026-11-25T10:00:00+01:00');
  const testApp = useTestApp({ clock });
  const services = () => testApp().services;

  it('the account page: name, masked personnummer and phone, codes left, activated', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(testApp().services, { mobile: '+46701230001' });
    const { response, $ } = await getPage(agent, `/handlaggare/konton/${applicant.account.id}`);
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), `Sökandens konto ${applicant.account.name}`);
    assert.doesNotMatch(textOf($, 'body'), /undefined/);
    const rows = summaryRows($);
    assert.equal(rows.get('Personnummer'), `${applicant.personnummer.slice(0, 8)}-XXXX`);
    assert.equal(rows.get('Kommun'), 'Exempelby kommun');
    assert.equal(rows.get('Mobilnummer'), '070-XXX XX 01');
    assert.equal(rows.get('Koder kvar på kodlistan'), '40 av 40');
    assert.equal(rows.get('Aktiverat'), 'Ja, personen har valt ett lösenord.');
    const pnr = applicant.personnummer;
    for (const whole of [
      pnr,
      `${pnr.slice(0, 8)}-${pnr.slice(8)}`,
      `${pnr.slice(2, 8)}-${pnr.slice(8)}`,
    ]) {
      assert.ok(!response.text.includes(whole), 'the last four digits are hidden');
    }
    assert.equal(buttonNamed($, 'Ny kodlista').length, 1);
    assert.equal(buttonNamed($, 'Nytt aktiveringsbrev').length, 1);
    assert.equal(buttonNamed($, 'Byt mobilnummer').length, 1);
  });

  it('SEC-20 a name with markup is shown as text on the account and letter pages', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const name = '"><img src=x onerror=alert(1)><script>alert(1)</script>';
    const personnummer = newPersonnummer();
    const created = await handOutAccount(agent, {
      personnummer,
      name,
      municipality: 'Exempelby kommun',
    });
    assert.equal(created.response.status, 303);
    const letter = await getPage(agent, created.response.headers.location ?? '');
    assert.match(
      textOf(letter.$, '[role=status]'),
      /<script>alert\(1\)<\/script> har nu ett konto/,
    );
    const account = await services().accounts.findApplicant(personnummer);
    const page = await getPage(agent, `/handlaggare/konton/${account?.id ?? ''}`);
    assert.equal(textOf(page.$, 'h1'), `Sökandens konto ${name}`);
    for (const { response } of [letter, page]) {
      assert.doesNotMatch(response.text, /<script>alert|<img src=x/);
    }
  });

  it('search finds an account by personnummer written in any way, and says plainly when not', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { account, personnummer } = await createApplicant(testApp().services);
    for (const typed of [
      personnummer,
      `${personnummer.slice(0, 8)}-${personnummer.slice(8)}`,
      `${personnummer.slice(2, 8)}-${personnummer.slice(8)}`,
      ` ${personnummer.slice(2, 8)} ${personnummer.slice(8)} `,
    ]) {
      const { response } = await submitByLabel(
        agent,
        '/handlaggare/konton/sok',
        { Personnummer: typed },
        {
          action: '/handlaggare/sok',
        },
      );
      assert.equal(response.status, 303, typed);
      assert.equal(response.headers.location, `/handlaggare/konton/${account.id}`);
    }
    const nobody = await submitByLabel(
      agent,
      '/handlaggare/konton/sok',
      { Personnummer: newPersonnummer() },
      {
        action: '/handlaggare/sok',
      },
    );
    assert.equal(nobody.response.status, 200);
    assert.match(textOf(nobody.$, '[role=status]'), /^Ingen träff\./);
    const bad = await submitByLabel(
      agent,
      '/handlaggare/konton/sok',
      { Personnummer: '19850101' },
      {
        action: '/handlaggare/sok',
      },
    );
    assert.equal(bad.response.status, 400);
    assert.match(messageFor(bad.$, 'Personnummer'), /för få siffror/);
    assert.equal(shownValue(bad.$, 'Personnummer'), '19850101');
    assert.match(bad.$('title').text(), /^Fel: /);
  });

  it('checks the form and keeps what was typed', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { response, $ } = await handOutAccount(agent, {
      personnummer: '19850101-123',
      name: '   ',
      mobile: '08-123 456 78',
    });
    assert.equal(response.status, 400);
    assert.match(messageFor($, 'Personnummer'), /11 siffror/);
    assert.equal(messageFor($, 'Namn'), 'Skriv personens namn.');
    assert.match(messageFor($, 'Mobilnummer'), /inte ett svenskt mobilnummer/);
    assert.equal(shownValue($, 'Personnummer'), '19850101-123');
    assert.equal(shownValue($, 'Mobilnummer'), '08-123 456 78');
    assert.deepEqual(
      checkedOptions($, 'Kommun'),
      ['Exempelby kommun'],
      'the only choice is chosen',
    );
  });

  it('a personnummer that has an account: a link to it here, elsewhere only where to turn', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const here = await createApplicant(services);
    const elsewhere = await createApplicant(services, { municipalityCode: '9902' });
    const again = await handOutAccount(agent, {
      personnummer: here.personnummer,
      name: 'Någon Annan',
      municipality: 'Exempelby kommun',
    });
    assert.equal(again.response.status, 409);
    assert.equal(messageFor(again.$, 'Personnummer'), 'Personnumret har redan ett konto.');
    assert.equal(
      linkNamed(again.$, 'Öppna kontot').attr('href'),
      `/handlaggare/konton/${here.account.id}`,
    );
    const other = await handOutAccount(agent, {
      personnummer: elsewhere.personnummer,
      name: 'Någon Annan',
      municipality: 'Exempelby kommun',
    });
    assert.equal(other.response.status, 409);
    assert.equal(
      messageFor(other.$, 'Personnummer'),
      'Personnumret har redan ett konto. Kontakta den kommun där kontot finns.',
    );
    assert.equal(linkNamed(other.$, 'Öppna kontot').length, 0);
    assert.ok(!other.response.text.includes(elsewhere.account.id));
    assert.equal(shownValue(other.$, 'Namn'), 'Någon Annan');
    // SEC-15 the refusal names the other municipality's account in the log, for follow-up.
    const [refusal] = await testApp().services.auditLog.ofRequest(
      String(other.response.headers['x-request-id']),
    );
    assert.deepEqual([refusal?.outcome, refusal?.subject], ['denied', elsewhere.account.id]);
  });

  it('Ny kodlista asks for a tick first: without it nothing changes and the page says so', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services);
    const before = await services.codeLists.remaining(applicant.account.id);
    const { response } = await pressButton(agent, applicant.account.id, 'Ny kodlista', false);
    assert.equal(response.status, 303);
    const back = await getPage(agent, response.headers.location ?? '');
    assert.equal(back.response.status, 400);
    assert.match(textOf(back.$, '#error-summary'), /Kryssa i rutan för att bekräfta/);
    assert.equal(await services.codeLists.remaining(applicant.account.id), before);
    assert.equal(await services.smsOutbox?.latestTo(applicant.mobile), undefined);
  });

  it('Ny kodlista: the old list stops working, the new one is printed, the applicant gets an SMS', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services, { mobile: '+46701230002' });
    const { response } = await pressButton(agent, applicant.account.id, 'Ny kodlista');
    assert.equal(response.status, 303);
    const page = await getPage(agent, response.headers.location ?? '');
    assert.equal(textOf(page.$, 'h1'), 'Den nya kodlistan är klar');
    assert.match(textOf(page.$, '[role=status]'), /Personen har fått ett SMS om det/);
    const pdf = await downloadPdf(
      agent,
      linkNamed(page.$, 'Ladda ner kodlistan (PDF)').attr('href'),
    );
    assert.equal(pdf.status, 200);
    assert.match(String(pdf.headers['content-disposition']), /filename="kodlista.pdf"/);
    const { activationCode, codes } = codesInLetter(pdf.body as Buffer);
    assert.equal(activationCode, undefined, 'a code list has no activation code');
    assert.equal(codes.size, 40);
    assert.equal(
      (await services.smsOutbox?.latestTo('+46701230002'))?.text,
      'Du får en ny kodlista med posten. Den gamla fungerar inte längre. /Exempelby kommun',
    );
    const oldCode = applicant.codes.get(7) ?? '';
    assert.equal(await services.codeLists.use(applicant.account.id, 7, oldCode), false);
    assert.equal(await services.codeLists.use(applicant.account.id, 7, codes.get(7) ?? ''), true);
  });

  it('Nytt aktiveringsbrev asks for a tick first, like Ny kodlista: without it nothing changes and the page says so', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services);
    const before = {
      codesLeft: await services.codeLists.remaining(applicant.account.id),
      activation: await services.activationCodes.pendingUntil(applicant.account.id),
    };
    const { $ } = await getPage(agent, `/handlaggare/konton/${applicant.account.id}`);
    const form = buttonNamed($, 'Nytt aktiveringsbrev').closest('form');
    assert.equal(
      form.find('label').text().trim(),
      'Ja, den gamla kodlistan ska sluta fungera och ett nytt brev ska skrivas ut',
    );
    const { response } = await pressButton(
      agent,
      applicant.account.id,
      'Nytt aktiveringsbrev',
      false,
    );
    assert.equal(response.status, 303);
    const back = await getPage(agent, response.headers.location ?? '');
    assert.equal(back.response.status, 400);
    assert.match(
      textOf(back.$, '#error-summary'),
      /Kryssa i rutan för att bekräfta att den gamla kodlistan ska sluta fungera\. Inget nytt brev har gjorts/,
    );
    // The message stands at the activation letter's box, not at the code list's.
    const letterForm = buttonNamed(back.$, 'Nytt aktiveringsbrev').closest('form');
    assert.match(letterForm.find('.label__message--error').text(), /Kryssa i rutan/);
    const listForm = buttonNamed(back.$, 'Ny kodlista').closest('form');
    assert.equal(listForm.find('.label__message--error').length, 0);
    assert.deepEqual(
      {
        codesLeft: await services.codeLists.remaining(applicant.account.id),
        activation: await services.activationCodes.pendingUntil(applicant.account.id),
      },
      before,
    );
    assert.equal(await services.smsOutbox?.latestTo(applicant.mobile), undefined);
  });

  it('Nytt aktiveringsbrev: a forgotten password is chosen anew with the new code', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { app, services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services, { mobile: null });
    const { response } = await pressButton(agent, applicant.account.id, 'Nytt aktiveringsbrev');
    const page = await getPage(agent, response.headers.location ?? '');
    assert.equal(textOf(page.$, 'h1'), 'Det nya aktiveringsbrevet är klart');
    const href = linkNamed(page.$, 'Ladda ner aktiveringsbrevet (PDF)').attr('href');
    const { activationCode } = codesInLetter((await downloadPdf(agent, href)).body as Buffer);
    const account = await getPage(agent, `/handlaggare/konton/${applicant.account.id}`);
    assert.match(summaryRows(account.$).get('Aktiverat') ?? '', /gäller till 25 december 2026/);
    const done = await activate(agentFor(app), {
      personnummer: applicant.personnummer,
      code: activationCode ?? '',
      password: 'ett nytt lösenord efter glömt',
    });
    assert.equal(done.response.status, 303);
    const stored = await services.accounts.find(applicant.account.id);
    assert.equal(
      await services.passwords.verify(stored?.passwordHash ?? '', applicant.password),
      false,
    );
  });

  it('Byt mobilnummer: the old number is told, a wrong number gets a clear message', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services, { mobile: '+46701230003' });
    const path = `/handlaggare/konton/${applicant.account.id}`;
    const wrong = await submitByLabel(
      agent,
      path,
      { 'Nytt mobilnummer': '08-123 45 67' },
      {
        action: `${path}/mobilnummer`,
      },
    );
    assert.equal(wrong.response.status, 400);
    assert.match(messageFor(wrong.$, 'Nytt mobilnummer'), /inte ett svenskt mobilnummer/);
    assert.equal(shownValue(wrong.$, 'Nytt mobilnummer'), '08-123 45 67');

    const changed = await submitByLabel(
      agent,
      path,
      { 'Nytt mobilnummer': '070-123 00 04' },
      {
        action: `${path}/mobilnummer`,
      },
    );
    assert.equal(changed.response.status, 303);
    const after = await getPage(agent, changed.response.headers.location ?? '');
    assert.match(
      textOf(after.$, '[role=status]'),
      /Mobilnumret är bytt. Det gamla numret har fått ett SMS/,
    );
    assert.equal(summaryRows(after.$).get('Mobilnummer'), '070-XXX XX 04');
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, '+46701230004');
    assert.match(
      (await services.smsOutbox?.latestTo('+46701230003'))?.text ?? '',
      /^Ditt mobilnummer i e-tjänsten har ändrats\. .* Ring Exempelby kommun på 0123-456 00\./,
    );

    const removed = await submitByLabel(
      agent,
      path,
      { 'Nytt mobilnummer': '' },
      {
        action: `${path}/mobilnummer`,
      },
    );
    assert.equal(removed.response.status, 303);
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, null);
    // Removed, not "bytt": and how the person logs in now.
    const gone = await getPage(agent, removed.response.headers.location ?? '');
    assert.match(
      textOf(gone.$, '[role=status]'),
      /^Mobilnumret är borttaget\. Personen kan inte få SMS och loggar in med kodlistan\. Det gamla numret har fått ett SMS/,
    );
  });

  it('SEC-12 Ny kodlista, Nytt aktiveringsbrev and Byt mobilnummer log the applicant out everywhere: the lost phone or list may be logged in', async () => {
    const { app, services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(services, { mobile: '+46701230009' });
    const path = `/handlaggare/konton/${applicant.account.id}`;
    const changes: [string, () => Promise<unknown>][] = [
      ['Ny kodlista', () => pressButton(agent, applicant.account.id, 'Ny kodlista')],
      [
        'Nytt aktiveringsbrev',
        () => pressButton(agent, applicant.account.id, 'Nytt aktiveringsbrev'),
      ],
      [
        'Byt mobilnummer',
        () =>
          submitByLabel(
            agent,
            path,
            { 'Nytt mobilnummer': '070-123 00 10' },
            { action: `${path}/mobilnummer` },
          ),
      ],
    ];
    for (const [name, change] of changes) {
      const applicantAgent = agentFor(app);
      await loginWithSms(applicantAgent, services, applicant);
      assert.equal((await applicantAgent.get('/mina-sidor')).status, 200, `${name}: logged in`);
      await change();
      const after = await applicantAgent.get('/mina-sidor');
      assert.equal(after.status, 303, `${name}: logged out`);
      assert.match(after.headers.location ?? '', /^\/logga-in/);
    }
  });

  it('a letter whose codes no longer work is not offered: overtaken, or activated already', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { app, services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const gone = async (letterPath: string) => {
      const page = await getPage(agent, letterPath);
      assert.equal(page.response.status, 404);
      assert.equal(textOf(page.$, 'h1'), 'Brevet går inte att ladda ner längre');
      assert.equal((await agent.get(`${letterPath}.pdf`)).status, 303);
    };

    const overtaken = newPersonnummer();
    const first = await handOutAccount(agent, {
      personnummer: overtaken,
      name: 'Dubbel Klickare',
      municipality: 'Exempelby kommun',
    });
    const firstPath = first.response.headers.location ?? '';
    assert.equal((await getPage(agent, firstPath)).response.status, 200);
    // A list issued at the same moment by another request (a double click) revokes this one's.
    const account = await services.accounts.findApplicant(overtaken);
    await services.codeLists.issue(account?.id ?? '');
    await gone(firstPath);

    const quick = newPersonnummer();
    const second = await handOutAccount(agent, {
      personnummer: quick,
      name: 'Snabb Aktiverare',
      municipality: 'Exempelby kommun',
    });
    const secondPath = second.response.headers.location ?? '';
    const pdf = await downloadPdf(agent, `${secondPath}.pdf`);
    const { activationCode } = codesInLetter(pdf.body as Buffer);
    const done = await activate(agentFor(app), {
      personnummer: quick,
      code: activationCode ?? '',
      password: 'ett lösenord valt med en gång',
    });
    assert.equal(done.response.status, 303);
    await gone(secondPath);
  });

  it('a letter can be downloaded for 15 minutes, then it is gone', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const applicant = await createApplicant(testApp().services);
    await pressButton(agent, applicant.account.id, 'Ny kodlista');
    const pdfPath = `/handlaggare/konton/${applicant.account.id}/brev.pdf`;
    clock.advanceMinutes(14);
    assert.equal((await downloadPdf(agent, pdfPath)).status, 200, 'again within 15 minutes');
    clock.advanceMinutes(1);
    const late = await agent.get(pdfPath);
    assert.equal(late.status, 303);
    const gone = await getPage(agent, late.headers.location ?? '');
    assert.equal(gone.response.status, 404);
    assert.equal(textOf(gone.$, 'h1'), 'Brevet går inte att ladda ner längre');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionIdOf } from '../helpers/application';
import { createStaff, fillIn, loginStaffWithSms, newMobile } from '../helpers/account';
import { checkHtml, htmlCheckSkipReason, type HtmlDocument } from '../helpers/html-checker';
import { fieldByLabel, linkNamed, messageFor, shownValue } from '../helpers/fields';
import {
  agentFor,
  csrfTokenOf,
  errorSummaryLinks,
  fold,
  getPage,
  type Page,
  submitForm,
  textOf,
} from '../helpers/http';
import { createApplicant, latestSmsCode, loginWithSms, postPassword } from '../helpers/login';
import { useTestApp } from '../helpers/test-services';

const htmlCheckSkip = htmlCheckSkipReason();
const NEW_PASSWORD = 'en helt ny mening som lösenord';

/** "+46702000001" as people write it: "070-200 00 01". */
const nationalForm = (e164: string) =>
  e164.replace(/^\+46(\d\d)(\d{3})(\d\d)(\d\d)$/, '0$1-$2 $3 $4');

/** The account's details as the page lists them: term -> value. */
function detailsOf($: Page): Record<string, string> {
  return Object.fromEntries(
    $('dl > div')
      .toArray()
      .map((row) => [fold($(row).find('dt').text()), fold($(row).find('dd').text())]),
  );
}

describe('Mitt konto for applicants', () => {
  const testApp = useTestApp();

  async function loggedIn() {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: newMobile() });
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    return { app, services, applicant, agent };
  }

  it('is linked from Mina sidor and shows the account with its mobile number', async () => {
    const { agent, applicant } = await loggedIn();
    const { $: myPages } = await getPage(agent, '/mina-sidor');
    const link = linkNamed(myPages, 'Mitt konto: byt lösenord eller mobilnummer');
    assert.equal(link.attr('href'), '/mina-sidor/konto');
    assert.equal(linkNamed(myPages, 'Mitt konto').attr('href'), '/mina-sidor/konto');

    const { response, $ } = await getPage(agent, '/mina-sidor/konto');
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), 'Mitt konto');
    assert.deepEqual(detailsOf($), {
      Namn: applicant.account.name,
      Personnummer: applicant.personnummer.replace(/^(\d{8})/, '$1-'),
      Mobilnummer: nationalForm(applicant.mobile),
    });
    assert.equal(linkNamed($, 'Byt lösenord').attr('href'), '/mina-sidor/konto/losenord');
    assert.equal(linkNamed($, 'Byt mobilnummer').attr('href'), '/mina-sidor/konto/mobilnummer');
    assert.equal(linkNamed($, 'Koppla en app för engångskoder').length, 0);
  });

  it('sends a visitor who is not logged in to the login, and staff pages stay shut', async () => {
    const { app } = testApp();
    const response = await agentFor(app).get('/mina-sidor/konto/losenord');
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/logga-in?tillbaka=%2Fmina-sidor%2Fkonto%2Flosenord');
    const { agent } = await loggedIn();
    const staffPage = await agent.get('/handlaggare/konto');
    assert.equal(staffPage.status, 303);
    assert.match(staffPage.headers.location ?? '', /^\/personal\/logga-in/);
  });

  it('says what is wrong with a new password, field by field, and never shows a password again', async () => {
    const { agent } = await loggedIn();
    const { response, $ } = await fillIn(agent, '/mina-sidor/konto/losenord', {
      'Nuvarande lösenord': '',
      'Nytt lösenord': 'kort',
      'Skriv det nya lösenordet igen': 'kort',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(
      errorSummaryLinks($).map((link) => link.text),
      ['Skriv ditt nuvarande lösenord.', 'Lösenordet ska ha minst 12 tecken. Ditt har 4.'],
    );
    assert.equal(messageFor($, 'Nytt lösenord'), 'Lösenordet ska ha minst 12 tecken. Ditt har 4.');
    assert.equal(fieldByLabel($, 'Nytt lösenord').val(), undefined);

    const different = await fillIn(agent, '/mina-sidor/konto/losenord', {
      'Nuvarande lösenord': 'vad som helst här',
      'Nytt lösenord': NEW_PASSWORD,
      'Skriv det nya lösenordet igen': `${NEW_PASSWORD}!`,
    });
    assert.equal(different.response.status, 400);
    assert.equal(
      messageFor(different.$, 'Skriv det nya lösenordet igen'),
      'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    );
    assert.doesNotMatch(different.response.text, /vad som helst|en helt ny mening/);
  });

  it('SEC-2 refuses a new password holding the name or personnummer', async () => {
    const { agent, applicant } = await loggedIn();
    const { response, $ } = await fillIn(agent, '/mina-sidor/konto/losenord', {
      'Nuvarande lösenord': applicant.password,
      'Nytt lösenord': `mitt nummer ${applicant.personnummer}`,
      'Skriv det nya lösenordet igen': `mitt nummer ${applicant.personnummer}`,
    });
    assert.equal(response.status, 400);
    assert.match(messageFor($, 'Nytt lösenord'), /innehåller ditt namn eller personnummer/);
  });

  it('SEC-1 a wrong current password counts as a failed login: enough of them lock the account', async () => {
    const { app, services, agent, applicant } = await loggedIn();
    let lockedAfter = 0;
    for (let attempt = 1; attempt <= 20; attempt++) {
      const { response, $ } = await fillIn(agent, '/mina-sidor/konto/losenord', {
        'Nuvarande lösenord': `fel lösenord nummer ${attempt}`,
        'Nytt lösenord': NEW_PASSWORD,
        'Skriv det nya lösenordet igen': NEW_PASSWORD,
      });
      if (response.status === 429) {
        lockedAfter = attempt;
        assert.match(textOf($, 'main'), /Försök igen om \d+ minuter/);
        break;
      }
      assert.equal(response.status, 401);
      assert.equal(
        messageFor($, 'Nuvarande lösenord'),
        'Ditt nuvarande lösenord stämmer inte. Kontrollera och försök igen.',
      );
    }
    assert.ok(lockedAfter > 0 && lockedAfter <= 11, `locked after ${lockedAfter}`);
    const login = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    assert.equal(login.status, 429);
    // Nothing was changed by the attempts.
    const account = await services.accounts.find(applicant.account.id);
    assert.ok(await services.passwords.verify(account?.passwordHash ?? '', applicant.password));
  });

  it("SEC-12 a new password ends the user's other sessions; this one goes on under a new id", async () => {
    const { app, services, agent: first, applicant } = await loggedIn();
    const second = agentFor(app);
    await loginWithSms(second, services, applicant);
    // The other session starts an application: it is the person's, so it outlives the session.
    const started = await submitForm(
      second,
      '/mina-sidor',
      { utga: 'tom' },
      '/mina-sidor/ny-ansokan',
    );
    assert.equal(started.response.status, 303);
    const [draft] = await services.applications.ownedBy({
      kind: 'applicant',
      userId: applicant.account.id,
    });
    assert.ok(draft);
    const firstSid = sessionIdOf(first);
    const secondSid = sessionIdOf(second);

    const { response } = await fillIn(first, '/mina-sidor/konto/losenord', {
      'Nuvarande lösenord': applicant.password,
      'Nytt lösenord': NEW_PASSWORD,
      'Skriv det nya lösenordet igen': NEW_PASSWORD,
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/mina-sidor/konto?klart=losenord');

    // This session: a new id, still logged in, told what happened.
    assert.notEqual(sessionIdOf(first), firstSid);
    assert.equal(await services.sessionStore.read(firstSid), null);
    const { $ } = await getPage(first, '/mina-sidor/konto?klart=losenord');
    assert.match(textOf($, '[role=status]'), /Ditt lösenord är bytt/);

    // The other session: its row is gone, and its next request is treated as logged out.
    const row = await services.database.db
      .selectFrom('session')
      .select('sid')
      .where('sid', '=', secondSid)
      .executeTakeFirst();
    assert.equal(row, undefined);
    const shut = await second.get('/mina-sidor');
    assert.equal(shut.status, 303);
    assert.equal(shut.headers.location, '/logga-in?tillbaka=%2Fmina-sidor');
    assert.ok(
      await services.applications.find(
        { kind: 'applicant', userId: applicant.account.id },
        draft.id,
      ),
    );

    // The old password no longer opens the account; the new one does.
    const old = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    assert.equal(old.status, 401);
    const fresh = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: NEW_PASSWORD,
    });
    assert.equal(fresh.status, 303);

    // The phone hears of it, without the person's name or number in the text.
    const notice = await services.smsOutbox?.latestTo(applicant.mobile);
    assert.match(
      notice?.text ?? '',
      /^Ditt lösenord till e-tjänsten har ändrats\. Var det inte du\? Ring Exempelby kommun på 0123-456 00\./,
    );
    assert.doesNotMatch(
      notice?.text ?? '',
      new RegExp(`${applicant.personnummer}|${applicant.account.name}`),
    );
  });

  it('explains a number that is not a Swedish mobile number and keeps what was typed', async () => {
    const { agent, applicant } = await loggedIn();
    for (const [typed, message] of [
      [
        '08-123 45 67',
        /Det är inte ett svenskt mobilnummer\. Ett mobilnummer börjar med 07 och har 10 siffror/,
      ],
      ['070-12a 45 67', /Telefonnumret innehåller bokstäver/],
      ['', /Skriv ditt nya mobilnummer\./],
    ] as const) {
      const { response, $ } = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
        'Nytt mobilnummer': typed,
        'Ditt lösenord': applicant.password,
      });
      assert.equal(response.status, 400, typed);
      assert.match(messageFor($, 'Nytt mobilnummer'), message);
      assert.equal(shownValue($, 'Nytt mobilnummer'), typed);
      assert.equal(fieldByLabel($, 'Ditt lösenord').val(), undefined);
    }
  });

  it('SEC-7 a new mobile number needs the password, is confirmed by a code to the new number, and the old number is told', async () => {
    const { app, services, agent, applicant } = await loggedIn();
    const other = agentFor(app);
    await loginWithSms(other, services, applicant);
    const oldNumber = applicant.mobile;
    const newNumber = newMobile();
    const typed = nationalForm(newNumber);
    const before = await services.smsOutbox?.latestTo(oldNumber);

    // Without the right password nothing changes and nothing is sent.
    const wrong = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': typed,
      'Ditt lösenord': 'inte mitt lösenord alls',
    });
    assert.equal(wrong.response.status, 401);
    assert.equal(
      messageFor(wrong.$, 'Ditt lösenord'),
      'Lösenordet stämmer inte. Kontrollera och försök igen.',
    );
    assert.equal(shownValue(wrong.$, 'Nytt mobilnummer'), typed);
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, oldNumber);
    assert.equal(await services.smsOutbox?.latestTo(newNumber), undefined);
    assert.deepEqual(await services.smsOutbox?.latestTo(oldNumber), before);
    assert.equal(
      (await agent.get('/mina-sidor/konto/mobilnummer/kod')).headers.location,
      '/mina-sidor/konto/mobilnummer',
    );

    // With it: a code goes to the new number; the account keeps the old one until it comes back.
    const right = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': typed,
      'Ditt lösenord': applicant.password,
    });
    assert.equal(right.response.status, 303);
    assert.equal(right.response.headers.location, '/mina-sidor/konto/mobilnummer/kod');
    const code = await latestSmsCode(services, newNumber);
    assert.match(
      (await services.smsOutbox?.latestTo(newNumber))?.text ?? '',
      /din kod för att byta mobilnummer/,
    );
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, oldNumber);

    const { $: codePage } = await getPage(agent, '/mina-sidor/konto/mobilnummer/kod');
    assert.match(
      textOf(codePage, '[role=status]'),
      new RegExp(`Vi har skickat en kod till 070-XXX XX ${newNumber.slice(-2)}`),
    );
    // The number on one line, in the message and in the field's hint alike.
    assert.deepEqual(
      codePage('main .portal-nowrap')
        .toArray()
        .map((element) => codePage(element).text()),
      [`070-XXX XX ${newNumber.slice(-2)}`, `070-XXX XX ${newNumber.slice(-2)}`],
    );
    const mistyped = await fillIn(agent, '/mina-sidor/konto/mobilnummer/kod', {
      'Kod från SMS': code === '000000' ? '111111' : '000000',
    });
    assert.equal(mistyped.response.status, 401);
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, oldNumber);

    const done = await fillIn(agent, '/mina-sidor/konto/mobilnummer/kod', { 'Kod från SMS': code });
    assert.equal(done.response.status, 303);
    assert.equal(done.response.headers.location, '/mina-sidor/konto?klart=mobilnummer');
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, newNumber);
    const notice = await services.smsOutbox?.latestTo(oldNumber);
    assert.notDeepEqual(notice, before);
    assert.match(
      notice?.text ?? '',
      /^Ditt mobilnummer i e-tjänsten har ändrats\. .*Var det inte du\? Ring Exempelby kommun/,
    );
    assert.doesNotMatch(notice?.text ?? '', new RegExp(newNumber.slice(-4)));

    // The other session is over; this one sees the new number.
    assert.equal((await other.get('/mina-sidor')).status, 303);
    const { $ } = await getPage(agent, '/mina-sidor/konto?klart=mobilnummer');
    assert.match(textOf($, '[role=status]'), /Ditt mobilnummer är bytt/);
    assert.equal(detailsOf($).Mobilnummer, typed);
  });

  it('SEC-4 wrong codes for a new number count on the account: a new code does not reset them, and past the limit even the right one is refused', async () => {
    const { services, agent, applicant } = await loggedIn();
    const newNumber = newMobile();
    const ask = () =>
      fillIn(agent, '/mina-sidor/konto/mobilnummer', {
        'Nytt mobilnummer': nationalForm(newNumber),
        'Ditt lösenord': applicant.password,
      });
    const guess = (code: string) =>
      fillIn(agent, '/mina-sidor/konto/mobilnummer/kod', { 'Kod från SMS': code });
    const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');
    // Three wrong, a new code (the page's own count starts again), two more wrong: five.
    await ask();
    const first = await latestSmsCode(services, newNumber);
    for (let i = 0; i < 3; i++) assert.equal((await guess(wrongFor(first))).response.status, 401);
    await ask();
    const second = await latestSmsCode(services, newNumber);
    for (let i = 0; i < 2; i++) assert.equal((await guess(wrongFor(second))).response.status, 401);
    const locked = await guess(second);
    assert.equal(locked.response.status, 429);
    assert.match(
      textOf(locked.$, '#stoppad'),
      /Någon har skrivit fel kod för många gånger\. Ditt nummer är inte bytt\./,
    );
    assert.equal((await services.accounts.find(applicant.account.id))?.mobile, applicant.mobile);
  });

  it('refuses the same number again, and a code that was never asked for', async () => {
    const { agent, applicant } = await loggedIn();
    const same = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': applicant.mobile,
      'Ditt lösenord': applicant.password,
    });
    assert.equal(same.response.status, 400);
    assert.equal(
      messageFor(same.$, 'Nytt mobilnummer'),
      'Det är redan ditt mobilnummer. Skriv det nya numret.',
    );
    const { response } = await submitForm(
      agent,
      '/mina-sidor/konto',
      { kod: '123456' },
      '/mina-sidor/konto/mobilnummer/kod',
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/mina-sidor/konto/mobilnummer');
  });

  it('SEC-19 and SEC-23 posts without a valid token are refused, and odd payloads get a 4xx, never a 5xx', async () => {
    const { services, agent, applicant } = await loggedIn();
    const paths = [
      '/mina-sidor/konto/losenord',
      '/mina-sidor/konto/mobilnummer',
      '/mina-sidor/konto/mobilnummer/kod',
    ];
    const everything = {
      'nuvarande-losenord': applicant.password,
      'nytt-losenord': NEW_PASSWORD,
      'nytt-losenord-igen': NEW_PASSWORD,
      mobilnummer: '070-111 22 33',
      losenord: applicant.password,
      kod: '123456',
    };
    for (const path of paths) {
      const forged = await agent.post(path).type('form').send(everything);
      assert.equal(forged.status, 403, path);
    }
    const token = csrfTokenOf((await getPage(agent, '/mina-sidor/konto')).$);
    const odd = [
      'nuvarande-losenord=a&nuvarande-losenord=b&nytt-losenord=x&nytt-losenord=y',
      `nytt-losenord=${'å'.repeat(100_000)}&nytt-losenord-igen=${'å'.repeat(100_000)}&nuvarande-losenord=x`,
      'mobilnummer=070&mobilnummer=071&losenord[x]=1',
      `mobilnummer=${'7'.repeat(50_000)}&losenord=x`,
      'kod=1&kod=2',
    ];
    for (const path of paths) {
      for (const body of odd) {
        const response = await agent
          .post(path)
          .type('form')
          .send(`${body}&_csrf=${encodeURIComponent(token)}`);
        assert.ok(response.status >= 300 && response.status < 500, `${path} ${response.status}`);
        assert.doesNotMatch(response.text, /at .*\.ts:\d+/);
      }
    }
    const account = await services.accounts.find(applicant.account.id);
    assert.ok(await services.passwords.verify(account?.passwordHash ?? '', applicant.password));
    assert.equal(account?.mobile, applicant.mobile);
  });

  it(
    'is valid HTML on every page, errors included (W3C Nu HTML checker)',
    { skip: htmlCheckSkip },
    async () => {
      const { app, services, agent, applicant } = await loggedIn();
      const pages: HtmlDocument[] = [];
      const keep = (name: string, html: string) => pages.push({ name, html });
      keep('overview', (await agent.get('/mina-sidor/konto?klart=losenord')).text);
      keep('password', (await agent.get('/mina-sidor/konto/losenord')).text);
      const weak = await fillIn(agent, '/mina-sidor/konto/losenord', {
        'Nuvarande lösenord': '',
        'Nytt lösenord': 'kort',
        'Skriv det nya lösenordet igen': '',
      });
      keep('password with errors', weak.response.text);
      const badNumber = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
        'Nytt mobilnummer': '08-123 45 67',
        'Ditt lösenord': '',
      });
      keep('mobile with errors', badNumber.response.text);
      await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
        'Nytt mobilnummer': newMobile(),
        'Ditt lösenord': applicant.password,
      });
      const wrongCode = await fillIn(agent, '/mina-sidor/konto/mobilnummer/kod', {
        'Kod från SMS': '12',
      });
      keep('mobile code with error', wrongCode.response.text);

      const staff = await createStaff(services);
      const staffAgent = agentFor(app);
      await loginStaffWithSms(staffAgent, services, staff);
      keep('staff overview', (await staffAgent.get('/handlaggare/konto')).text);
      keep('app start', (await staffAgent.get('/handlaggare/konto/app')).text);
      await fillIn(staffAgent, '/handlaggare/konto/app', { 'Ditt lösenord': staff.password });
      const appCode = await fillIn(staffAgent, '/handlaggare/konto/app', {
        'Kod från din app': '1',
      });
      keep('app QR code with error', appCode.response.text);

      // Clean, warnings included.
      const problems = await checkHtml(pages);
      assert.deepEqual(
        problems.map((problem) => `${problem.name}: ${problem.text}`),
        [],
      );
    },
  );
});

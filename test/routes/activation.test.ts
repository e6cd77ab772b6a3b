import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import type { Services } from '../../services';
import * as cheerio from 'cheerio';
import { chooseMunicipality, sessionIdOf } from '../helpers/application';
import { fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import { agentFor, csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { createApplicant, loginWithCodeList, newPersonnummer } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { activate } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const PASSWORD = 'ett bra lösenord att minnas';

/** An account handed out but not activated: the letter's personnummer and code. */
async function handedOut(services: Services, name = 'Maja Lindqvist') {
  const personnummer = newPersonnummer();
  const account = await services.accounts.createApplicant({
    personnummer,
    name,
    mobile: null,
    municipalityCode: '9901',
  });
  const { code } = await services.activationCodes.issue(account.id);
  await services.codeLists.issue(account.id);
  return { account, personnummer, code };
}

/** A code of the right form that is not the account's. */
function otherCode(code: string): string {
  return code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
}

describe('activating an account with the letter', () => {
  const clock = new ManualClock('2026-11-25T10:00:00+01:00');
  const testApp = useTestApp({ clock, env: { TRUST_PROXY: 'true' } });

  it('shows the fields by label and explains what is needed', async () => {
    const { $, response } = await getPage(agentFor(testApp().app), '/aktivera');
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), 'Aktivera ditt konto');
    assert.equal(shownValue($, 'Personnummer'), '');
    assert.equal(shownValue($, 'Aktiveringskod'), '');
    assert.equal(fieldByLabel($, 'Välj lösenord').attr('type'), 'password');
    assert.equal(fieldByLabel($, 'Skriv lösenordet igen').attr('type'), 'password');
  });

  it('SEC-8 activates once: the password works, the session id is new, the code is spent', async () => {
    const { app, services } = testApp();
    const { account, personnummer, code } = await handedOut(services);
    const agent = agentFor(app);
    await chooseMunicipality(agent);
    const before = sessionIdOf(agent);
    const done = await activate(agent, { personnummer, code, password: PASSWORD });
    assert.equal(done.response.status, 303);
    assert.equal(done.response.headers.location, '/mina-sidor?aktiverad=1');
    assert.ok(before && sessionIdOf(agent) && sessionIdOf(agent) !== before, 'a new session id');
    assert.equal(await services.sessionStore.read(before), null, 'the old id is worthless');
    const stored = await services.accounts.find(account.id);
    assert.match(stored?.passwordHash ?? '', /^\$argon2id\$/);
    assert.equal(await services.passwords.verify(stored?.passwordHash ?? '', PASSWORD), true);

    const again = await activate(agentFor(app), {
      personnummer,
      code,
      password: 'ett annat lösenord att minnas',
    });
    assert.equal(again.response.status, 401);
    assert.match(
      textOf(again.$, '#error-summary'),
      /Personnumret eller aktiveringskoden stämmer inte/,
    );
  });

  it('SEC-12 a new password by activation (a forgotten one) ends the sessions logged in with the old', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: null });
    const before = agentFor(app);
    await loginWithCodeList(before, applicant);
    assert.equal((await before.get('/mina-sidor')).status, 200);
    const { code } = await services.activationCodes.issue(applicant.account.id);
    const agent = agentFor(app);
    const done = await activate(agent, {
      personnummer: applicant.personnummer,
      code,
      password: PASSWORD,
    });
    assert.equal(done.response.status, 303);
    assert.equal((await agent.get('/mina-sidor')).status, 200, 'the new session works');
    const old = await before.get('/mina-sidor');
    assert.equal(old.status, 303, 'the old session is gone');
    assert.match(old.headers.location ?? '', /^\/logga-in/);
  });

  it('SEC-7 the phone on file hears of a password set with the letter, so a letter opened by someone else is noticed', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: '+46701234599' });
    const { code } = await services.activationCodes.issue(applicant.account.id);
    const done = await activate(agentFor(app), {
      personnummer: applicant.personnummer,
      code,
      password: PASSWORD,
    });
    assert.equal(done.response.status, 303);
    const sms = await services.smsOutbox?.latestTo('+46701234599');
    assert.equal(
      sms?.text,
      'Ditt konto i e-tjänsten har fått ett nytt lösenord med koden i brevet från kommunen. Var det inte du? Ring Exempelby kommun på 0123-456 00. /Exempelby kommun',
    );
  });

  it('says the same about a wrong code and an unknown personnummer, and never shows the password', async () => {
    const { app, services } = testApp();
    const { personnummer, code } = await handedOut(services);
    const wrongCode = await activate(agentFor(app), {
      personnummer,
      code: otherCode(code),
      password: PASSWORD,
    });
    const unknown = await activate(agentFor(app), {
      personnummer: newPersonnummer(),
      code,
      password: PASSWORD,
    });
    for (const { response, $ } of [wrongCode, unknown]) {
      assert.equal(response.status, 401);
      assert.deepEqual(
        errorSummaryLinks($).map((link) => link.text),
        ['Personnumret eller aktiveringskoden stämmer inte. Kontrollera och försök igen.'],
      );
      assert.ok(!response.text.includes(PASSWORD), 'the password is not in the page');
      assert.equal(fieldByLabel($, 'Välj lösenord').attr('value'), undefined);
      assert.equal(fieldByLabel($, 'Skriv lösenordet igen').attr('value'), undefined);
    }
    assert.equal(shownValue(unknown.$, 'Aktiveringskod'), code, 'the code typed is kept');
  });

  it('checks every field and keeps what was typed, except the passwords', async () => {
    const { app } = testApp();
    const empty = await activate(agentFor(app), { personnummer: '', code: '', password: '' });
    assert.equal(empty.response.status, 400);
    assert.equal(messageFor(empty.$, 'Personnummer'), 'Skriv ditt personnummer.');
    assert.equal(messageFor(empty.$, 'Aktiveringskod'), 'Skriv aktiveringskoden från brevet.');
    assert.equal(messageFor(empty.$, 'Välj lösenord'), 'Skriv ett lösenord med minst 12 tecken.');

    const typed = await activate(agentFor(app), {
      personnummer: '850101',
      code: 'ABC-DEF',
      password: 'kort',
      repeat: 'kort',
    });
    assert.equal(typed.response.status, 400);
    assert.match(messageFor(typed.$, 'Personnummer'), /för få siffror/);
    assert.equal(
      messageFor(typed.$, 'Aktiveringskod'),
      'Aktiveringskoden ska ha 12 tecken. Du skrev 6.',
    );
    assert.match(messageFor(typed.$, 'Välj lösenord'), /minst 12 tecken. Ditt har 4/);
    assert.equal(shownValue(typed.$, 'Personnummer'), '850101');
    assert.equal(shownValue(typed.$, 'Aktiveringskod'), 'ABC-DEF');

    // Far too long: the count is of what was sent, not of what is shown again.
    const long = await activate(agentFor(app), {
      personnummer: '850101',
      code: 'x'.repeat(300),
      password: 'kort',
      repeat: 'kort',
    });
    assert.equal(
      messageFor(long.$, 'Aktiveringskod'),
      'Aktiveringskoden ska ha 12 tecken. Du skrev 300.',
    );

    const different = await activate(agentFor(app), {
      personnummer: newPersonnummer(),
      code: 'ACDE-FHJK-MNPR',
      password: PASSWORD,
      repeat: `${PASSWORD}!`,
    });
    assert.equal(different.response.status, 400);
    assert.match(messageFor(different.$, 'Skriv lösenordet igen'), /inte likadana/);
    assert.ok(!different.response.text.includes(PASSWORD));
  });

  it('refuses a password with the name only once the code is right, and the code still works', async () => {
    const { app, services } = testApp();
    const { personnummer, code } = await handedOut(services, 'Kristoffer Johansson');
    const withName = 'kristoffer johansson 2026';
    const wrongCode = await activate(agentFor(app), {
      personnummer,
      code: otherCode(code),
      password: withName,
    });
    assert.equal(wrongCode.response.status, 401, 'a wrong code learns nothing about the name');
    const rightCode = await activate(agentFor(app), { personnummer, code, password: withName });
    assert.equal(rightCode.response.status, 400);
    assert.match(messageFor(rightCode.$, 'Välj lösenord'), /innehåller ditt namn/);
    const done = await activate(agentFor(app), { personnummer, code, password: PASSWORD });
    assert.equal(done.response.status, 303);
  });

  it('SEC-1 wrong codes from rotating addresses lock activation after 10, also for the right code', async () => {
    const { app, services } = testApp();
    const { personnummer, code } = await handedOut(services);
    const unknownPersonnummer = newPersonnummer();
    for (const target of [personnummer, unknownPersonnummer]) {
      let lockedAfter = 0;
      for (let attempt = 1; attempt <= 12; attempt++) {
        const agent = request.agent(app);
        const page = await agent.get('/aktivera').set('X-Forwarded-For', `198.51.100.${attempt}`);
        const response = await agent
          .post('/aktivera')
          .set('X-Forwarded-For', `198.51.100.${attempt}`)
          .type('form')
          .send({
            personnummer: target,
            aktiveringskod: otherCode(code),
            losenord: PASSWORD,
            'losenord-igen': PASSWORD,
            _csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '',
          });
        if (response.status === 429) {
          lockedAfter = attempt;
          assert.match(response.text, /Aktiveringen är låst en stund/);
          assert.ok(Number(response.headers['retry-after']) > 0);
          break;
        }
        assert.equal(response.status, 401);
      }
      assert.equal(
        lockedAfter,
        10,
        `${target === personnummer ? 'known' : 'unknown'}: locked after ${lockedAfter}`,
      );
    }
    const right = await activate(agentFor(app), { personnummer, code, password: PASSWORD });
    assert.equal(right.response.status, 429, 'locked for the right code too, for a while');
    clock.advanceMinutes(61);
    const later = await activate(agentFor(app), { personnummer, code, password: PASSWORD });
    assert.equal(later.response.status, 303, 'the lock ends; the code was never spent');
  });

  it('SEC-1 in parallel: twenty wrong codes at once for one account get no more than ten checks', async () => {
    const { app, services } = testApp();
    const { personnummer, code } = await handedOut(services);
    const verify = services.passwords.verify.bind(services.passwords);
    let checked = 0;
    services.passwords.verify = async (hash, secret) => {
      checked += 1;
      return verify(hash, secret);
    };
    try {
      const pages = await Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const agent = agentFor(app);
          const { $ } = await getPage(agent, '/aktivera');
          return { agent, token: csrfTokenOf($), index };
        }),
      );
      const answers = await Promise.all(
        pages.map(({ agent, token, index }) =>
          agent
            .post('/aktivera')
            .set('X-Forwarded-For', `203.0.113.${index + 1}`)
            .type('form')
            .send({
              personnummer,
              aktiveringskod: otherCode(code),
              losenord: PASSWORD,
              'losenord-igen': PASSWORD,
              _csrf: token,
            }),
        ),
      );
      assert.ok(checked <= 10, `${checked} codes were checked`);
      assert.ok(answers.filter((answer) => answer.status === 429).length >= 10);
    } finally {
      services.passwords.verify = verify;
    }
  });

  it('SEC-1 wrong activation codes posted by anyone never lock the person out of logging in', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    for (let attempt = 1; attempt <= 12; attempt++) {
      await activate(agentFor(app), {
        personnummer: applicant.personnummer,
        code: 'AAAA-BBBB-CCCC',
        password: PASSWORD,
      });
    }
    const locked = await activate(agentFor(app), {
      personnummer: applicant.personnummer,
      code: 'AAAA-BBBB-CCCC',
      password: PASSWORD,
    });
    assert.equal(locked.response.status, 429, 'activation itself is locked for a while');
    const agent = agentFor(app);
    await loginWithCodeList(agent, applicant);
    const { response, $ } = await getPage(agent, '/mina-sidor');
    assert.equal(response.status, 200);
    assert.equal($('h1').text().trim(), 'Mina sidor');
  });

  it('an expired code: a plain message to call the caseworker, nothing changed', async () => {
    const { app, services } = testApp();
    const { account, personnummer, code } = await handedOut(services);
    clock.advanceMinutes(30 * 24 * 60);
    const { response, $ } = await activate(agentFor(app), {
      personnummer,
      code,
      password: PASSWORD,
    });
    assert.equal(response.status, 410);
    assert.match(textOf($, '#utgangen'), /Aktiveringskoden gäller inte längre/);
    assert.match(textOf($, '#utgangen'), /Ring din handläggare, så får du ett nytt brev/);
    assert.match(textOf($, '#utgangen'), /Ring Exempelby kommun: 0123-456 00/);
    assert.equal($('#utgangen a[href="tel:012345600"]').text(), '0123-456 00');
    assert.equal((await services.accounts.find(account.id))?.passwordHash, null);
  });

  it('SEC-19 a post without the CSRF token is refused and activates nothing', async () => {
    const { app, services } = testApp();
    const { account, personnummer, code } = await handedOut(services);
    const agent = agentFor(app);
    await getPage(agent, '/aktivera');
    const forged = await agent.post('/aktivera').type('form').send({
      personnummer,
      aktiveringskod: code,
      losenord: PASSWORD,
      'losenord-igen': PASSWORD,
    });
    assert.equal(forged.status, 403);
    assert.equal((await services.accounts.find(account.id))?.passwordHash, null);
    assert.equal(await services.activationCodes.check(account.id, code), 'valid');
  });

  it('SEC-23 lists and odd fields are a clear 400, never a 500', async () => {
    const { app } = testApp();
    const agent = agentFor(app);
    const { $ } = await getPage(agent, '/aktivera');
    const response = await agent
      .post('/aktivera')
      .type('form')
      .send(
        `personnummer=1&personnummer=2&aktiveringskod=${'x'.repeat(100_000)}&losenord=a&losenord=b&_csrf=${encodeURIComponent(csrfTokenOf($))}`,
      );
    assert.equal(response.status, 400);
    assert.ok(errorSummaryLinks(cheerio.load(response.text)).length > 0);
  });
});

import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import { describe, it } from 'node:test';
import { HeldArgon2, until } from '../helpers/held-argon2';
import { fieldByLabel } from '../helpers/fields';
import { agentFor, csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { askedCodeNumber, createApplicant, postCode, postPassword } from '../helpers/login';
import { useTestApp } from '../helpers/test-services';

const WRONG = 'helt fel lösenord för kontot';

describe('a login storm fills the password queue', () => {
  // One hashing thread and two places in its queue; the test holds the checks under way.
  const argon2 = new HeldArgon2();
  const testApp = useTestApp({
    env: { PASSWORD_HASH_QUEUE_MAX: '2' },
    passwordHashing: { slots: 1, argon2 },
  });

  it('refuses at once with a Swedish "Många loggar in just nu" page, 503 and Retry-After, the personnummer kept and nothing counted; later the login works', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const failures = {
      limit: 'passwordFailuresPerAccount' as const,
      key: `applicant:${applicant.personnummer}`,
    };
    argon2.hold();
    const storm = Array.from({ length: 3 }, () =>
      postPassword(agentFor(app), { identitet: applicant.personnummer, losenord: WRONG }),
    );
    let refused;
    try {
      await until(
        () => argon2.waiting === 1 && services.passwords.queued === 2,
        'one check runs and two wait',
      );
      const agent = agentFor(app);
      const { $ } = await getPage(agent, '/logga-in');
      refused = await agent
        .post('/logga-in')
        .type('form')
        .send({
          identitet: applicant.personnummer,
          losenord: applicant.password,
          _csrf: csrfTokenOf($),
        });
      assert.equal(await services.rateLimits.attempts(failures), 3, 'only the held three count');
    } finally {
      argon2.release();
    }
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '30');
    const page = cheerio.load(refused.text);
    assert.equal(textOf(page, 'h1'), 'Logga in');
    assert.match(
      textOf(page, '[role=alert]'),
      /Många loggar in just nu.*Vänta en halv minut och försök igen\. Det räknas inte som ett fel\./,
    );
    assert.deepEqual(errorSummaryLinks(page), []);
    assert.equal(fieldByLabel(page, 'Personnummer').val(), applicant.personnummer);
    assert.equal(fieldByLabel(page, 'Lösenord').val(), undefined, 'the password is never shown');

    // The held ones end as the wrong passwords they were; the queue is free again.
    assert.deepEqual(
      (await Promise.all(storm)).map((response) => response.status),
      [401, 401, 401],
    );
    assert.equal(await services.rateLimits.attempts(failures), 3);
    const later = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    assert.equal(later.status, 303);
    assert.equal(later.headers.location, '/logga-in/kod');
  });

  it('the English page says the same in English', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    argon2.hold();
    const storm = Array.from({ length: 3 }, () =>
      postPassword(agentFor(app), { identitet: applicant.personnummer, losenord: WRONG }),
    );
    let refused;
    try {
      await until(() => services.passwords.queued === 2, 'two checks wait');
      const agent = agentFor(app);
      await agent.get('/sprak/en?tillbaka=%2Flogga-in');
      const { $ } = await getPage(agent, '/logga-in');
      refused = await agent
        .post('/logga-in')
        .type('form')
        .send({
          identitet: applicant.personnummer,
          losenord: applicant.password,
          _csrf: csrfTokenOf($),
        });
    } finally {
      argon2.release();
    }
    await Promise.all(storm);
    assert.equal(refused.status, 503);
    const page = cheerio.load(refused.text);
    assert.match(textOf(page, '[role=alert]'), /Many people are logging in right now/);
  });

  it('a code from the code list met by a full queue gets the same message on a page of its own, and the code still works later', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: null });
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const number = await askedCodeNumber(agent);
    const code = applicant.codes.get(number) ?? '';
    argon2.hold();
    const storm = Array.from({ length: 3 }, () =>
      postPassword(agentFor(app), { identitet: applicant.personnummer, losenord: WRONG }),
    );
    let refused;
    try {
      await until(() => services.passwords.queued === 2, 'two checks wait');
      refused = await postCode(agent, 'kodlista', code);
    } finally {
      argon2.release();
    }
    await Promise.all(storm);
    assert.equal(refused.response.status, 503);
    assert.equal(refused.response.headers['retry-after'], '30');
    assert.equal(textOf(refused.$, 'h1'), 'Många loggar in just nu');
    assert.match(textOf(refused.$, 'main'), /Vänta en halv minut och försök igen\./);
    const codeFailures = { limit: 'codeFailuresPerAccount' as const, key: applicant.account.id };
    assert.equal(await services.rateLimits.attempts(codeFailures), 0, 'nothing counted');
    const again = await postCode(agent, 'kodlista', code);
    assert.equal(again.response.status, 303);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldByLabel } from '../helpers/fields';
import { agentFor, getPage, textOf } from '../helpers/http';
import {
  askedCodeNumber,
  createApplicant,
  latestSmsCode,
  loginWithCodeList,
  loginWithSms,
  postCode,
  postPassword,
  requestSmsCode,
} from '../helpers/login';
import { createStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('login with password and a second factor', () => {
  const testApp = useTestApp();

  it('logs an applicant in with an SMS code and shows Mina sidor with their name', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    const done = await loginWithSms(agent, services, applicant);
    assert.equal(done.headers.location, '/mina-sidor');
    const { response, $ } = await getPage(agent, '/mina-sidor');
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), 'Mina sidor');
    assert.match(textOf($, 'header'), new RegExp(`Inloggad: ${applicant.account.name}`));
  });

  it('offers the numbered code and logs in with it', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: null });
    const agent = agentFor(app);
    const done = await loginWithCodeList(agent, applicant);
    assert.equal(done.headers.location, '/mina-sidor');
  });

  it('says plainly when the password is wrong, keeps the personnummer and never the password', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    const response = await postPassword(agent, {
      identitet: applicant.personnummer,
      losenord: 'fel lösenord helt och hållet',
    });
    assert.equal(response.status, 401);
    assert.match(response.text, /Personnumret eller lösenordet stämmer inte/);
    assert.match(response.text, new RegExp(applicant.personnummer));
    assert.doesNotMatch(response.text, /fel lösenord helt/);
  });

  it('shows the masked phone number and says the code was sent', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: '+46701112299' });
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const sent = await requestSmsCode(agent);
    assert.equal(sent.status, 303);
    const { $ } = await getPage(agent, sent.headers.location ?? '');
    assert.match(textOf($, 'main'), /Vi har skickat en kod till 070-XXX XX 99/);
    assert.ok(await latestSmsCode(services, '+46701112299'));
    assert.ok((await askedCodeNumber(agent)) >= 1);
    const wrong = await postCode(agent, 'sms', '000000');
    assert.equal(wrong.response.status, 401);
    assert.match(textOf(wrong.$, '#error-summary'), /Koden stämmer inte/);
  });

  it('asks nobody to choose between one thing: with SMS alone the page offers the SMS; with a code list too, it asks', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const staffAgent = agentFor(app);
    const step = await postPassword(
      staffAgent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    const only = await getPage(staffAgent, step.headers.location ?? '');
    assert.equal(textOf(only.$, 'h1'), 'Få en engångskod med SMS');
    assert.doesNotMatch(textOf(only.$, 'main'), /Hur vill du få din kod\?/);
    assert.match(textOf(only.$, 'main button'), /Skicka en SMS-kod till 070-XXX XX/);

    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    const applicantStep = await postPassword(agent, {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    const choice = await getPage(agent, applicantStep.headers.location ?? '');
    assert.equal(textOf(choice.$, 'h1'), 'Välj hur du får din engångskod');
    // The page's heading asks; no second heading asks the same again.
    assert.deepEqual(
      choice
        .$('main h2')
        .toArray()
        .map((heading) => choice.$(heading).text().trim()),
      [],
    );
    assert.match(textOf(choice.$, 'main .portal-login-ways'), /Skicka en SMS-kod.*kodlista/);
  });

  it('keeps the masked phone number on one line wherever the code page says it (360 px broke it after "XX")', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: '+46701112299' });
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const sent = await requestSmsCode(agent);
    const { $ } = await getPage(agent, sent.headers.location ?? '');
    const whole = (selector: string) =>
      $(selector)
        .find('.portal-nowrap')
        .toArray()
        .map((element) => $(element).text());
    assert.match(textOf($, '[role=status]'), /^Vi har skickat en kod till 070-XXX XX 99\./);
    assert.deepEqual(whole('[role=status]'), ['070-XXX XX 99']);
    const code = fieldByLabel($, 'Kod från SMS');
    const hint = $(`#${code.attr('aria-describedby')?.split(' ')[0] ?? ''}`);
    assert.match(hint.text(), /070-XXX XX 99/);
    assert.deepEqual(whole(`#${hint.attr('id') ?? ''}`), ['070-XXX XX 99']);
    const resend = $('main button')
      .filter((_, button) => $(button).text().startsWith('Skicka en ny SMS-kod till'))
      .first();
    assert.equal(resend.find('.portal-nowrap').text(), '070-XXX XX 99');
  });
});

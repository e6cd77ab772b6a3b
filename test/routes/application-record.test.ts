import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { load as cheerioLoad } from 'cheerio';
import request from 'supertest';
import { createApp } from '../../app';
import { publishedForms } from '../../forms';
import { createServices } from '../../services';
import { contactFormV1, contactFormV2 } from '../fixtures/contact-form';
import {
  answersFor,
  chooseMunicipality,
  downloadPdf,
  fillApplication,
  postStep,
  rowVersionOf,
  sessionIdOf,
} from '../helpers/application';
import { ManualClock } from '../helpers/manual-clock';
import {
  agentFor,
  cookiesOf,
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  textOf,
} from '../helpers/http';
import { linkNamed } from '../helpers/fields';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { createTestApp, useTestApp, type TestApp } from '../helpers/test-services';

const EB = '/ansokan/ekonomiskt-bistand';

async function sessionRows(testApp: TestApp) {
  return testApp.services.database.db.selectFrom('session').selectAll().execute();
}

async function applicationRows(testApp: TestApp) {
  return testApp.services.database.db.selectFrom('application').selectAll().execute();
}

describe('the application as a record', () => {
  const testApp = useTestApp();

  it('a visitor who only looks (start page, municipality page) creates no session row', async () => {
    const before = (await sessionRows(testApp())).length;
    const agent = agentFor(testApp().app);
    await getPage(agent, '/');
    const { $ } = await getPage(agent, '/kommun');
    assert.ok(csrfTokenOf($));
    await getPage(agent, '/tillganglighet');
    assert.equal((await sessionRows(testApp())).length, before);
  });

  it('changing municipality keeps the draft, even when the choice is posted twice at once', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await postStep(agent, 'period', answersFor('period'));
    await postStep(agent, 'om-dig', answersFor('om-dig'));
    const sid = sessionIdOf(agent);
    const { $ } = await getPage(agent, '/kommun');
    const choose = () =>
      agent
        .post('/kommun')
        .type('form')
        .send({ kommun: '9902', _csrf: csrfTokenOf($) });
    const answers = await Promise.all([choose(), choose(), choose()]);
    for (const response of answers) assert.equal(response.status, 303);
    assert.equal(sessionIdOf(agent), sid, 'a change of municipality renews nothing');
    const { $: step } = await getPage(agent, `${EB}/om-dig`);
    assert.equal(step('input[name=firstName]').val(), 'Łukasz');
    const rows = await applicationRows(testApp());
    const row = rows.find((each) => each.input.includes('Łukasz'));
    assert.equal(row?.municipality_code, '9902', 'the draft goes where the applicant chose last');
  });

  it('a draft survives the session id changing, and the session holds only ids and flags', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const before = sessionIdOf(agent);
    assert.equal((await postStep(agent, 'period', answersFor('period'))).status, 303);
    assert.notEqual(sessionIdOf(agent), before, 'the draft starts under a new id');
    assert.equal((await postStep(agent, 'om-dig', answersFor('om-dig'))).status, 303);
    const { $ } = await getPage(agent, `${EB}/om-dig`);
    assert.equal($('input[name=firstName]').val(), 'Łukasz');
    assert.equal($('input[name=personnummer]').val(), '850101-1236');
    const back = await agent.get(EB);
    assert.equal(back.headers.location, `${EB}/medsokande`);

    const row = (await sessionRows(testApp())).find((each) => each.sid === sessionIdOf(agent));
    assert.ok(row);
    assert.ok(Buffer.byteLength(row.sess) < 400, `session row is ${row.sess.length} bytes`);
    const stored = JSON.parse(row.sess) as Record<string, unknown>;
    assert.deepEqual(Object.keys(stored).sort(), [
      'cookie',
      'drafts',
      'municipalityCode',
      'startedAt',
    ]);
    assert.ok(!row.sess.includes('Łukasz'));
  });

  it('the paper goes to the municipality chosen last, also when its PDF was made before', async (t) => {
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const first = pdfText((await downloadPdf(agent)).body as Buffer);
    assert.ok(first.includes('Exempelby kommun'));
    await chooseMunicipality(agent, '9902');
    const second = pdfText((await downloadPdf(agent)).body as Buffer);
    assert.ok(second.includes('Provsala kommun'), 'the new address is printed');
    assert.ok(!second.includes('Exempelby kommun'), 'not the PDF made for the old one');
    const { $ } = await getPage(agent, `${EB}/klar`);
    assert.match(textOf($, 'address'), /Provsala kommun/);
  });

  it('two tabs: a save from a stale page is refused with the reload message, and nothing is lost', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await postStep(agent, 'period', answersFor('period'));
    const { $: tabOne } = await getPage(agent, `${EB}/period`);
    const { $: tabTwo } = await getPage(agent, `${EB}/period`);
    const post = ($: typeof tabOne, changesText: string) =>
      agent
        .post(`${EB}/period`)
        .type('form')
        .send({
          ...answersFor('period'),
          changesText,
          _action: 'next',
          _csrf: csrfTokenOf($),
          _version: rowVersionOf($),
        });
    assert.equal((await post(tabOne, 'Skrivet i flik ett.')).status, 303);

    const refused = await post(tabTwo, 'Skrivet i flik två.');
    assert.equal(refused.status, 409);
    const $ = cheerioLoad(refused.text);
    assert.equal(errorSummaryLinks($).length, 0, 'nothing to correct, so no error list');
    // Told at once, as an error summary is: first in the title, and the notice takes the focus.
    assert.match(textOf($, 'title'), /^Fel: /);
    assert.equal($('[autofocus]').length, 1);
    const notice = $('[autofocus]');
    assert.equal(notice.attr('id'), 'stale-notice');
    assert.equal(notice.attr('tabindex'), '-1');
    assert.equal(
      $(`#${notice.attr('aria-labelledby') ?? ''}`).text(),
      'Ansökan har ändrats i en annan flik',
    );
    assert.match(textOf($, '#stale-notice'), /Det du skrev här är inte sparat ännu/);
    assert.equal(linkNamed($, 'Ladda om sidan').attr('href'), `${EB}/period`);
    assert.equal($('textarea[name=changesText]').text().trim(), 'Skrivet i flik två.');
    const { $: saved } = await getPage(agent, `${EB}/period`);
    assert.equal(saved('textarea[name=changesText]').text().trim(), 'Skrivet i flik ett.');

    // Having read the message, Nästa on the refused page saves what it shows.
    const again = await post($, 'Skrivet i flik två.');
    assert.equal(again.status, 303);
    const { $: now } = await getPage(agent, `${EB}/period`);
    assert.doesNotMatch(textOf(now, 'title'), /Fel/);
    assert.equal(now('textarea[name=changesText]').text().trim(), 'Skrivet i flik två.');
  });

  it('cancelling deletes the draft and the session row together', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await postStep(agent, 'period', answersFor('period'));
    const sid = sessionIdOf(agent);
    const draftCount = (await applicationRows(testApp())).length;
    const { $ } = await getPage(agent, `${EB}/avbryt`);
    const response = await agent
      .post(`${EB}/avbryt`)
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(response.status, 303);
    assert.equal((await applicationRows(testApp())).length, draftCount - 1);
    assert.ok(!(await sessionRows(testApp())).some((row) => row.sid === sid));
  });
});

describe('sessions that end', () => {
  it('an abandoned anonymous draft disappears with its expired session', async () => {
    const clock = new ManualClock('2026-11-24T09:30:00+01:00');
    const opened = await createTestApp({ clock });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      await postStep(agent, 'period', answersFor('period'));
      assert.equal((await applicationRows(opened)).length, 1);
      clock.advanceMinutes(29);
      assert.equal(await opened.services.sessionStore.sweepExpired(), 0);
      assert.equal((await applicationRows(opened)).length, 1);
      clock.advanceMinutes(2);
      assert.equal(await opened.services.sessionStore.sweepExpired(), 1);
      assert.equal((await applicationRows(opened)).length, 0);
    } finally {
      await opened.cleanup();
    }
  });

  it('a draft pushed past its size cap is refused with a clear message, keeping what was typed', async () => {
    const opened = await createTestApp({ env: { DRAFT_MAX_KB: '3' } });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      const long = 'Lång text om min situation. '.repeat(70).trim();
      const response = await postStep(agent, 'period', {
        ...answersFor('period'),
        changesText: long,
      });
      assert.equal(response.status, 413);
      const $ = cheerioLoad(response.text);
      assert.match(
        errorSummaryLinks($)[0]?.text ?? '',
        /Vi kan inte spara ansökan, eftersom den är för stor/,
      );
      assert.equal($('textarea[name=changesText]').text().trim(), long);
      const [row] = await applicationRows(opened);
      assert.ok(!row?.input.includes('Lång text'));
    } finally {
      await opened.cleanup();
    }
  });
});

describe('a second form through the same routes', () => {
  it('walks start -> steps -> review at its own address, beside the application', async () => {
    const opened = await createTestApp({ forms: [...publishedForms, contactFormV1] });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      assert.equal(
        (await agent.get('/ansokan/kontakt')).headers.location,
        '/ansokan/kontakt/meddelande',
      );
      const post = async (step: string, answers: Record<string, string | string[]>) => {
        const { $ } = await getPage(agent, `/ansokan/kontakt/${step}`);
        return agent
          .post(`/ansokan/kontakt/${step}`)
          .type('form')
          .send({ ...answers, _action: 'next', _csrf: csrfTokenOf($), _version: rowVersionOf($) });
      };
      const first = await post('meddelande', { message: 'Hej! Jag vill boka en tid.' });
      assert.equal(first.headers.location, '/ansokan/kontakt/intygande');
      const second = await post('intygande', { confirm: 'ja' });
      assert.equal(second.headers.location, '/ansokan/kontakt/granska');
      const { response, $ } = await getPage(agent, '/ansokan/kontakt/granska');
      assert.equal(response.status, 200);
      assert.match(textOf($, 'main'), /Hej! Jag vill boka en tid\./);
      assert.equal($('.portal-estimate').length, 0, 'no estimate hook, no estimate');
      assert.equal($('a[href="/ansokan/kontakt/meddelande?granska=1"]').length, 1);
      // The application's own journey is untouched by it.
      assert.equal((await agent.get(EB)).headers.location, `${EB}/period`);
      const [row] = await applicationRows(opened);
      assert.equal(row?.form_id, 'kontakt-test');
    } finally {
      await opened.cleanup();
    }
  });

  it('a draft keeps the version it was started on when a new version is published', async () => {
    const first = await createTestApp({ forms: [contactFormV1] });
    const second = createServices(first.services.config, { forms: [contactFormV1, contactFormV2] });
    try {
      const agent = agentFor(first.app);
      await chooseMunicipality(agent);
      const { $ } = await getPage(agent, '/ansokan/kontakt/meddelande');
      const saved = await agent
        .post('/ansokan/kontakt/meddelande')
        .type('form')
        .send({
          message: 'Startad på version 1.',
          _csrf: csrfTokenOf($),
          _version: rowVersionOf($),
        });
      assert.equal(saved.status, 303);
      const cookie = cookiesOf(await agent.get('/')).join('; ');
      const published = createApp(second);
      const resumed = await request(published).get('/ansokan/kontakt').set('Cookie', cookie);
      assert.equal(resumed.headers.location, '/ansokan/kontakt/intygande');
      const newcomer = agentFor(published);
      await chooseMunicipality(newcomer);
      assert.equal(
        (await newcomer.get('/ansokan/kontakt')).headers.location,
        '/ansokan/kontakt/bilagor',
      );
    } finally {
      await second.close();
      await first.cleanup();
    }
  });
});

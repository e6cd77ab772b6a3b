import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { fillApplication } from '../helpers/application';
import { agentFor, csrfTokenOf, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('a post made after the session ended', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-10 every other page one types on, and the review an anonymous visitor reads, warns before the visit ends (WCAG 2.2.1)', async () => {
    const admin = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'admin' }]);
    for (const path of [
      '/handlaggare/beslutsbrev',
      '/handlaggare/konton/ny',
      '/handlaggare/pappersansokan',
      '/handlaggare/konto/losenord',
      '/handlaggare/konto/mobilnummer',
      '/handlaggare/konto/app',
    ]) {
      const { response, $ } = await getPage(admin.agent, path);
      assert.equal(response.status, 200, path);
      assert.match(textOf($, '#timeout-warning-text'), /inte sparat än/, path);
      assert.equal($('#timeout-ended-link').attr('href'), '/personal/logga-in', path);
    }

    const visitor = agentFor(testApp().app);
    await fillApplication(visitor);
    for (const path of [
      '/ansokan/ekonomiskt-bistand/granska',
      '/ansokan/ekonomiskt-bistand/klar',
    ]) {
      const { response, $ } = await getPage(visitor, path);
      assert.equal(response.status, 200, path);
      assert.match(textOf($, '#timeout-warning-text'), /^Snart raderar vi dina svar/, path);
      assert.match(textOf($, '.portal-timeout-note'), /raderar vi dina uppgifter/, path);
    }
  });

  it('SEC-34 a note sent after 30 idle minutes: the login says it was not saved and leads back to the case, not to the start', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { $ } = await getPage(agent, casePath);
    clock.advanceMinutes(31);
    const posted = await agent
      .post(`${casePath}/anteckningar`)
      .type('form')
      .send({ anteckning: 'Ringde den sökande.', _csrf: csrfTokenOf($) });
    assert.equal(posted.status, 303, String(posted.headers.location));
    const login = new URL(posted.headers.location ?? '', 'http://portal');
    assert.equal(login.pathname, '/personal/logga-in');
    assert.equal(login.searchParams.get('tillbaka'), casePath);
    const page = await getPage(agent, `${login.pathname}${login.search}`);
    assert.equal(
      textOf(page.$, '[role=status]'),
      'Du blev utloggad eftersom det gick en stund utan att något hände. Det du skickade sparades inte. Logga in igen, så kommer du tillbaka till sidan.',
    );
    assert.equal(page.$('input[name="tillbaka"]').val(), casePath);
  });

  it('SEC-34 pages one writes on besides the form steps warn before the visit ends, and typing there keeps it going', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { $ } = await getPage(agent, casePath);
    const warning = $('#timeout-warning');
    assert.equal(warning.attr('data-idle-minutes'), '30');
    assert.match(textOf($, '#timeout-warning-text'), /Det du har skrivit här är inte sparat än\./);
    assert.match(
      textOf($, '#timeout-ended-text'),
      /Det du skrev på den här sidan är inte sparat\./,
    );
    assert.equal($('#timeout-ended-link').attr('href'), '/personal/logga-in');
    // The applicant's application texts are not on a caseworker's page.
    assert.doesNotMatch(textOf($, '#timeout-warning'), /Mina sidor/);

    // The applicant's page with a message form warns the same way.
    const receipt = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    assert.match(textOf(receipt.$, '#timeout-warning-text'), /inte sparat än/);
    assert.equal(receipt.$('#timeout-ended-link').attr('href'), '/logga-in');

    // The script's call while the caseworker types: the idle time starts again.
    clock.advanceMinutes(25);
    const kept = await agent
      .post('/ansokan/forlang')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfTokenOf($), tillbaka: casePath });
    assert.equal(kept.status, 200);
    assert.deepEqual(kept.body, { idleMinutes: 30 });
    clock.advanceMinutes(25);
    const note = await agent
      .post(`${casePath}/anteckningar`)
      .type('form')
      .send({ anteckning: 'Skrev länge.', _csrf: csrfTokenOf($) });
    assert.match(String(note.headers.location), /^\/handlaggare\/arenden\//);
    // Without the script, "Fortsätt" leads back to the page it was pressed on.
    const button = await agent
      .post('/ansokan/forlang')
      .type('form')
      .send({ _csrf: csrfTokenOf($), tillbaka: casePath });
    assert.equal(button.headers.location, casePath);
  });
});

import assert from 'node:assert/strict';
import { linkNamed } from '../helpers/fields';
import { describe, it } from 'node:test';
import { chooseMunicipality } from '../helpers/application';
import { agentFor, getPage, submitForm, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('information pages', () => {
  const testApp = useTestApp();

  it('the accessibility statement has what the law asks for', async () => {
    const agent = agentFor(testApp().app);
    const { $ } = await getPage(agent, '/tillganglighet');
    const main = textOf($, 'main');
    assert.equal(textOf($, 'h1'), 'Tillgänglighetsredogörelse');
    assert.ok(main.includes('E-tjänst för ekonomiskt bistånd'), 'names the service');
    assert.ok(main.includes('delvis förenlig'), 'states compliance');
    assert.ok($('h2:contains("Innehåll som inte är tillgängligt")').length === 1, 'lists gaps');
    assert.ok(main.includes('Senaste bedömningen gjordes den 2026-11-24'), 'assessment date');
    assert.ok(main.includes('uppdaterades senast'), 'update date');
    assert.ok(main.includes('axe'), 'method');
    assert.match(
      $('a:contains("Anmäl bristande tillgänglighet till DIGG")').attr('href') ?? '',
      /digg\.se/,
    );

    await submitForm(agent, '/kommun', { kommun: '9901' });
    const { $: chosen } = await getPage(agent, '/tillganglighet');
    assert.equal(
      chosen('a:contains("Skicka e-post till Exempelby kommun")').attr('href'),
      'mailto:ekonomisktbistand@exempelby.example',
    );
  });

  it('the login page asks for personnummer and password and offers activation, help and the paper route', async () => {
    const { $ } = await getPage(agentFor(testApp().app), '/logga-in');
    assert.equal(textOf($, 'h1'), 'Logga in');
    assert.match($('label[for="identitet"]').text(), /Personnummer/);
    assert.equal($('#losenord').attr('type'), 'password');
    assert.equal($('#losenord').attr('autocomplete'), 'current-password');
    assert.equal($('main a:contains("aktiveringskod")').attr('href'), '/aktivera');
    assert.equal($('main a:contains("tappat kodlistan")').attr('href'), '/logga-in/hjalp');
    assert.equal($('main a:contains("Fyll i ansökan utan att logga in")').attr('href'), '/kommun');
  });

  it('the login help says whom to call: each municipality’s number before one is chosen, the chosen one’s after', async () => {
    const agent = agentFor(testApp().app);
    const before = await getPage(agent, '/logga-in/hjalp');
    assert.ok(before.$('main li a[href^="tel:"]').length >= 2);
    assert.match(textOf(before.$, 'main'), /Ring socialtjänsten i din kommun:/);
    await chooseMunicipality(agent);
    const after = await getPage(agent, '/logga-in/hjalp');
    assert.equal(after.$('main li a[href^="tel:"]').length, 0);
    assert.equal(after.$('main p a[href^="tel:"]').length, 1);
    assert.equal(linkNamed(after.$, 'Tillbaka till inloggningen').attr('href'), '/logga-in');
  });
});

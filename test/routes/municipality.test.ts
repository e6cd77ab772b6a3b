import assert from 'node:assert/strict';
import { linkNamed } from '../helpers/fields';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { agentFor, errorSummaryLinks, getPage, submitForm, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('choosing a municipality', () => {
  const testApp = useTestApp();

  it('lists the municipalities as radio buttons, each with a label', async () => {
    const { $ } = await getPage(agentFor(testApp().app), '/kommun');
    assert.equal(textOf($, 'legend').startsWith('Vilken kommun bor du i?'), true);
    const labels = $('input[type=radio][name=kommun]')
      .toArray()
      .map((input) => textOf($, `label[for="${$(input).attr('id') ?? ''}"]`));
    assert.deepEqual(labels, ['Exempelby kommun', 'Provsala kommun']);
    assert.equal(linkNamed($, 'Tillbaka till startsidan').attr('href'), '/');
  });

  it('remembers the choice in the session and shows it in the header and on the start page', async () => {
    const agent = agentFor(testApp().app);
    const { response } = await submitForm(agent, '/kommun', { kommun: '9902' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/ansokan');
    const { $ } = await getPage(agent, '/');
    assert.equal(textOf($, 'header').includes('Provsala kommun'), true);
    assert.equal(textOf($, 'main').includes('Du söker hos Provsala kommun.'), true);
    assert.equal(textOf($, 'main').includes('Stora torget 2'), true);
    assert.equal(textOf($, 'footer').includes('Telefon: 0543-210 00'), true);
    // A phone taps to call and an address opens the mail app.
    assert.equal($('footer a:contains("0543-210 00")').attr('href'), 'tel:054321000');
    assert.match($('footer a[href^="mailto:"]').text(), /@/);
    const { $: again } = await getPage(agent, '/kommun');
    assert.equal(again('#kommun-9902').attr('checked'), 'checked');
  });

  it('with no choice: 400, an error summary linked to the field and the message in the legend', async () => {
    const { response, $ } = await submitForm(agentFor(testApp().app), '/kommun', {});
    assert.equal(response.status, 400);
    assert.deepEqual(errorSummaryLinks($), [
      { text: 'Du har inte valt någon kommun. Välj den kommun där du bor.', href: '#kommun-9901' },
    ]);
    assert.equal($('#kommun-9901').length, 1);
    assert.equal(
      textOf($, '#kommun-error'),
      'Du har inte valt någon kommun. Välj den kommun där du bor.',
    );
    assert.notEqual($('#error-summary').attr('autofocus'), undefined);
  });

  it('SEC-23 an unknown code or a list where one value belongs gets 400 with a clear message', async () => {
    const unknown = await submitForm(agentFor(testApp().app), '/kommun', { kommun: '0000' });
    assert.equal(unknown.response.status, 400);
    assert.equal(
      textOf(unknown.$, '#kommun-error'),
      'Kommunen du valde finns inte i listan. Välj en av kommunerna.',
    );

    const duplicated = await submitForm(agentFor(testApp().app), '/kommun', {
      kommun: ['9901', '9902'],
    });
    assert.equal(duplicated.response.status, 400);
    assert.equal(
      textOf(duplicated.$, '#kommun-error'),
      'Du har inte valt någon kommun. Välj den kommun där du bor.',
    );
  });

  it('SEC-23 a POST without a form body gets 400, and a JSON body 415, never 500', async () => {
    const agent = agentFor(testApp().app);
    const { $ } = await getPage(agent, '/kommun');
    const token = String($('input[name=_csrf]').val());
    const empty = await agent.post('/kommun').set('x-csrf-token', token);
    assert.equal(empty.status, 400);
    const json = await agent
      .post('/kommun')
      .set('x-csrf-token', token)
      .set('Content-Type', 'application/json')
      .send('{"kommun":"9901"}');
    assert.equal(json.status, 415);
    assert.equal(textOf(cheerio.load(json.text), 'h1'), 'Vi kunde inte läsa det du skickade');
  });

  it('a posted value that is no municipality is not echoed back at all', async () => {
    // The stored-XSS test (SEC-20) is test/routes/application-xss.test.ts: this page shows no
    // typed text, so all it can do wrong is print the posted value.
    const { response, $ } = await submitForm(agentFor(testApp().app), '/kommun', {
      kommun: '"><script>alert(1)</script>',
    });
    assert.equal(response.status, 400);
    assert.equal(
      textOf($, '#kommun-error'),
      'Kommunen du valde finns inte i listan. Välj en av kommunerna.',
    );
    assert.ok(!response.text.includes('alert(1)'));
    assert.equal($('input[name=kommun]:checked').length, 0);
  });
});

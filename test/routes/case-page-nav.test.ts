import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseUnderHandling, markAnswer, requestCompletion } from '../helpers/completion';
import { getPage, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

/** "På den här sidan": each link's text, and whether the page has what it points at. */
function pageLinks($: Page) {
  const nav = $('nav').filter((_, element) => $(element).find('h2').text() === 'På den här sidan');
  assert.equal(nav.length, 1, 'one "På den här sidan"');
  return nav
    .find('a')
    .toArray()
    .map((link) => {
      const href = $(link).attr('href') ?? '';
      assert.match(href, /^#/);
      return { text: $(link).text().trim(), found: $(href).length === 1 };
    });
}

describe('the case page has "På den här sidan" with links to its sections', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('lists the sections that are on the page, in order, each link reaching its heading', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { $ } = await getPage(caseworker.agent, casePath);
    const links = pageLinks($);
    assert.deepEqual(
      links.map(({ text }) => text),
      [
        'Ändra status',
        'Beslut',
        'Beräkning',
        'Tidigare ansökningar',
        'Fel och brister',
        'Svar',
        'Bilagor',
        'Meddelanden',
        'Anteckningar',
        'Händelser',
      ],
    );
    assert.ok(
      links.every(({ found }) => found),
      JSON.stringify(links),
    );
    // It comes before the long parts of the page.
    const html = $.html();
    assert.ok(html.indexOf('På den här sidan') < html.indexOf('id="answers-heading"'));
  });

  it('counts open marks, and links the completions once one is asked for', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
    await requestCompletion(caseworker.agent, casePath);
    const { $ } = await getPage(caseworker.agent, casePath);
    const links = pageLinks($);
    const texts = links.map(({ text }) => text);
    assert.ok(texts.includes('Fel och brister (1 kvar)'), texts.join(' | '));
    assert.ok(texts.includes('Kompletteringar'), texts.join(' | '));
    assert.ok(
      links.every(({ found }) => found),
      JSON.stringify(links),
    );
  });
});

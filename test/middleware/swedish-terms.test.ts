import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { withSwedishTerms } from '../../middleware/swedish-terms';
import { agentFor } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('Swedish terms on English pages (WCAG 3.1.2)', () => {
  const testApp = useTestApp();

  it('marks each Swedish term lang="sv" on an English page, escapes the rest, leaves Swedish pages alone', () => {
    assert.equal(
      withSwedishTerms('Financial assistance (ekonomiskt bistånd) & the riksnorm <b>', 'en'),
      'Financial assistance (<span lang="sv">ekonomiskt bistånd</span>) &amp; the <span lang="sv">riksnorm</span> &lt;b&gt;',
    );
    assert.equal(
      withSwedishTerms('Here you can apply for financial assistance', 'en'),
      'Here you can apply for financial assistance',
    );
    assert.equal(
      withSwedishTerms('Du kan söka ekonomiskt bistånd <i>', 'sv'),
      'Du kan söka ekonomiskt bistånd &lt;i&gt;',
    );
  });

  it('the English start page reads "ekonomiskt bistånd" as Swedish', async () => {
    const response = await agentFor(testApp().app).get('/').set('Cookie', 'lang=en');
    const $ = cheerio.load(response.text);
    assert.equal($('html').attr('lang'), 'en');
    assert.equal($('.portal-lead span[lang="sv"]').text(), 'ekonomiskt bistånd');
  });
});

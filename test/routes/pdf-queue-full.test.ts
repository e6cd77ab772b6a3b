import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { fillApplication, fixedClock } from '../helpers/application';
import { agentFor, getPage, textOf, type Agent } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

/** Follows the portal from /ansokan to the download link, as an applicant clicks through. */
async function pdfLinkOf(agent: Agent): Promise<string> {
  let page = await getPage(agent, '/ansokan');
  for (let hop = 0; hop < 5; hop++) {
    if (page.response.status === 303) {
      page = await getPage(agent, page.response.headers.location ?? '');
      continue;
    }
    const pdf = page.$('a[href$=".pdf"]').attr('href');
    if (pdf) return pdf;
    const onward = page.$('main a.button--primary').attr('href');
    assert.ok(onward, `no way on from ${page.response.text.slice(0, 200)}`);
    page = await getPage(agent, onward);
  }
  throw new Error('No link to the PDF');
}

describe('many printing at once', () => {
  // One worker, no queue and no recent PDFs (which would let the four share one): while one PDF
  // is being made, the next is refused.
  const testApp = useTestApp({
    clock: fixedClock,
    env: { PDF_WORKERS: '1', PDF_QUEUE_MAX: '0', PDF_CACHE_ENTRIES: '0' },
  });

  it('a PDF that cannot be queued gets a friendly Swedish page, 503 and Retry-After', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const link = await pdfLinkOf(agent);
    const responses = await Promise.all(Array.from({ length: 4 }, () => agent.get(link)));

    const made = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 503);
    assert.ok(made.length >= 1, 'the first PDF is made');
    assert.ok(refused.length >= 1, 'the others are refused');
    assert.equal(made.length + refused.length, responses.length);
    assert.equal(made[0]?.headers['content-type'], 'application/pdf');

    const [busy] = refused;
    assert.ok(busy);
    assert.equal(busy.headers['retry-after'], '60');
    assert.equal(busy.headers['cache-control'], 'no-store');
    assert.match(String(busy.headers['content-type']), /^text\/html/);
    const $ = cheerio.load(busy.text);
    assert.equal(textOf($, 'h1'), 'Det är många som skriver ut just nu');
    assert.match(textOf($, 'main'), /Försök igen om en minut\. Dina svar finns kvar\./);
    assert.equal($('main a:contains("Tillbaka till din ansökan")').attr('href'), '/ansokan');

    // A minute later (here: at once, the first PDF being done) the download works.
    const again = await agent.get(link);
    assert.equal(again.status, 200);
  });
});

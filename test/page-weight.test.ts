import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { answersFor } from './helpers/application';
import { useTestApp } from './helpers/test-services';
import { WireClient, type WireResponse } from './helpers/wire';

const GZIP = { 'accept-encoding': 'gzip' };
const FIRST_VISIT_BUDGET = 60_000;
const LATER_PAGE_BUDGET = 10_000;

/** Every URL a page makes the browser load: stylesheets, scripts, icons, images. */
function resourcesOf(html: string): string[] {
  const $ = cheerio.load(html);
  return [
    ...$('link[rel~="stylesheet"], link[rel~="icon"], link[rel="preload"]')
      .toArray()
      .map((element) => $(element).attr('href')),
    ...$('script[src], img[src]')
      .toArray()
      .map((element) => $(element).attr('src')),
  ].filter((url): url is string => url !== undefined && !url.startsWith('data:'));
}

/** What a stylesheet loads in turn: fonts, images and imported stylesheets. */
function resourcesOfCss(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((match) => match[2]);
  const imports = [...css.matchAll(/@import\s+(['"])([^'"]+)\1/g)].map((match) => match[2]);
  return [...urls, ...imports].filter(
    (url): url is string => url !== undefined && !url.startsWith('data:'),
  );
}

/** Follows redirects as a browser does (only GET is ever redirected to here). */
async function follow(client: WireClient, response: WireResponse): Promise<WireResponse> {
  let current = response;
  while (current.status >= 300 && current.status < 400 && current.headers.location) {
    current = await client.get(current.headers.location, GZIP);
  }
  return current;
}

/** Posts the page's main form with its own CSRF token, as the browser would. */
async function submit(client: WireClient, page: WireResponse, fields: Record<string, string>) {
  const $ = cheerio.load(page.text);
  const form = $('form[method="post"]').has('input[name="_csrf"]').first();
  const csrf = form.find('input[name="_csrf"]').val();
  assert.equal(typeof csrf, 'string', 'the form has a CSRF token');
  const action = form.attr('action') || page.path;
  // Like a browser: every hidden field of the form goes along (the token, the draft's version).
  const hidden = Object.fromEntries(
    form
      .find('input[type="hidden"]')
      .toArray()
      .map((input) => [$(input).attr('name') ?? '', String($(input).val() ?? '')]),
  );
  const response = await client.post(action, { ...hidden, ...fields }, GZIP);
  return follow(client, response);
}

describe('page weight on the wire', () => {
  const testApp = useTestApp();
  let client: WireClient;
  before(async () => {
    client = await WireClient.start(testApp().app);
  });
  after(async () => {
    await client.close();
  });

  it('a first visit to the start page with all its assets is at most 60 kB gzipped', async (t) => {
    const page = await client.get('/', GZIP);
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'gzip');

    const queue = resourcesOf(page.text).map((url) => new URL(url, client.origin));
    const fetched = new Map<string, number>();
    while (queue.length > 0) {
      const url = queue.shift();
      if (!url || fetched.has(url.href)) continue;
      const asset = await client.get(url.pathname + url.search, GZIP);
      assert.equal(asset.status, 200, `${url.pathname} loads`);
      assert.equal(
        asset.headers['cache-control'],
        'public, max-age=31536000, immutable',
        `${url.pathname} is cached for a year`,
      );
      fetched.set(url.href, asset.wireBytes);
      if (/css/.test(asset.headers['content-type'] ?? '')) {
        queue.push(...resourcesOfCss(asset.text).map((reference) => new URL(reference, url)));
      }
    }

    const assets = [...fetched.values()].reduce((sum, bytes) => sum + bytes, 0);
    const total = page.wireBytes + assets;
    t.diagnostic(
      `first visit: page ${page.wireBytes} B + ${fetched.size} assets ${assets} B = ${total} B`,
    );
    for (const [url, bytes] of fetched) t.diagnostic(`  ${new URL(url).pathname}: ${bytes} B`);
    assert.ok(fetched.size >= 4, 'the stylesheets and the script were found');
    assert.ok(total <= FIRST_VISIT_BUDGET, `first visit is ${total} B`);
  });

  it('later pages are at most 10 kB: the assets come from the browser cache', async (t) => {
    const choose = await follow(client, await client.get('/kommun', GZIP));
    const firstStep = await submit(client, choose, { kommun: '9901' });
    assert.equal(firstStep.status, 200);
    assert.ok(cheerio.load(firstStep.text)('form.portal-form').length === 1, 'a form step');

    const period = answersFor('period');
    const nextStep = await submit(client, firstStep, {
      ...(period as Record<string, string>),
      _action: 'next',
    });
    assert.equal(nextStep.status, 200);
    assert.equal(cheerio.load(nextStep.text)('#error-summary').length, 0, 'period accepted');

    for (const [what, page] of [
      ['choose a municipality', choose],
      ['first form step', firstStep],
      ['second form step', nextStep],
    ] as const) {
      t.diagnostic(`${what}: ${page.wireBytes} B`);
      assert.ok(page.wireBytes <= LATER_PAGE_BUDGET, `${what} is ${page.wireBytes} B`);
    }
  });
});

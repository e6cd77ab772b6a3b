import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { useTestApp } from '../helpers/test-services';

const IMMUTABLE = 'public, max-age=31536000, immutable';

async function assetUrlsOf(app: Parameters<typeof request>[0], path: string) {
  const response = await request(app).get(path);
  const $ = cheerio.load(response.text);
  return {
    stylesheets: $('link[rel=stylesheet]')
      .toArray()
      .map((element) => $(element).attr('href') ?? ''),
    scripts: $('script[src]')
      .toArray()
      .map((element) => $(element).attr('src') ?? ''),
  };
}

describe('static assets', () => {
  const testApp = useTestApp();

  it('pages link FKUI and our files by fingerprinted URLs, also the 404 page', async () => {
    for (const path of ['/', '/finns-inte']) {
      const { stylesheets, scripts } = await assetUrlsOf(testApp().app, path);
      assert.equal(stylesheets.length, 4, path);
      assert.match(stylesheets[0] ?? '', /^\/assets\/fkui-theme\/fkui-css-variables\.\w{12}\.css$/);
      assert.match(stylesheets[2] ?? '', /^\/assets\/fkui\/fkui\.min\.\w{12}\.css$/);
      assert.match(stylesheets[3] ?? '', /^\/assets\/css\/portal\.\w{12}\.css$/);
      assert.deepEqual(scripts.length, 1);
      assert.match(scripts[0] ?? '', /^\/assets\/js\/portal\.\w{12}\.js$/);
    }
  });

  it('serves each asset compressed (brotli first, then gzip) and cacheable for a year', async () => {
    const { stylesheets, scripts } = await assetUrlsOf(testApp().app, '/');
    for (const url of [...stylesheets, ...scripts]) {
      const plain = await request(testApp().app).get(url).set('Accept-Encoding', 'identity');
      assert.equal(plain.status, 200, url);
      assert.equal(plain.headers['content-encoding'], undefined, url);
      assert.equal(plain.headers['cache-control'], IMMUTABLE, url);
      assert.match(plain.headers['content-type'] ?? '', /^(text\/css|text\/javascript)/, url);

      for (const [accepted, expected] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
      ] as const) {
        const response = await request(testApp().app).get(url).set('Accept-Encoding', accepted);
        assert.equal(response.headers['content-encoding'], expected, `${url} ${accepted}`);
        assert.equal(response.headers['cache-control'], IMMUTABLE);
        assert.match(response.headers.vary ?? '', /Accept-Encoding/);
        // supertest decompresses: the browser gets the same file either way.
        assert.equal(response.text, plain.text, `${url} ${accepted}`);
      }
    }
  });

  it('answers a browser that already has the file with 304 and no body', async () => {
    const [url = ''] = (await assetUrlsOf(testApp().app, '/')).stylesheets;
    const first = await request(testApp().app).get(url).set('Accept-Encoding', 'gzip');
    const again = await request(testApp().app)
      .get(url)
      .set('Accept-Encoding', 'gzip')
      .set('If-None-Match', first.headers.etag ?? '');
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  it('serves a plain or outdated name without the immutable promise; unknown files are 404', async () => {
    for (const url of ['/assets/css/portal.css', '/assets/css/portal.000000000000.css']) {
      const response = await request(testApp().app).get(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers['cache-control'], 'no-cache', url);
    }
    const missing = await request(testApp().app).get('/assets/css/none.css');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['cache-control'], 'no-store');
    const notAnAsset = await request(testApp().app).get('/assets/fkui-theme/metadata.d.mts');
    assert.equal(notAnAsset.status, 404, 'only stylesheets, scripts, fonts and images are served');
  });

  it('compresses pages too', async () => {
    const response = await request(testApp().app).get('/kommun').set('Accept-Encoding', 'br');
    assert.equal(response.headers['content-encoding'], 'br');
    assert.match(response.text, /<h1/);
    assert.equal(response.headers['cache-control'], 'no-store');
  });
});

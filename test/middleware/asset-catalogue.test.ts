import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AssetCatalogue } from '../../middleware/asset-catalogue';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A real folder of assets, as a design-system package ships them. */
function assetFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'assets-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const stylesheet = [
  '@font-face { font-family: X; src: url(../fonts/x.woff2) format("woff2"); }',
  '.icon { background: url("../img/icons.svg#close"); }',
  '.tick { background: url(data:image/svg+xml;base64,AAAA); }',
  '.logo { background: url(/elsewhere/logo.png); }',
  '.lost { background: url(missing.png); }',
].join('\n');

describe('the asset catalogue', () => {
  it('gives every file a URL with its content hash, under its source prefix', () => {
    const dir = assetFolder({ 'css/site.css': 'body { margin: 0 }', 'notes.md': '# not served' });
    const catalogue = new AssetCatalogue([{ prefix: 'kit/', dir }]);
    const url = catalogue.url('kit/css/site.css');
    assert.match(url, /^\/assets\/kit\/css\/site\.[0-9a-f]{12}\.css$/);
    assert.deepEqual(catalogue.find(url.slice('/assets'.length))?.current, true);
    assert.throws(() => catalogue.url('kit/notes.md'), /Unknown asset/);
  });

  it('points relative url() references in stylesheets at the fingerprinted files', () => {
    const dir = assetFolder({
      'css/site.css': stylesheet,
      'fonts/x.woff2': 'font bytes',
      'img/icons.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    const catalogue = new AssetCatalogue([{ prefix: '', dir }]);
    const css = catalogue.find('css/site.css')?.asset.body.toString('utf8') ?? '';
    assert.ok(css.includes(`url("${catalogue.url('fonts/x.woff2')}")`), css);
    assert.ok(css.includes(`url("${catalogue.url('img/icons.svg')}#close")`), css);
    assert.ok(css.includes('url(data:image/svg+xml;base64,AAAA)'));
    assert.ok(css.includes('url(/elsewhere/logo.png)'));
    assert.ok(css.includes('url(missing.png)'));
  });

  it('a changed font changes the URL of the stylesheet that loads it', () => {
    const original = new AssetCatalogue([
      { prefix: '', dir: assetFolder({ 'css/site.css': stylesheet, 'fonts/x.woff2': 'one' }) },
    ]);
    const changed = new AssetCatalogue([
      { prefix: '', dir: assetFolder({ 'css/site.css': stylesheet, 'fonts/x.woff2': 'two' }) },
    ]);
    assert.notEqual(original.url('fonts/x.woff2'), changed.url('fonts/x.woff2'));
    assert.notEqual(original.url('css/site.css'), changed.url('css/site.css'));
  });

  it('finds plain and outdated names too, but never calls them current', () => {
    const catalogue = new AssetCatalogue([
      { prefix: '', dir: assetFolder({ 'js/app.js': 'console.log(1)' }) },
    ]);
    assert.equal(catalogue.find('js/app.js')?.current, false);
    assert.equal(catalogue.find('js/app.000000000000.js')?.current, false);
    assert.equal(catalogue.find('js/other.js'), undefined);
  });

  it('compresses once and gives the same bytes back each time', async () => {
    const text = '.a { color: red }\n'.repeat(500);
    const catalogue = new AssetCatalogue([{ prefix: '', dir: assetFolder({ 'a.css': text }) }]);
    const asset = catalogue.find('a.css')?.asset;
    assert.ok(asset);
    const brotli = await catalogue.compressed(asset, 'br');
    const gzip = await catalogue.compressed(asset, 'gzip');
    assert.equal(brotliDecompressSync(brotli).toString('utf8'), text);
    assert.equal(gunzipSync(gzip).toString('utf8'), text);
    assert.ok(brotli.length < text.length / 20);
    assert.equal(await catalogue.compressed(asset, 'br'), brotli, 'kept, not made again');
  });
});

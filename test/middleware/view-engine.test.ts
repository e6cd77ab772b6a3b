import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { viewEngine } from '../../middleware/view-engine';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function viewsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'views-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function render(dir: string, file: string, locals: object, cache = true): Promise<string> {
  const engine = viewEngine(dir);
  return new Promise((resolve, reject) => {
    engine(join(dir, file), { cache, ...locals }, (error, html) => {
      if (error) reject(error);
      else resolve(html ?? '');
    });
  });
}

describe('the view engine', () => {
  it("gives an include its own data on top of the includer's locals, escaped unless asked raw", async () => {
    const dir = viewsFolder({
      'page.ejs':
        "<h1><%= title %></h1><%- include('/partials/row', { label: 'A & B' }) %><p><%= label %></p>",
      'partials/row.ejs': "<%= title %>: <%= label %> <%- include('/partials/deep') %>",
      'partials/deep.ejs': '[<%= label %>]',
    });
    const html = await render(dir, 'page.ejs', { title: '<Sida>', label: 'sidans' });
    assert.equal(html, '<h1>&lt;Sida&gt;</h1>&lt;Sida&gt;: A &amp; B [A &amp; B]<p>sidans</p>');
  });

  it('lets a template ask whether a local exists, through the include too', async () => {
    const dir = viewsFolder({
      'page.ejs':
        "<%- include('/partials/maybe', { shown: 'ja' }) %>|<%- include('/partials/maybe') %>",
      'partials/maybe.ejs': "<%= typeof shown === 'undefined' ? 'nej' : shown %>",
    });
    assert.equal(await render(dir, 'page.ejs', {}), 'ja|nej');
  });

  it('keeps a partial from changing its includer, and a __proto__ key in the data from changing the chain', async () => {
    const dir = viewsFolder({
      'page.ejs':
        "<%- include('/partials/sets') %>|<%= name %>|<%- include('/partials/reads', data) %>",
      'partials/sets.ejs': "<% name = 'ändrad' %><%= name %>",
      'partials/reads.ejs': '<%= typeof t %>:<%= role %>',
    });
    const data = JSON.parse('{"__proto__": {"role": "inskjuten"}, "role": "egen"}') as object;
    assert.equal(
      await render(dir, 'page.ejs', { name: 'sidans', t: () => '', data }),
      'ändrad|sidans|function:egen',
    );
  });

  it('reads a changed file again when views are not cached, and keeps the first when they are', async () => {
    const dir = viewsFolder({ 'page.ejs': 'ett' });
    const cached = viewEngine(dir);
    const once = (cache: boolean) =>
      new Promise<string>((resolve) => {
        cached(join(dir, 'page.ejs'), { cache }, (_error, html) => resolve(html ?? ''));
      });
    assert.equal(await once(true), 'ett');
    writeFileSync(join(dir, 'page.ejs'), 'två');
    assert.equal(await once(true), 'ett');
    assert.equal(await once(false), 'två');
  });

  it('hands a missing include or a failing template to Express as an error, never a half page', async () => {
    const dir = viewsFolder({
      'missing.ejs': "<%- include('/partials/none') %>",
      'failing.ejs': '<%= notThere.name %>',
    });
    await assert.rejects(render(dir, 'missing.ejs', {}), /ENOENT/);
    await assert.rejects(render(dir, 'failing.ejs', {}), /notThere/);
  });
});

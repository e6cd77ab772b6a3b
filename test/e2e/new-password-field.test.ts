import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import express from 'express';
import { chromium, type Browser } from 'playwright-core';
import { setUpI18n } from '../../middleware/set-up-i18n';
import { setUpSecurityHeaders } from '../../middleware/set-up-security-headers';
import { setUpStatic } from '../../middleware/set-up-static';
import { browserSkipReason, expectNoAxeViolations } from '../helpers/browser';
import { chromiumLaunchOptions } from '../helpers/chromium';
import { checkHtml, htmlCheckSkipReason } from '../helpers/html-checker';

const rootDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
const views = join(rootDir, 'views');

/**
 * The partial on a bare page, served with the app's real CSP, assets and translations: the
 * count script must work under `script-src 'self'` with its texts from the page.
 */
const PAGE = `<!DOCTYPE html>
<html lang="<%= lang %>">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Nytt lösenord</title>
  <link rel="stylesheet" href="<%= asset('fkui-theme/fkui-css-variables.css') %>">
  <link rel="stylesheet" href="<%= asset('fkui/fkui.min.css') %>">
  <link rel="stylesheet" href="<%= asset('css/portal.css') %>">
  <link rel="icon" href="data:,">
  <script src="<%= asset('js/portal.js') %>" defer></script>
</head>
<body>
  <main class="container">
    <h1 class="heading--h1">Nytt lösenord</h1>
    <form method="post" novalidate>
      <%- include('/partials/fields/new-password', { field }) %>
      <button type="submit" class="button button--primary">Fortsätt</button>
    </form>
  </main>
</body>
</html>`;

function startServer(): Promise<Server> {
  const app = express();
  app.use(setUpSecurityHeaders(false));
  setUpStatic(app, rootDir);
  app.use(setUpI18n());
  app.get('/', (req, res) => {
    const field = { name: 'losenord', error: req.query.fel === '1' ? 'Skriv ett lösenord.' : '' };
    const html = ejs.render(PAGE, { ...app.locals, ...res.locals, field }, { root: views });
    res.type('html').send(html);
  });
  const server = createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();

describe('new password field in Chromium', { skip }, () => {
  let server: Server;
  let browser: Browser;
  let baseUrl: string;
  before(async () => {
    server = await startServer();
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  after(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('shows, as the person types, how many characters there are and whether that is enough', async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${baseUrl}/`);
      const count = page.locator('#losenord-count');
      const spoken = page.locator('#losenord-count-live');
      assert.equal(await count.isVisible(), false, 'nothing shown before typing');
      const password = page.getByLabel('Välj lösenord');
      await password.fill('kort ord');
      assert.equal(await count.textContent(), 'Du har skrivit 8 tecken. Det behövs minst 12.');
      assert.equal(await count.isVisible(), true);
      // The live region speaks once typing pauses.
      await page.waitForFunction(
        () => document.getElementById('losenord-count-live')?.textContent !== '',
      );
      assert.equal(await spoken.textContent(), 'Du har skrivit 8 tecken. Det behövs minst 12.');
      await password.pressSequentially(' och mer');
      assert.equal(await count.textContent(), 'Du har skrivit 16 tecken. Det räcker.');
      await password.fill('🙂'.repeat(12));
      assert.equal(await count.textContent(), 'Du har skrivit 12 tecken. Det räcker.');
      await password.fill('x'.repeat(129));
      assert.equal(await count.textContent(), 'Du har skrivit 129 tecken. Det får vara högst 128.');
      assert.equal((await password.inputValue()).length, 129, 'nothing cut off');
      await expectNoAxeViolations(t, page, 'the new password field while typing');
      assert.deepEqual(problems, [], 'no script errors or CSP refusals');
    } finally {
      await context.close();
    }
  });

  it('"Visa lösenord" shows both boxes as text, and they are password boxes again when the form is sent', async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/`);
      const boxes = [page.getByLabel('Välj lösenord'), page.getByLabel('Skriv lösenordet igen')];
      const types = () => Promise.all(boxes.map((box) => box.getAttribute('type')));
      assert.deepEqual(await types(), ['password', 'password']);
      const tick = page.getByText('Visa lösenord', { exact: true });
      await tick.click();
      assert.deepEqual(await types(), ['text', 'text']);
      await expectNoAxeViolations(t, page, 'the new password field shown as text');
      await tick.click();
      assert.deepEqual(await types(), ['password', 'password']);
      await tick.click();
      await page.evaluate(() =>
        document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true })),
      );
      assert.deepEqual(await types(), ['password', 'password']);
    } finally {
      await context.close();
    }
  });

  it('in English, and with an error shown, still passes axe', async (t) => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'lang', value: 'en', url: baseUrl }]);
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/?fel=1`);
      await page.getByLabel('Choose a password').fill('short one');
      assert.equal(
        await page.locator('#losenord-count').textContent(),
        'Characters typed: 9. At least 12 are needed.',
      );
      await expectNoAxeViolations(t, page, 'the new password field with an error');
    } finally {
      await context.close();
    }
  });

  it('is valid HTML, with and without an error', { skip: htmlCheckSkip }, async () => {
    const documents = await Promise.all(
      ['/', '/?fel=1'].map(async (path) => ({
        name: path,
        html: await (await fetch(baseUrl + path)).text(),
      })),
    );
    const errors = (await checkHtml(documents)).filter((problem) => problem.severity === 'error');
    assert.deepEqual(errors, []);
  });
});

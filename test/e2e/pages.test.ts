import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  browserSkipReason,
  expectNoAxeViolations,
  expectNothingPastRightEdge,
  startBrowserHarness,
  type BrowserHarness,
} from '../helpers/browser';
import { htmlCheckSkipReason } from '../helpers/html-checker';

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();

const pages = [
  '/',
  '/kommun',
  '/logga-in',
  '/tillganglighet',
  '/en-sida-som-inte-finns',
  // The development SMS outbox, with a message in its table (wider than a phone without care).
  '/dev/sms',
];

describe('pages in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
    await harness.services.sms.send({
      to: '+46701234512',
      text: '123456 är din kod för att logga in. Den gäller i 5 minuter. Ge aldrig koden till någon annan.',
    });
  });
  after(async () => {
    await harness.close();
  });

  for (const width of [360, 1280]) {
    for (const language of ['sv', 'en']) {
      it(`every page has zero axe violations at ${width} px in ${language}`, async (t) => {
        const context = await harness.browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        try {
          await page.goto(`${harness.baseUrl}/sprak/${language}`);
          for (const path of pages) {
            await page.goto(harness.baseUrl + path);
            assert.equal(await page.getAttribute('html', 'lang'), language);
            await expectNoAxeViolations(t, page, `${path} (${width} px, ${language})`);
            await expectNothingPastRightEdge(t, page, `${path} (${width} px, ${language})`);
          }
          await page.goto(`${harness.baseUrl}/kommun`);
          await page.locator('form button[type=submit]').click();
          await page.waitForSelector('#error-summary');
          await expectNoAxeViolations(t, page, `/kommun with errors (${width} px, ${language})`);
          await expectNothingPastRightEdge(t, page, `/kommun with errors (${width} px)`);
        } finally {
          await context.close();
        }
      });
    }
  }

  for (const language of ['sv', 'en']) {
    it(`at 320 px nothing runs past the right edge, footer included, in ${language}`, async (t) => {
      const context = await harness.browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      try {
        await page.goto(`${harness.baseUrl}/sprak/${language}`);
        for (const path of pages) {
          await page.goto(harness.baseUrl + path);
          await expectNothingPastRightEdge(t, page, `${path} (320 px, ${language})`);
        }
        // With a municipality chosen, the footer shows its long e-mail address on every page.
        await page.goto(`${harness.baseUrl}/kommun`);
        await page.click('label[for="kommun-9901"]');
        await page.locator('form button[type=submit]').click();
        await page.waitForLoadState('load');
        for (const path of [...pages, new URL(page.url()).pathname]) {
          await page.goto(harness.baseUrl + path);
          await expectNothingPastRightEdge(t, page, `${path} with a municipality (320 px)`);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('a visitor chooses a municipality from the start page, with the keyboard only', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(harness.baseUrl);
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent.trim()),
        'Hoppa till innehållet',
      );

      await page.getByRole('link', { name: 'Fyll i ansökan utan att logga in' }).click();
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      // The deferred script moves focus once the page has loaded; the click returns before that.
      await page.waitForLoadState('load');
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        'error-summary',
        'the error summary takes focus',
      );
      await page.getByRole('link', { name: 'Välj den kommun där du bor' }).click();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Fortsätt' }).click();

      await page.waitForURL(`${harness.baseUrl}/ansokan/ekonomiskt-bistand/period`);
      assert.match((await page.locator('header').textContent()) ?? '', /Exempelby kommun/);
    } finally {
      await context.close();
    }
  });

  it(
    'every page visited is valid HTML (W3C Nu HTML checker)',
    { skip: htmlCheckSkip },
    async (t) => {
      await harness.checkVisitedHtml(t);
    },
  );
});

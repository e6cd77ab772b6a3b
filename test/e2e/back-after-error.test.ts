import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { familyAnswers } from '../helpers/application';
import {
  browserSkipReason,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { fillStep } from '../helpers/browser-form';

const skip = browserSkipReason();

async function next(page: Page) {
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('.portal-step-buttons button[value=next]').click(),
  ]);
}

describe('the back button after an error in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('returns to the step as a plain page, never "Confirm form resubmission" (a page that answered a post)', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await page.goto(harness.baseUrl);
      await page.getByRole('link', { name: 'Fyll i ansökan utan att logga in' }).click();
      await page.click('label[for="kommun-9901"]');
      await page.getByRole('button', { name: 'Fortsätt' }).click();
      await page.waitForURL(/\/period$/);
      // "Nästa" with nothing chosen: the step comes back with its error, as the post's answer.
      await next(page);
      assert.equal(await page.locator('#error-summary').count(), 1);
      const [period, answers] = familyAnswers[0] ?? ['', {}];
      assert.equal(period, 'period');
      await fillStep(page, answers);
      await next(page);
      assert.match(page.url(), /\/om-dig$/);
      // Chromium would fail here with net::ERR_CACHE_MISS, had the entry stayed a post.
      const response = await page.goBack();
      assert.equal(response?.request().method(), 'GET');
      assert.match(page.url(), /\/ansokan\/ekonomiskt-bistand\/period$/);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
      assert.equal(await page.locator('#error-summary').count(), 0);
    } finally {
      await context.close();
    }
  });
});

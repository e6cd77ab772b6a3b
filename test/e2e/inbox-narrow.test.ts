import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSkipReason,
  expectNothingPastRightEdge,
  logInStaffInBrowser,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { sendApplication } from '../helpers/cases';
import { CASEWORKER_9901 } from '../helpers/completion';
import { createStaff } from '../helpers/staff';

const skip = browserSkipReason();

/** Each cell of the case table whose text is not wholly inside the window or its own box. */
async function cellsOutOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const cell of document.querySelectorAll(
      '.portal-cases tbody td, .portal-cases tbody th',
    )) {
      if (!(cell instanceof HTMLElement) || cell.getClientRects().length === 0) continue;
      const text = cell.textContent.replace(/\s+/g, ' ').trim();
      const box = cell.getBoundingClientRect();
      if (box.right > width + 1 || cell.scrollWidth > cell.clientWidth + 1) found.push(text);
    }
    return found;
  });
}

describe('the inbox on a narrow screen', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('shows every cell of "Ej beslutade" (the long period text too) in full at 360, 768, 1024 and 1280 px', async (t) => {
    await sendApplication(harness.testApp);
    const staff = await createStaff(harness.services, CASEWORKER_9901);
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await logInStaffInBrowser(page, harness.baseUrl, staff);

      await page.goto(`${harness.baseUrl}/handlaggare?lista=ej-beslutade`);
      const period = page.locator('.portal-cases tbody td', { hasText: 'sista dag' });
      await period.first().waitFor();
      for (const width of [360, 768, 1024, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        assert.deepEqual(await cellsOutOfView(page), [], `cells cut off at ${width} px`);
        await expectNothingPastRightEdge(t, page, `"Ej beslutade" at ${width} px`);
        if (process.env.SCREENSHOTS === '1') {
          await page.screenshot({ path: `test-results/e2e/inbox-${width}.png`, fullPage: true });
        }
      }
    } finally {
      await context.close();
    }
  });
});

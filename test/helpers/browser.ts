import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TestContext } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumAvailable, chromiumLaunchOptions, chromiumPath } from './chromium';
import { fixedClock } from './application';
import { createTestApp } from './test-services';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Says loudly when there is no Chromium; on CI (CI=true) a missing browser fails the run instead
 * of passing it silently.
 */
export function browserSkipReason(): string | false {
  if (chromiumAvailable()) return false;
  const reason = `Chromium not found at ${chromiumPath}: the browser tests are skipped (apt-get install chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason}, which CI does not allow.`);
  console.warn(`\n*** ${reason}. ***\n`);
  return reason;
}

export interface BrowserHarness {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real app on a free local port, and a headless Debian Chromium to drive it. */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  // A fixed day, so the application period answered in the tests stays valid whenever they run.
  const testApp = await createTestApp({ clock: fixedClock });
  const server: Server = await new Promise((resolve) => {
    const listening = testApp.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await testApp.cleanup();
    },
  };
}

/** Fails the test with every axe violation listed (rule, impact and the elements it hit). */
export async function expectNoAxeViolations(t: TestContext, page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const found = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  t.assert.deepStrictEqual(found, [], `axe violations on ${what}`);
}

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { TestContext } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumAvailable, chromiumLaunchOptions, chromiumPath } from './chromium';
import { fixedClock } from './application';
import { checkHtml } from './html-checker';
import { SentPages } from './sent-pages';
import type { Services } from '../../services';
import { createTestApp, type TestApp, type TestServicesOptions } from './test-services';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * How long a browser action may wait. CI runs on two fully loaded cores, where a sixteen-page
 * PDF or a page under axe can take several seconds; a real failure still fails, only later.
 */
export const BROWSER_ACTION_TIMEOUT_MS = 20_000;

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
  /** The app's services, to set up what a test needs (accounts) as an administrator would. */
  services: Services;
  /** The same app for supertest agents, to set up a case the way an applicant would send it. */
  testApp: TestApp;
  browser: Browser;
  /** Every distinct page the server sent, through the Nu HTML checker in one run. */
  checkVisitedHtml(t: TestContext): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app on a free local port, and a headless Debian Chromium to drive it. By default on a
 * fixed day, so the application period answered in the tests stays valid whenever they run; a
 * test of timeouts passes a clock it moves and a short idle time.
 */
export async function startBrowserHarness(
  options: TestServicesOptions = {},
): Promise<BrowserHarness> {
  const testApp = await createTestApp({ clock: fixedClock, ...options });
  const sent = new SentPages();
  const server: Server = createServer((req, res) => {
    sent.record(req, res);
    testApp.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch(chromiumLaunchOptions());
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    services: testApp.services,
    testApp,
    browser,
    async checkVisitedHtml(t) {
      const documents = sent.all();
      assert.ok(documents.length > 0, 'pages were visited');
      const problems = await checkHtml(documents);
      for (const warning of problems.filter((problem) => problem.severity === 'warning')) {
        t.diagnostic(`HTML warning on ${warning.name}: ${warning.text}`);
      }
      const errors = problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => `${problem.name}: ${problem.text}`);
      t.diagnostic(`${documents.length} distinct pages checked by the Nu HTML checker`);
      assert.deepEqual(errors, [], 'Nu HTML checker errors');
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await testApp.cleanup();
    },
  };
}

/** Fails the test with every axe violation listed (rule, impact and the elements it hit). */
export async function expectNoAxeViolations(t: TestContext, page: Page, what: string) {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode().analyze();
  const found = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  t.assert.deepStrictEqual(found, [], `axe violations on ${what}`);
}

/**
 * Nothing may run past the right edge: the page must not scroll sideways, and no text may spill
 * out of its box in the header, the main part or the footer (a long e-mail address does that
 * without making the page scroll).
 */
export async function expectNothingPastRightEdge(t: TestContext, page: Page, what: string) {
  // A click that starts a navigation returns before the new document exists.
  await page.waitForLoadState('load');
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      found.push(`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
    }
    // No helper functions in here: the test transpiler would wrap them in one the page lacks.
    for (const element of document.querySelectorAll('header *, main *, footer *')) {
      const parent = element.parentElement;
      if (!(element instanceof HTMLElement) || !parent || element.getClientRects().length === 0) {
        continue;
      }
      // Not drawn: the content of a closed <details> keeps boxes that nobody sees.
      if (!element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      const parentStyle = getComputedStyle(parent);
      // Visually hidden helpers sit far off to the side on purpose; scrolling boxes clip.
      if (style.position === 'absolute' || style.position === 'fixed') continue;
      // Inside a visually hidden box (a table head kept for screen readers): clipped on purpose.
      let clipped = false;
      for (let up: HTMLElement | null = parent; up && !clipped; up = up.parentElement) {
        clipped = getComputedStyle(up).clipPath.startsWith('inset');
      }
      if (clipped) continue;
      if (parentStyle.overflowX !== 'visible') continue;
      const name = `<${element.tagName.toLowerCase()} class="${element.className}"> "${element.textContent.replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
      const right = element.getBoundingClientRect().right;
      // A table's caption is laid out beside its border, not inside it: its room is the table's
      // outer edge.
      const room =
        element.tagName === 'CAPTION'
          ? parent.getBoundingClientRect().right
          : parent.getBoundingClientRect().right -
            parseFloat(parentStyle.paddingRight) -
            parseFloat(parentStyle.borderRightWidth);
      if (right > room + 1) {
        found.push(
          `${name} ends at ${Math.round(right)} px, past its box (${Math.round(room)} px)`,
        );
      } else if (
        style.display !== 'inline' &&
        style.overflowX === 'visible' &&
        !['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) &&
        element.scrollWidth > element.clientWidth + 1
      ) {
        found.push(`the text of ${name} spills out of its box`);
      }
    }
    return found;
  });
  t.assert.deepStrictEqual(problems, [], `${what}: something runs past the right edge`);
}

/** The latest SMS code, read from the development outbox as a tester would. */
export async function smsCodeFromOutbox(page: Page, baseUrl: string): Promise<string> {
  const outbox = await page.context().newPage();
  await outbox.goto(`${baseUrl}/dev/sms`);
  const text = (await outbox.locator('tbody tr').first().textContent()) ?? '';
  await outbox.close();
  const code = /(\d{6}) är din kod/.exec(text)?.[1];
  assert.ok(code, `no code in the outbox: ${text}`);
  return code;
}

/** A staff member logs in with password and SMS code, as at the office; ends in their area. */
export async function logInStaffInBrowser(
  page: Page,
  baseUrl: string,
  staff: { username: string; password: string },
  /** Run on the two login pages as they show (axe, say), named. */
  check: (what: string) => Promise<void> = () => Promise.resolve(),
) {
  await page.goto(`${baseUrl}/personal/logga-in`);
  await check('staff login');
  await page.getByLabel('Användarnamn').fill(staff.username);
  await page.getByLabel('Lösenord', { exact: true }).fill(staff.password);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.waitForURL(/\/logga-in\/kod/);
  await page.getByRole('button', { name: /^Skicka en SMS-kod/ }).click();
  await page.waitForURL(/metod=sms/);
  await check('staff SMS code');
  await page.getByLabel('Kod från SMS').fill(await smsCodeFromOutbox(page, baseUrl));
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/handlaggare/);
}

import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { familyAnswers, fixedClock } from '../helpers/application';
import {
  browserSkipReason,
  expectNoAxeViolations,
  expectNothingPastRightEdge,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { fillStep } from '../helpers/browser-form';
import { ManualClock } from '../helpers/manual-clock';

const skip = browserSkipReason();

/** Screenshots for a person to look at: where they are is in the test's diagnostics. */
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();

/** A cheap phone's screen. */
const PHONE = { width: 360, height: 740 };

/** The smallest screen we lay out for. */
const SMALLEST = { width: 320, height: 640 };

/**
 * The idle timeout in Chromium with a one-minute idle time: the page's timers and the server's
 * clock are moved together, so a minute passes in a moment.
 */
describe('the idle timeout as a person on a phone meets it', { skip }, () => {
  const clock = new ManualClock(fixedClock.now().toISOString());
  let harness: BrowserHarness;
  let context: BrowserContext;
  let page: Page;
  /** Keep-alive requests the page has sent and not yet had answered. */
  let inFlight = 0;

  before(async () => {
    harness = await startBrowserHarness({ clock, env: { SESSION_IDLE_MINUTES: '1' } });
  });
  after(async () => {
    await harness.close();
  });

  /** Lets `ms` pass for the page's timers and the server alike, then waits for any request. */
  async function pass(ms: number) {
    clock.advanceMinutes(ms / 60_000);
    await page.clock.runFor(ms);
    await settled();
  }

  async function settled() {
    for (let tries = 0; inFlight > 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(inFlight, 0, 'no keep-alive left unanswered');
  }

  async function openOmDig() {
    context = await harness.browser.newContext({ viewport: PHONE });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    page = await context.newPage();
    inFlight = 0;
    const keepAlive = (request: Request) => request.url().endsWith('/ansokan/forlang');
    page.on('request', (request) => (inFlight += keepAlive(request) ? 1 : 0));
    page.on('requestfinished', (request) => (inFlight -= keepAlive(request) ? 1 : 0));
    page.on('requestfailed', (request) => (inFlight -= keepAlive(request) ? 1 : 0));
    await page.clock.install({ time: clock.now() });
    await page.goto(`${harness.baseUrl}/kommun`);
    await page.click('label[for="kommun-9901"]');
    await page.getByRole('button', { name: 'Fortsätt' }).click();
    await page.goto(`${harness.baseUrl}/ansokan/ekonomiskt-bistand/period`);
    await fillStep(page, familyAnswers[0]?.[1] ?? {});
    await page.locator('.portal-step-buttons button[value=next]').click();
    await page.waitForURL(/\/om-dig$/);
  }

  async function look(t: TestContext, what: string, file: string) {
    const path = join(SHOTS, `${file}.png`);
    await page.screenshot({ path });
    t.diagnostic(`screenshot of ${what}: ${path}`);
  }

  /** The warning or ended box: on the screen, focus inside it, and no axe violations. */
  async function expectShownInView(t: TestContext, what: string) {
    const dialog = page.locator('#timeout-warning');
    assert.equal(await dialog.isVisible(), true, `${what} is shown`);
    assert.equal(await dialog.getAttribute('role'), 'alertdialog');
    const box = await dialog.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && viewport);
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height + 0.5, `${what} is in view`);
    assert.equal(
      await page.evaluate(() =>
        Boolean(document.getElementById('timeout-warning')?.contains(document.activeElement)),
      ),
      true,
      `focus is in ${what}`,
    );
    await expectNoAxeViolations(t, page, what);
  }

  /**
   * On a phone the box is a low bar: the form it is about stays in sight, its words are still
   * easy to read and its button easy to hit; at 320 px nothing runs past the right edge. A field
   * reached with the keyboard is scrolled into sight above the bar, not under it.
   */
  async function expectCompactOnPhone(t: TestContext, what: string, part: string, action: string) {
    await page.setViewportSize(PHONE);
    const box = await page.locator('#timeout-warning').boundingBox();
    assert.ok(box);
    t.diagnostic(`${what} at 360 x 740 px is ${Math.round(box.height)} px high`);
    assert.ok(box.height <= PHONE.height * 0.3, `${what} takes at most 30 % of the screen`);
    // The title and every line that shows (a hidden longer text has no box).
    const textSizes = await page
      .locator(`#${part}`)
      .evaluate((element) =>
        [...element.querySelectorAll('h2, p')]
          .filter((text) => text instanceof HTMLElement && text.innerText.trim() !== '')
          .map((text) => parseFloat(getComputedStyle(text).fontSize)),
      );
    assert.ok(textSizes.length >= 2, `${what}: a title and a line`);
    assert.ok(Math.min(...textSizes) >= 16, `${what}: text of 16 px or more (${textSizes.join()})`);
    const button = await page.locator(`#${action}`).boundingBox();
    assert.ok(button && button.height >= 44, `${what}: a button at least 44 px high`);

    await page.setViewportSize(SMALLEST);
    await expectShownInView(t, `${what} at 320 px`);
    await expectNothingPastRightEdge(t, page, `${what} at 320 px`);

    // Back from the box with Shift+Tab to the page's last control, which lay under the bar: it
    // comes up above the bar.
    await page.evaluate(() => {
      const last = document.querySelector('.portal-cancel button')?.getBoundingClientRect();
      window.scrollBy(0, (last?.top ?? 0) - (window.innerHeight - 60));
    });
    await page.keyboard.press('Shift+Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('.portal-cancel') !== null),
      true,
      'Shift+Tab goes back to the page',
    );
    const [focusedBottom, barTop] = await page.evaluate(() => [
      document.activeElement?.getBoundingClientRect().bottom ?? Infinity,
      document.getElementById('timeout-warning')?.getBoundingClientRect().top ?? 0,
    ]);
    assert.ok(focusedBottom <= barTop, `${what}: the focused control is not hidden under the bar`);
    await page.locator(`#${action}`).focus();
    await page.setViewportSize(PHONE);
  }

  it('typing on one step for 80 seconds keeps the session alive; no warning comes', async () => {
    await openOmDig();
    const firstName = page.getByLabel('Förnamn', { exact: true });
    await firstName.click();
    for (const letter of 'Ella Maria Lindqvist') {
      await pass(4_000);
      await firstName.press(letter === ' ' ? 'Space' : letter);
      assert.equal(await page.locator('#timeout-warning').isVisible(), false, 'no warning');
    }
    await settled();
    await page.locator('.portal-step-buttons button[value=next]').click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/ansokan\/ekonomiskt-bistand\/om-dig$/, 'the step is shown again');
    // Om dig has more questions: the page comes back with their errors, the name still there.
    assert.equal(await firstName.inputValue(), 'Ella Maria Lindqvist');
    await context.close();
  });

  it('the warning at the bottom of a 360 px screen, focused; "Jag behöver mer tid" renews', async (t) => {
    await openOmDig();
    const typed = page.getByLabel('Förnamn', { exact: true });
    await typed.fill('Ella');
    await pass(31_000);
    await expectShownInView(t, 'the timeout warning');
    assert.equal(
      await page.locator('#keep-alive').evaluate((el) => el === document.activeElement),
      true,
    );
    assert.match(
      (await page.locator('#timeout-warning-text').textContent()) ?? '',
      /^Snart raderar vi dina svar/,
    );
    await look(t, 'the timeout warning at 360 px', 'timeout-warning-360');
    await expectCompactOnPhone(t, 'the timeout warning', 'timeout-warning-part', 'keep-alive');
    await page.getByRole('button', { name: 'Jag behöver mer tid' }).click();
    await settled();
    assert.equal(await page.locator('#timeout-warning').isVisible(), false, 'gone once renewed');
    // 50 seconds after the page loaded, 19 after renewing: the step still saves.
    await pass(19_000);
    assert.equal(await page.locator('#timeout-warning').isVisible(), false);

    await page.setViewportSize({ width: 1280, height: 800 });
    await pass(12_000);
    await expectShownInView(t, 'the timeout warning at 1280 px');
    await look(t, 'the timeout warning at 1280 px', 'timeout-warning-1280');
    await context.close();
  });

  it('back to a tab left in the background past the end: the ended state at once, then the page that says so', async (t) => {
    await openOmDig();
    await page.getByLabel('Förnamn', { exact: true }).fill('Ella');
    // In the background a phone runs no timers: only the time moves.
    clock.advanceMinutes(2);
    await page.clock.setSystemTime(clock.now());
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expectShownInView(t, 'the ended state');
    assert.equal(await page.locator('#timeout-ended-part').isVisible(), true);
    assert.equal(await page.locator('#timeout-warning-part').isVisible(), false);
    assert.equal(await page.getByLabel('Förnamn', { exact: true }).inputValue(), 'Ella');
    await look(t, 'the ended state at 360 px', 'timeout-ended-360');
    await expectCompactOnPhone(t, 'the ended state', 'timeout-ended-part', 'timeout-ended-link');
    await page.setViewportSize({ width: 1280, height: 800 });
    await look(t, 'the ended state at 1280 px', 'timeout-ended-1280');

    // Nästa anyway: the server says the same, in a page of its own.
    await page.setViewportSize(PHONE);
    await page.locator('.portal-step-buttons button[value=next]').click();
    await page.waitForURL(/\/sessionen-slut$/);
    assert.equal(await page.locator('h1').textContent(), 'Vi har avslutat ditt besök');
    await expectNoAxeViolations(t, page, 'the session-ended page');
    await page.screenshot({ path: join(SHOTS, 'session-ended-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(SHOTS, 'session-ended-1280.png'), fullPage: true });
    t.diagnostic(`screenshots of the session-ended page: ${SHOTS}/session-ended-*.png`);
    await context.close();
  });

  it('a second tab that goes on working keeps the first from warning too early or saying the visit ended', async () => {
    await openOmDig();
    await page.getByLabel('Förnamn', { exact: true }).fill('Ella');
    await pass(25_000);
    // The same step in a second tab: its page load restarts the session's idle timer.
    const second = await context.newPage();
    await second.goto(page.url());
    await pass(10_000);
    const dialog = page.locator('#timeout-warning');
    assert.equal(await dialog.isVisible(), false, 'no warning 35 s after the first tab loaded');
    await pass(30_000);
    assert.equal(await dialog.isVisible(), true, 'a warning, 40 s after the second tab loaded');
    assert.equal(await page.locator('#timeout-ended-part').isVisible(), false, 'not "ended"');

    // Typing in the second tab renews the session: the first tab's warning goes away.
    const renewed = second.waitForResponse((response) => response.url().endsWith('/forlang'));
    await second.getByLabel('Förnamn', { exact: true }).press('a');
    assert.equal((await renewed).status(), 200);
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.getByLabel('Förnamn', { exact: true }).inputValue(), 'Ella');
    await context.close();
  });

  it('leaving a step: "In English" keeps what was typed; a plain link asks first', async () => {
    await openOmDig();
    await page.getByLabel('Förnamn', { exact: true }).fill('Ella');
    let asked = 0;
    page.on('dialog', (dialog) => {
      asked += dialog.type() === 'beforeunload' ? 1 : 0;
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'In English' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByLabel('First name', { exact: true }).inputValue(), 'Ella');
    assert.equal(asked, 0, 'a way out that saves asks nothing');

    await page.getByLabel('First name', { exact: true }).fill('Ella Maria');
    await page.getByRole('link', { name: 'Accessibility' }).click();
    await settled();
    assert.equal(asked, 1, 'the browser asks before losing what was typed');
    assert.match(page.url(), /\/om-dig$/, 'still on the step');
    await context.close();
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it, type TestContext } from 'node:test';
import { familyAnswers } from '../helpers/application';
import {
  browserSkipReason,
  expectNoAxeViolations,
  expectNothingPastRightEdge,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { fillStep } from '../helpers/browser-form';
import { htmlCheckSkipReason } from '../helpers/html-checker';

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();
const outDir = 'test-results/e2e';

async function walk(t: TestContext, harness: BrowserHarness, javaScriptEnabled: boolean) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  // The narrowest phones in use are 320 px wide: the form must fit without sideways scrolling.
  const context = await harness.browser.newContext({
    viewport: { width: javaScriptEnabled ? 320 : 360, height: 800 },
    javaScriptEnabled,
    acceptDownloads: true,
  });
  // Fail fast with a clear message rather than wait 30 s for an element that is not coming.
  context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  // axe runs as a script; without JavaScript it checks an exact copy of the page in a twin.
  const twinContext = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
  const twin = await twinContext.newPage();
  // Every page checked: axe, and nothing past the right edge (the footer included).
  // `madeWithoutScript`: a page the walk without JavaScript reaches differently (errors, summary).
  const checkPage = async (what: string, madeWithoutScript = false) => {
    await expectNothingPastRightEdge(t, page, `${what} at ${javaScriptEnabled ? 320 : 360} px`);
    // SCREENSHOTS=1 keeps a picture of every page checked, for a person to look at.
    if (process.env.SCREENSHOTS === '1') {
      mkdirSync(`${outDir}/pages`, { recursive: true });
      const file = what.replace(/[^\w]+/g, '-');
      await page.screenshot({ path: `${outDir}/pages/${file}.png`, fullPage: true });
    }
    if (javaScriptEnabled) {
      await expectNoAxeViolations(t, page, what);
      return;
    }
    // The twin runs the page's script, so a step page there is what the walk with JavaScript
    // checked already; only the pages made differently without it are checked again.
    if (!madeWithoutScript) return;
    await twin.goto(`${harness.baseUrl}/healthz`);
    await twin.setContent(await page.content(), { waitUntil: 'load' });
    await expectNoAxeViolations(t, twin, what);
  };
  try {
    await page.goto(harness.baseUrl);
    await page.getByRole('link', { name: 'Fyll i ansökan utan att logga in' }).click();
    await page.click('label[for="kommun-9902"]');
    await page.getByRole('button', { name: 'Fortsätt' }).click();

    // One mistake on the way, to see the error page as a person does.
    await page.getByRole('button', { name: 'Nästa', exact: true }).click();
    await page.locator('#error-summary').waitFor();
    assert.equal(await page.locator('#error-summary').count(), 1);
    await checkPage(`period with errors (${label})`, true);

    for (const [stepId, answers] of familyAnswers) {
      assert.ok(
        page.url().includes(`/ansokan/ekonomiskt-bistand/${stepId}`),
        `${label}: expected ${stepId}, at ${page.url()}`,
      );
      await checkPage(`${stepId} (${label})`);
      if (javaScriptEnabled && stepId === 'period') {
        assert.equal(await page.locator('#f-changesText').isVisible(), false, 'hidden until "Ja"');
      }
      await fillStep(page, answers);
      await page.locator('.portal-step-buttons button[value=next]').click();
      await page.waitForLoadState('load');
      assert.equal(await page.locator('#error-summary').count(), 0, `${label}: ${stepId} accepted`);
    }

    assert.ok(page.url().endsWith('/ansokan/ekonomiskt-bistand/granska'));
    assert.match((await page.locator('main').textContent()) ?? '', /Nguyễn Thị/);
    await checkPage(`review (${label})`, true);

    await page.getByRole('link', { name: 'Gå vidare till utskrift' }).click();
    await page.waitForURL(/\/klar$/);
    await checkPage(`print page (${label})`, true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Ladda ner ansökan (PDF)' }).click(),
    ]);
    mkdirSync(outDir, { recursive: true });
    const saved = `${outDir}/ansokan-${javaScriptEnabled ? 'js' : 'no-js'}.pdf`;
    await download.saveAs(saved);
    assert.equal(readFileSync(saved).subarray(0, 5).toString(), '%PDF-');

    await page.getByRole('button', { name: 'Ja, radera mina uppgifter' }).click();
    await page.waitForURL(`${harness.baseUrl}/?raderat=1`);
    await checkPage(`deleted (${label})`);
    await page.goto(`${harness.baseUrl}/ansokan/ekonomiskt-bistand/granska`);
    assert.ok(page.url().endsWith('/kommun'), 'the next person finds nothing');
  } finally {
    await context.close();
    await twinContext.close();
  }
}

describe('the application journey in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('a family applies without an account, with JavaScript, zero axe violations', async (t) => {
    await walk(t, harness, true);
  });

  it('the same journey without JavaScript', async (t) => {
    await walk(t, harness, false);
  });

  it(
    'every page visited is valid HTML (W3C Nu HTML checker)',
    { skip: htmlCheckSkip },
    async (t) => {
      await harness.checkVisitedHtml(t);
    },
  );
});

import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { sessionCookieOf } from '../helpers/application';
import { BILAGOR, loggedInApplicant, reachAttachmentStep } from '../helpers/attachments';
import {
  browserSkipReason,
  expectNoAxeViolations,
  expectNothingPastRightEdge,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import {
  caseUnderHandling,
  markAnswer,
  markMissingFile,
  requestCompletion,
} from '../helpers/completion';
import { htmlCheckSkipReason } from '../helpers/html-checker';
import type { Agent } from '../helpers/http';
import { samplePdf } from '../helpers/sample-files';

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();

/** Screenshots for a person to look at: where they are is in the test's diagnostics. */
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();

/** A 360 px Chromium, logged in with the session of a supertest agent. */
async function phone(
  harness: BrowserHarness,
  agent: Agent,
  javaScriptEnabled: boolean,
): Promise<BrowserContext> {
  const context = await harness.browser.newContext({
    viewport: { width: 360, height: 800 },
    javaScriptEnabled,
  });
  context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
  const [name, value] = sessionCookieOf(agent).split('=') as [string, string];
  await context.addCookies([{ name, value, url: harness.baseUrl }]);
  return context;
}

/** Ticks a box as a person does: by clicking its label (FKUI draws the box over the input). */
async function tickBox(page: Page, label: string) {
  const id = await page.getByLabel(label).getAttribute('id');
  await page.locator(`label[for="${id ?? ''}"]`).click();
}

/**
 * A screenshot; with JavaScript on, also the 360 px and axe checks (they run scripts in the
 * page, which a page without JavaScript never answers).
 */
async function checkPage(t: TestContext, page: Page, what: string, file: string, script: boolean) {
  const path = join(SHOTS, `${file}${script ? '' : '-no-js'}.png`);
  await page.screenshot({ path, fullPage: true });
  t.diagnostic(`screenshot of ${what}: ${path}`);
  if (!script) return;
  await expectNothingPastRightEdge(t, page, `${what} at 360 px`);
  await expectNoAxeViolations(t, page, what);
}

describe(
  'what is typed survives an upload in Chromium, with and without JavaScript',
  { skip },
  () => {
    let harness: BrowserHarness;
    before(async () => {
      harness = await startBrowserHarness();
    });
    after(async () => {
      await harness.close();
    });

    it('Bilagor with JavaScript: a file chosen and "Nästa" pressed instead of "Ladda upp": it is uploaded, the tick kept, and the page says so', async (t) => {
      const { agent } = await loggedInApplicant(harness.testApp.app, harness.services);
      await reachAttachmentStep(agent);
      const context = await phone(harness, agent, true);
      const page = await context.newPage();
      try {
        await page.goto(`${harness.baseUrl}${BILAGOR}`);
        await tickBox(page, 'Hyresavi eller hyreskontrakt');
        await page
          .getByLabel('Välj filer')
          .setInputFiles([
            { name: 'hyresavi.pdf', mimeType: 'application/pdf', buffer: await samplePdf() },
          ]);
        await page.getByRole('button', { name: 'Nästa' }).click();
        await page.waitForURL(/uppladdat=1/);
        assert.match((await page.locator('.file-item-list').textContent()) ?? '', /hyresavi\.pdf/);
        assert.match(
          (await page.getByRole('status').first().textContent()) ?? '',
          /Vi laddade upp dem åt dig\. Kontrollera listan och tryck sedan på Nästa\. Filen hyresavi\.pdf är uppladdad\./,
        );
        // One line says it all, and the page opens there.
        assert.equal(
          await page.evaluate(() => document.activeElement?.getAttribute('role')),
          'status',
        );
        assert.equal(await page.getByLabel('Hyresavi eller hyreskontrakt').isChecked(), true);
        await checkPage(
          t,
          page,
          'Bilagor after "Nästa" with a file',
          'bilagor-uploaded-on-next',
          true,
        );
        // "Nästa" again, with nothing chosen: on to the next step.
        await page.getByRole('button', { name: 'Nästa' }).click();
        await page.waitForURL((url) => !url.pathname.endsWith('/bilagor'));
      } finally {
        await context.close();
      }
    });

    for (const script of [false, true]) {
      const how = script ? 'with JavaScript' : 'without JavaScript';
      it(`Bilagor ${how}: boxes ticked, a file chosen, "Ladda upp": the boxes are still ticked`, async (t) => {
        const { agent } = await loggedInApplicant(harness.testApp.app, harness.services);
        await reachAttachmentStep(agent);
        const context = await phone(harness, agent, script);
        const page = await context.newPage();
        try {
          await page.goto(`${harness.baseUrl}${BILAGOR}`);
          await tickBox(page, 'Hyresavi eller hyreskontrakt');
          await tickBox(page, 'Läkarintyg');
          await page
            .getByLabel('Välj filer')
            .setInputFiles([
              { name: 'hyresavi.pdf', mimeType: 'application/pdf', buffer: await samplePdf() },
            ]);
          await page.getByRole('button', { name: 'Ladda upp' }).click();
          await page.waitForLoadState('load');
          assert.match(
            (await page.locator('.file-item-list').textContent()) ?? '',
            /hyresavi\.pdf/,
          );
          assert.equal(await page.getByLabel('Hyresavi eller hyreskontrakt').isChecked(), true);
          assert.equal(await page.getByLabel('Läkarintyg').isChecked(), true);
          assert.equal(
            await page.getByLabel('Aktivitetsrapport från Arbetsförmedlingen').isChecked(),
            false,
          );
          await checkPage(t, page, 'Bilagor after an upload', 'keep-typed-bilagor', script);

          // A file of the wrong type: the message, and the ticks still there.
          await tickBox(page, 'Fakturor och kvitton för kostnaderna du söker för');
          await page.getByLabel('Välj filer').setInputFiles([
            {
              name: 'program.exe',
              mimeType: 'application/octet-stream',
              buffer: Buffer.from('MZ\x90\x00'),
            },
          ]);
          await page.getByRole('button', { name: 'Ladda upp' }).click();
          await page.waitForLoadState('load');
          assert.match((await page.locator('#error-summary').textContent()) ?? '', /program\.exe/);
          assert.equal(
            await page.getByLabel('Fakturor och kvitton för kostnaderna du söker för').isChecked(),
            true,
          );
          await checkPage(
            t,
            page,
            'Bilagor after a refused file',
            'keep-typed-bilagor-refused',
            script,
          );
        } finally {
          await context.close();
        }
      });

      it(`completion ${how}: an answer typed, a file chosen, "Ladda upp": the answer is still in its field`, async (t) => {
        const inHand = await caseUnderHandling(harness.testApp);
        const { agent: staff } = inHand.caseworker;
        await markAnswer(staff, inHand.casePath, 'Postnummer', 'Stämmer inte med adressen.');
        await markMissingFile(
          staff,
          inHand.casePath,
          'Lönebesked och beslut om ersättningar',
          'Lönebesked för november saknas.',
        );
        assert.equal((await requestCompletion(staff, inHand.casePath)).response.status, 303);
        const context = await phone(harness, inHand.sent.agent, script);
        const page = await context.newPage();
        try {
          await page.goto(
            `${harness.baseUrl}/mina-sidor/ansokningar/${inHand.sent.id}/komplettering`,
          );
          await checkPage(t, page, 'completion page', 'keep-typed-completion-start', script);
          await page.getByLabel('Postnummer').fill('543 21');
          await page.getByLabel('Välj filer').setInputFiles([
            {
              name: 'lönebesked.pdf',
              mimeType: 'application/pdf',
              buffer: await samplePdf('Lön'),
            },
          ]);
          await page.getByRole('button', { name: 'Ladda upp' }).click();
          await page.waitForLoadState('load');
          assert.equal(await page.getByLabel('Postnummer').inputValue(), '543 21');
          assert.match(
            (await page.locator('.file-item-list').textContent()) ?? '',
            /lönebesked\.pdf/,
          );
          await checkPage(t, page, 'completion after an upload', 'keep-typed-completion', script);

          // Enter in the answer sends the completion (not the upload), as before.
          await page.getByLabel('Postnummer').press('Enter');
          await page.waitForURL(/\?kompletterad=1$/);
        } finally {
          await context.close();
        }
      });
    }

    it(
      'every page visited (Bilagor and the completion page after uploads) is valid HTML',
      { skip: htmlCheckSkip },
      async (t) => {
        await harness.checkVisitedHtml(t);
      },
    );
  },
);

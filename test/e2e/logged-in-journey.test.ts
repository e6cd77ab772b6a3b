import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { familyAnswersOf } from '../helpers/application';
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
import { createApplicant, newPersonnummer, type TestApplicant } from '../helpers/login';
import { samplePdf, samplePng } from '../helpers/sample-files';

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();

async function checkPage(t: TestContext, page: Page, what: string) {
  await expectNothingPastRightEdge(t, page, `${what} at 360 px`);
  await expectNoAxeViolations(t, page, what);
}

/** The password step, as a person does it from the start page. */
async function enterPassword(t: TestContext, page: Page, baseUrl: string, who: TestApplicant) {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Logga in' }).first().click();
  await page.waitForURL(/\/logga-in$/);
  await checkPage(t, page, 'login');
  await page.getByLabel('Personnummer').fill(who.personnummer);
  await page.getByLabel('Lösenord', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.waitForURL(/\/logga-in\/kod/);
  await checkPage(t, page, 'code choice');
}

/** Chooses a PDF and a photo and presses "Ladda upp", as a person does on the Bilagor step. */
async function uploadTwoFiles(t: TestContext, page: Page) {
  await page.getByLabel('Välj filer').setInputFiles([
    { name: 'kontoutdrag.pdf', mimeType: 'application/pdf', buffer: await samplePdf() },
    { name: 'hyresavi.png', mimeType: 'image/png', buffer: samplePng() },
  ]);
  await page.getByRole('button', { name: 'Ladda upp' }).click();
  await page.waitForLoadState('load');
  const listed = (await page.locator('.file-item-list').textContent()) ?? '';
  assert.match(listed, /kontoutdrag\.pdf/);
  assert.match(listed, /hyresavi\.png/);
  await checkPage(t, page, 'Bilagor with two files');
}

/** A new application from Mina sidor, every step filled, sent; returns the receipt number. */
async function applyAndSend(t: TestContext, page: Page, who: TestApplicant): Promise<string> {
  await page.getByRole('button', { name: 'Starta en ny ansökan' }).click();
  for (const [stepId, answers] of familyAnswersOf(who.personnummer)) {
    assert.ok(page.url().includes(`/ansokan/ekonomiskt-bistand/${stepId}`), page.url());
    if (stepId === 'bilagor') await uploadTwoFiles(t, page);
    await fillStep(page, answers);
    await page.locator('.portal-step-buttons button[value=next]').click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#error-summary').count(), 0, `${stepId} accepted`);
  }
  assert.ok(page.url().endsWith('/granska'));
  await checkPage(t, page, 'review with send button');
  await page.getByRole('button', { name: 'Skicka in ansökan' }).click();
  await page.waitForURL(/\/mina-sidor\/ansokningar\/.*\?skickad=1$/);
  await checkPage(t, page, 'receipt');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ansökan är inskickad');
  const number = await page.locator('dt:has-text("Kvittonummer") + dd').textContent();
  assert.match(number ?? '', /^EB-/);
  return number ?? '';
}

describe('a logged-in applicant in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('activates the account from the letter, logs in with an SMS code read from the development outbox, applies with two attachments and sends; zero axe violations', async (t) => {
    const { services } = harness;
    const personnummer = newPersonnummer();
    const account = await services.accounts.createApplicant({
      personnummer,
      name: 'Sara Sökande',
      mobile: '+46701112243',
      municipalityCode: '9901',
    });
    const { code: activationCode } = await services.activationCodes.issue(account.id);
    const applicant: TestApplicant = {
      account,
      personnummer,
      password: 'mitt eget långa lösenord',
      mobile: '+46701112243',
      codes: new Map(),
    };
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await page.goto(`${harness.baseUrl}/logga-in`);
      await page.getByRole('link', { name: 'Jag har fått ett brev med en aktiveringskod' }).click();
      await page.waitForURL(/\/aktivera$/);
      await checkPage(t, page, 'activation');
      await page.getByLabel('Personnummer').fill(personnummer);
      await page.getByLabel('Aktiveringskod').fill(activationCode);
      await page.getByLabel('Välj lösenord').fill(applicant.password);
      await page.getByLabel('Skriv lösenordet igen').fill(applicant.password);
      await page.getByRole('button', { name: 'Aktivera kontot' }).click();
      await page.waitForURL(/\/mina-sidor\?aktiverad=1$/);
      await checkPage(t, page, 'Mina sidor after activation');
      await page.getByRole('button', { name: 'Logga ut' }).click();
      await page.waitForURL(/\?utloggad=1$/);

      await enterPassword(t, page, harness.baseUrl, applicant);
      await page.getByRole('button', { name: 'Skicka en SMS-kod till 070-XXX XX 43' }).click();
      await page.waitForURL(/metod=sms/);
      await checkPage(t, page, 'SMS code');
      const outbox = await context.newPage();
      await outbox.goto(`${harness.baseUrl}/dev/sms`);
      const text = (await outbox.locator('tbody tr').first().textContent()) ?? '';
      await outbox.close();
      const code = /(\d{6}) är din kod/.exec(text)?.[1];
      assert.ok(code, `no code in the outbox: ${text}`);
      await page.getByLabel('Kod från SMS').fill(code);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(/\/mina-sidor$/);
      await checkPage(t, page, 'Mina sidor');

      const receipt = await applyAndSend(t, page, applicant);
      await page.getByRole('link', { name: 'Till Mina sidor' }).click();
      await page.waitForURL(/\/mina-sidor$/);
      assert.match((await page.locator('main').textContent()) ?? '', new RegExp(receipt));
      await checkPage(t, page, 'Mina sidor with a sent application');

      await page.getByRole('button', { name: 'Logga ut' }).click();
      await page.waitForURL(/\?utloggad=1$/);
      await checkPage(t, page, 'logged out');
    } finally {
      await context.close();
    }
  });

  it('logs in with the numbered code from the code list and starts an application', async (t) => {
    const applicant = await createApplicant(harness.services, { mobile: null });
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await enterPassword(t, page, harness.baseUrl, applicant);
      const label = (await page.locator('label[for="kod"]').textContent()) ?? '';
      const number = Number(/nummer (\d+)/.exec(label)?.[1]);
      await page
        .getByLabel(`Kod nummer ${number} från din kodlista`)
        .fill(applicant.codes.get(number) ?? '');
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForURL(/\/mina-sidor$/);
      assert.match((await page.locator('h1').textContent()) ?? '', /Mina sidor/);
      await checkPage(t, page, 'Mina sidor after a code-list login');
      // Filling in and sending is the same as after an SMS login, walked in the test above.
      await page.getByRole('button', { name: 'Starta en ny ansökan' }).click();
      await page.waitForURL(/\/ansokan\/ekonomiskt-bistand\/period$/);
      await checkPage(t, page, 'first step after a code-list login');
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

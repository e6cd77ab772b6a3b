import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import {
  browserSkipReason,
  expectNoAxeViolations,
  expectNothingPastRightEdge,
  logInStaffInBrowser,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { sendApplication } from '../helpers/cases';
import { CASEWORKER_9901 } from '../helpers/completion';
import { htmlCheckSkipReason } from '../helpers/html-checker';
import { samplePdf } from '../helpers/sample-files';
import { createStaff } from '../helpers/staff';
import { swedishDay } from '../../forms/dates';
import { loadStaffMember } from '../../services/staff-access';

const skip = browserSkipReason();
const htmlCheckSkip = htmlCheckSkipReason();

/** Axe at the desk's width, and nothing sideways on a phone. */
async function checkPage(t: TestContext, page: Page, what: string) {
  await expectNoAxeViolations(t, page, what);
  await page.setViewportSize({ width: 360, height: 800 });
  await expectNothingPastRightEdge(t, page, `${what} at 360 px`);
  await expectNoAxeViolations(t, page, `${what} at 360 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('a caseworker in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('logs in with two factors and works a case from Nya to a decision; zero axe violations on every page', async (t) => {
    const sent = await sendApplication(harness.testApp);
    const staff = await createStaff(harness.services, CASEWORKER_9901);
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await logInStaffInBrowser(page, harness.baseUrl, staff, (what) => checkPage(t, page, what));

      // Nya: the case sent a moment ago.
      await page.goto(`${harness.baseUrl}/handlaggare`);
      await checkPage(t, page, 'inbox, Nya');
      await page.getByRole('link', { name: 'Łukasz Øvergård' }).first().click();
      await page.waitForURL(new RegExp(`/handlaggare/arenden/${sent.id}`));
      await checkPage(t, page, 'case view');

      // Taking the case moves it to Under handläggning, said on the page.
      await page.getByRole('button', { name: 'Tilldela mig' }).click();
      await page.waitForURL(/klart=tilldelad-startad/);
      await page.getByText('Ärendet är tilldelat och har nu status Under handläggning.').waitFor();
      await checkPage(t, page, 'case view, under handling');

      // The medsökande has no account: their signature came in on paper today.
      await page.getByRole('link', { name: 'Underskrift från medsökande har kommit in' }).click();
      await page.waitForURL(/\/underskrift-medsokande$/);
      await checkPage(t, page, 'co-applicant signature');
      await page.getByRole('button', { name: 'Registrera underskriften' }).click();
      await page.waitForURL(/underskrift=1/);

      await page.getByRole('link', { name: 'Fatta beslut' }).click();
      await page.waitForURL(/\/beslut$/);
      await checkPage(t, page, 'decision form');
      const electricity = page.getByRole('group', { name: 'Hushållsel' });
      await electricity.getByLabel('Beviljat belopp').fill('0');
      await electricity
        .getByLabel('Skäl om du beviljar mindre än sökt')
        .fill('Hushållsel ingår i riksnormen, så vi beviljar den inte en gång till.');
      await page.getByRole('button', { name: 'Kontrollera beslutet' }).click();
      await page.getByRole('heading', { name: /^Kontrollera beslutet/ }).waitFor();
      await page.waitForURL(/\/beslut\/kontrollera$/);
      await checkPage(t, page, 'decision check');
      // Back from the check keeps what was typed; forward again asks nothing of the browser.
      await page.goBack();
      await page.waitForURL(/\/beslut$/);
      assert.match(
        await electricity.getByLabel('Skäl om du beviljar mindre än sökt').inputValue(),
        /^Hushållsel ingår i riksnormen/,
      );
      await page.goForward();
      await page.getByRole('heading', { name: /^Kontrollera beslutet/ }).waitFor();
      await page.getByRole('button', { name: 'Fatta beslut och skapa brev' }).click();
      await page.waitForURL(/beslut=(1|sms)/);
      assert.match((await page.locator('main').textContent()) ?? '', /Delvis beviljad/);
      await checkPage(t, page, 'decided case');
      // Back from the decided case: the check page says the case is decided, no resend prompt.
      await page.goBack();
      await page.waitForURL(/beslut=(1|sms)|\/arenden\/[0-9a-f-]+$/);
      await page.goForward();

      // In English the answers and the estimate stay in Swedish, as sent: marked so for screen
      // readers, while the page's own words around them are English.
      const casePath = `/handlaggare/arenden/${sent.id}`;
      await page.goto(`${harness.baseUrl}/sprak/en?tillbaka=${encodeURIComponent(casePath)}`);
      await page.getByRole('heading', { name: 'The answers in the application' }).waitFor();
      assert.equal(await page.locator('section:has(> #answers-period)').getAttribute('lang'), 'sv');
      assert.equal(await page.locator('section:has(> #berakning)').getAttribute('lang'), 'sv');
      assert.equal(
        await page.locator('.portal-decision tbody th').first().getAttribute('lang'),
        'sv',
      );
      await checkPage(t, page, 'case view in English');
      await page.goto(`${harness.baseUrl}/sprak/sv?tillbaka=${encodeURIComponent(casePath)}`);

      await page.goto(`${harness.baseUrl}/handlaggare?lista=mina`);
      await checkPage(t, page, 'inbox, Mina ärenden');
      await page.goto(`${harness.baseUrl}/handlaggare/rapporter`);
      await checkPage(t, page, 'reports');
    } finally {
      await context.close();
    }
  });

  it('registers the answer to a completion letter on a paper case: the corrected answer and the scan, then the case’s log; zero axe violations', async (t) => {
    const { services } = harness;
    const sent = await sendApplication(harness.testApp);
    // An administrator: a caseworker's work, and the case's log to follow up who looked.
    const created = await createStaff(services, [{ municipalityCode: '9901', role: 'admin' }]);
    const member = await loadStaffMember(services.accounts, created.account.id);
    assert.ok(member);
    const who = () => ({ staff: member, requestId: randomUUID() });
    // As a paper application registered by a caseworker is: by post, no account to answer with.
    await services.database.db
      .updateTable('application')
      .set({ owner_id: null, channel: 'post', status: 'under-handlaggning' })
      .where('id', '=', sent.id)
      .execute();
    await services.caseMarks.mark(who(), sent.id, 'answer:boende.postalCode', 'Fel postnummer.');
    const today = swedishDay(services.clock.now());
    const asked = await services.completionRequests.request(who(), sent.id, {
      dueDate: swedishDay(new Date(services.clock.now().getTime() + 14 * 86_400_000)),
      message: '',
    });
    assert.equal(asked.outcome, 'requested');

    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await logInStaffInBrowser(page, harness.baseUrl, created);
      await page.goto(`${harness.baseUrl}/handlaggare/arenden/${sent.id}`);
      await page.getByRole('link', { name: 'Registrera svaret' }).click();
      await page.waitForURL(/\/svar-per-post$/);
      await checkPage(t, page, 'answer by post');
      // A day that has not come yet: refused beside its field, with the rest kept.
      await page.getByLabel('Dag då svaret kom').fill('2099-01-01');
      await page.getByLabel('Boende – Postnummer').fill('543 21');
      await page.getByRole('button', { name: 'Registrera svaret' }).click();
      await page.getByText('Dagen då svaret kom kan inte vara efter i dag.').first().waitFor();
      await checkPage(t, page, 'answer by post, refused');
      assert.equal(await page.getByLabel('Boende – Postnummer').inputValue(), '543 21');
      await page.getByLabel('Dag då svaret kom').fill(today);
      await page.getByLabel('Skannade papper (om det finns)').setInputFiles({
        name: 'svar.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf('Svar'),
      });
      await page.getByRole('button', { name: 'Registrera svaret' }).click();
      await page.waitForURL(/markering=svar-per-post/);
      const rounds = (await page.locator('#kompletteringar ~ ol').textContent()) ?? '';
      assert.match(rounds, /543 21/);
      assert.match(rounds, /svar\.pdf/);
      await checkPage(t, page, 'case view, answered by post');
      // On a phone each change is a card: the question, then before and after on lines of their own.
      await page.setViewportSize({ width: 360, height: 800 });
      const change = page.locator('.portal-changes tbody tr').first();
      const question = await change.locator('th').boundingBox();
      const [before, after] = await change
        .locator('td')
        .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().top));
      assert.ok(question && before !== undefined && after !== undefined);
      assert.ok(before >= question.y + question.height - 1 && after > before, 'stacked lines');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('link', { name: 'Vem har öppnat ärendet (logg)' }).click();
      await page.getByRole('heading', { name: 'Vem har öppnat ärendet' }).waitFor();
      await checkPage(t, page, 'case log');
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

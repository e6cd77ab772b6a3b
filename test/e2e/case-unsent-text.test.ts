import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  browserSkipReason,
  logInStaffInBrowser,
  startBrowserHarness,
  type BrowserHarness,
  BROWSER_ACTION_TIMEOUT_MS,
} from '../helpers/browser';
import { sendApplication } from '../helpers/cases';
import { CASEWORKER_9901 } from '../helpers/completion';
import { createStaff } from '../helpers/staff';

const skip = browserSkipReason();

describe('a note or message being written on the case page', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('is not lost by pressing another button or following a link: the browser asks first; sending it asks nothing', async () => {
    const sent = await sendApplication(harness.testApp);
    const staff = await createStaff(harness.services, CASEWORKER_9901);
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    let asked = 0;
    page.on('dialog', (dialog) => {
      asked += dialog.type() === 'beforeunload' ? 1 : 0;
      void dialog.dismiss();
    });
    try {
      await logInStaffInBrowser(page, harness.baseUrl, staff);
      const casePath = `${harness.baseUrl}/handlaggare/arenden/${sent.id}`;
      await page.goto(casePath);
      const note = page.getByLabel('Ny anteckning');
      await note.fill('Ringt hyresvärden: hyran stämmer.');

      await page.getByRole('button', { name: 'Tilldela mig' }).click();
      await page.waitForTimeout(300);
      assert.equal(asked, 1, 'the browser asks before the note is lost');
      assert.equal(new URL(page.url()).search, '', 'still on the case, nothing sent');
      assert.equal(await note.inputValue(), 'Ringt hyresvärden: hyran stämmer.');

      await page.getByRole('link', { name: 'Till ärendelistan' }).click();
      await page.waitForTimeout(300);
      assert.equal(asked, 2, 'a link out asks too');

      await page.getByRole('button', { name: 'Spara anteckningen' }).click();
      await page.waitForURL(/klart=anteckning/);
      assert.equal(asked, 2, 'saving the note asks nothing');

      const message = page.getByLabel('Nytt meddelande till den sökande');
      await message.fill('   ');
      await page.getByRole('link', { name: 'Till ärendelistan' }).click();
      await page.waitForURL(/\/handlaggare$/);
      assert.equal(asked, 2, 'only spaces: nothing to lose, nothing asked');
    } finally {
      await context.close();
    }
  });
});

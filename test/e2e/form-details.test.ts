import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { familyAnswers, THREE_INCOMES } from '../helpers/application';
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

/** The focus ring of the element that has focus, as drawn: FKUI's is a box shadow. */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element ? getComputedStyle(element).boxShadow : '';
  });

async function startOnPeriod(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Fyll i ansökan utan att logga in' }).click();
  await page.click('label[for="kommun-9902"]');
  await page.getByRole('button', { name: 'Fortsätt' }).click();
}

async function next(page: Page) {
  await page.locator('.portal-step-buttons button[value=next]').click();
  await page.waitForLoadState('load');
}

/** From "Om dig" to Inkomster with the family's answers. */
async function reachIncomes(page: Page) {
  for (const [stepId, answers] of familyAnswers.slice(1)) {
    if (stepId === 'inkomster') return;
    await fillStep(page, answers);
    await next(page);
  }
}

async function removeSecondIncome(t: TestContext, page: Page, what: string) {
  await fillStep(page, THREE_INCOMES);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: 'Ta bort den här inkomsten (Inkomst 2)' }).click(),
  ]);
  const status = page.getByRole('status').filter({ hasText: 'Inkomst 2 är borttagen.' });
  assert.equal(await status.count(), 1, `${what}: the removal is said`);
  assert.equal(
    await status.evaluate((element) => element === document.activeElement),
    true,
    `${what}: focus is on the message`,
  );
  assert.equal(await page.getByRole('group', { name: /^Inkomst \d$/ }).count(), 2);
  await expectNothingPastRightEdge(t, page, what);

  // The same step opened at its own address: no message, and nothing takes the focus.
  const { origin, pathname } = new URL(page.url());
  await page.goto(`${origin}${pathname}`);
  assert.equal(await page.getByText('Inkomst 2 är borttagen.').count(), 0, what);
  assert.equal(
    await page.evaluate(() => document.activeElement === document.body),
    true,
    `${what}: a plain load leaves the focus at the top`,
  );
}

describe('details of the application form in Chromium', { skip }, () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness.close();
  });

  it('at 360 px with JavaScript: focus rings, the live count, row cards, a removal said and focused', async (t) => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    try {
      await startOnPeriod(page, harness.baseUrl);
      assert.match((await page.locator('main').textContent()) ?? '', /Steg 1 av 12\b/);

      // The disclosures get the same 3 px FKUI ring from the keyboard as a text box does.
      await page.getByRole('button', { name: 'In English' }).focus();
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent.trim()),
        'Visa alla steg',
      );
      const stepsRing = await focusRing(page);
      await page.keyboard.press('Tab');
      // Its name says which question it helps with (the question in a visually hidden part).
      assert.match(
        (await page.evaluate(() => document.activeElement?.textContent.trim())) ?? '',
        /^Hjälp med den här frågan – \S/,
      );
      const helpRing = await focusRing(page);

      // A text area: nothing cut off, and the count as one types.
      await page.click('label[for="f-changes-ja"]');
      const box = page.getByLabel('Berätta vad som har ändrats');
      await box.focus();
      const inputRing = await focusRing(page);
      assert.match(inputRing, /0px 0px 0px 4px/, 'FKUI focus ring on the text area');
      assert.equal(stepsRing, inputRing, '"Visa alla steg" has the FKUI ring');
      assert.equal(helpRing, inputRing, '"Hjälp med den här frågan" has the FKUI ring');

      const count = page.locator('#f-changesText-count');
      assert.equal(await count.textContent(), 'Du kan skriva högst 2 000 tecken.');
      await box.fill('x'.repeat(1990));
      assert.equal(await count.textContent(), 'Du har skrivit 1 990 av 2 000 tecken.');
      await box.fill('x'.repeat(2050));
      assert.equal(
        await count.textContent(),
        'Du har skrivit 2 050 tecken. Det får vara högst 2 000.',
      );
      assert.equal((await box.inputValue()).length, 2050, 'nothing cut off');
      await page.waitForFunction(
        () => document.getElementById('f-changesText-count-live')?.textContent !== '',
      );
      await expectNoAxeViolations(t, page, 'period with a long text');
      await box.fill('Jag har flyttat.');
      await fillStep(page, { period: '2026-12' });

      await next(page);
      await reachIncomes(page);

      // Each row is a card: its name sits inside the frame, not on the border.
      const card = page.getByRole('group', { name: 'Inkomst 1' });
      const frame = await card.boundingBox();
      const legend = await card.locator(':scope > legend').boundingBox();
      assert.ok(frame && legend);
      assert.ok(legend.y >= frame.y + 1, `legend at ${legend.y}, frame at ${frame.y}`);
      assert.equal(
        await card.evaluate((element) => getComputedStyle(element).borderTopLeftRadius),
        '8px',
      );
      // Removing is the lesser action: narrower than "Lägg till" on a phone.
      const remove = await page
        .getByRole('button', { name: 'Ta bort den här inkomsten (Inkomst 1)' })
        .boundingBox();
      const add = await page.getByRole('button', { name: 'Lägg till en inkomst' }).boundingBox();
      assert.ok(remove && add);
      assert.ok(remove.width < add.width / 1.5, `remove ${remove.width} px, add ${add.width} px`);

      await removeSecondIncome(t, page, 'Inkomster after a removal, with JavaScript');
      await expectNoAxeViolations(t, page, 'Inkomster after a removal');
      assert.deepEqual(problems, [], 'no script errors or CSP refusals');
    } finally {
      await context.close();
    }
  });

  it('without JavaScript: the removal is said and focused all the same', async (t) => {
    const context = await harness.browser.newContext({
      viewport: { width: 360, height: 800 },
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await startOnPeriod(page, harness.baseUrl);
      // Without JS the limit is said in words under the box.
      assert.equal(
        await page.locator('#f-changesText-count').textContent(),
        'Du kan skriva högst 2 000 tecken.',
      );
      // Every conditional question is on the page: it says when to answer it.
      assert.equal(
        await page.locator('.portal-conditional__note').first().isVisible(),
        true,
        'the note is shown without JS',
      );
      assert.equal(
        await page.locator('.portal-conditional__note').first().textContent(),
        'Fyll bara i det här om du har valt ”Ja” vid frågan ”Har något ändrats sedan du sökte förra gången?”.',
      );
      await fillStep(page, familyAnswers[0]?.[1] ?? {});
      await next(page);
      await reachIncomes(page);
      await removeSecondIncome(t, page, 'Inkomster after a removal, without JavaScript');
    } finally {
      await context.close();
    }
  });

  it('ticking "det finns inga inkomster" hides the incomes at once (not sent), unticking shows them again as typed', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await startOnPeriod(page, harness.baseUrl);
      await fillStep(page, familyAnswers[0]?.[1] ?? {});
      await next(page);
      await reachIncomes(page);
      const firstRow = page.getByRole('group', { name: 'Inkomst 1' });
      // FKUI draws the box over its label: the label is what a person taps.
      const none = page.locator('label', { hasText: /^Det finns inga inkomster i hushållet/ });
      assert.equal(await firstRow.isVisible(), true, 'asked before the box is ticked');
      // The words for a page without JS are not needed: the question itself hides.
      assert.equal(await page.getByText(/^Fyll inte i det här om/).isVisible(), false);
      await fillStep(page, THREE_INCOMES);
      await none.click();
      assert.equal(await firstRow.isVisible(), false, 'hidden while ticked');
      await none.click();
      assert.equal(await firstRow.isVisible(), true, 'shown again');
      // By its id: while hidden, the row is out of the accessibility tree that roles read.
      const amount = page.locator('#f-incomes-0-amount');
      assert.equal(await firstRow.getByLabel('Belopp per månad i kronor').count(), 1);
      assert.equal(await amount.isEnabled(), true);
      assert.equal(await amount.inputValue(), '100', 'what was typed is still there');

      // Ticked and sent: the hidden rows are not sent along, so there is no clash to explain.
      await none.click();
      assert.equal(await amount.isDisabled(), true, 'a hidden question is not sent');
      await next(page);
      assert.equal(await page.locator('#error-summary').count(), 0, 'the step is accepted');
      assert.match(page.url(), /\/tillgangar$/);
    } finally {
      await context.close();
    }
  });

  it('the lunch at preschool is asked live only for a child under 7: it hides as an older child’s personnummer is typed', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 800 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await startOnPeriod(page, harness.baseUrl);
      for (const [stepId, answers] of familyAnswers) {
        if (stepId === 'barn') break;
        await fillStep(page, answers);
        await next(page);
      }
      await fillStep(page, { hasChildren: 'ja', 'children.0.name': 'Sam' });
      const row = page.getByRole('group', { name: /^Barn 1/ });
      const lunch = row.getByRole('group', { name: /Äter barnet lunch i förskolan/ });
      const personnummer = row.getByLabel('Personnummer');
      assert.equal(await lunch.isVisible(), true, 'asked while no age is known');
      await personnummer.fill('20090312-1234');
      assert.equal(await lunch.isVisible(), false, 'a 17-year-old: not asked');
      await personnummer.fill('221111-2343');
      assert.equal(await lunch.isVisible(), true, 'a 4-year-old: asked');
      await personnummer.fill('221111-2344');
      assert.equal(
        await lunch.isVisible(),
        true,
        'a personnummer that cannot be read: still asked',
      );
    } finally {
      await context.close();
    }
  });

  it('an error link shows the question above the field it focuses, on a phone', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 360, height: 740 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await startOnPeriod(page, harness.baseUrl);
      await next(page);
      const question = 'Har något ändrats sedan du sökte förra gången?';
      await page
        .locator('#error-summary')
        .getByRole('link', { name: `Du har inte valt något svar på ”${question}”.` })
        .click();
      const group = page.getByRole('group', { name: question });
      assert.equal(
        await group
          .getByRole('radio', { name: 'Ja', exact: true })
          .evaluate((radio) => radio === document.activeElement),
        true,
        'the first choice has the focus',
      );
      const legendTop = await group
        .locator('legend')
        .evaluate((legend) => legend.getBoundingClientRect().top);
      assert.ok(legendTop >= 0 && legendTop < 100, `the question is at the top: ${legendTop}`);
    } finally {
      await context.close();
    }
  });

  it('a form is sent once however often its button is pressed (a double click)', async () => {
    const context = await harness.browser.newContext();
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    try {
      await startOnPeriod(page, harness.baseUrl);
      const sends = await page.evaluate(() => {
        let sent = 0;
        // After the page's own handlers: counts the sends they let through, and holds each one
        // here so that the page stays to be pressed again.
        document.addEventListener('submit', (event) => {
          if (!event.defaultPrevented) sent += 1;
          event.preventDefault();
        });
        const button = document.querySelector<HTMLButtonElement>(
          '.portal-step-buttons button[value=next]',
        );
        button?.click();
        button?.click();
        return sent;
      });
      assert.equal(sends, 1);
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

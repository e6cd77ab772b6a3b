import type { Page } from 'playwright-core';
import type { StepAnswers } from './application';

const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** Makes sure a group row exists, pressing "Lägg till …" (a real form post) as a person would. */
async function ensureRow(page: Page, name: string) {
  const match = /^(\w+)\.(\d+)\./.exec(name);
  if (!match) return;
  const [, group, row] = match;
  while ((await page.locator(`#f-${group}-${row}`).count()) === 0) {
    await Promise.all([page.waitForLoadState('load'), page.click(`button[value="add:${group}"]`)]);
  }
}

async function fillOne(page: Page, name: string, value: string | string[]) {
  const choice = page.locator(
    `input[name="${name}"][type=radio], input[name="${name}"][type=checkbox]`,
  );
  if ((await choice.count()) > 0) {
    for (const option of Array.isArray(value) ? value : [value]) {
      await page.click(`label[for="${idOf(name)}-${option}"]`);
    }
  } else if ((await page.locator(`select[name="${name}"]`).count()) > 0) {
    await page.selectOption(`select[name="${name}"]`, String(value));
  } else {
    await page.fill(`[name="${name}"]`, String(value));
  }
}

/**
 * Fills a step by its fields as a person would: the step's own questions first (so conditional
 * parts appear), then rows added with "Lägg till …", then choices before text within the rows.
 */
export async function fillStep(page: Page, answers: StepAnswers) {
  const entries = Object.entries(answers);
  const own = entries.filter(([name]) => !name.includes('.'));
  const inRows = entries.filter(([name]) => name.includes('.'));
  const choices = new Set<string>();
  for (const [name] of own) {
    const inputs = page.locator(
      `input[name="${name}"][type=radio], input[name="${name}"][type=checkbox]`,
    );
    if ((await inputs.count()) > 0) choices.add(name);
  }
  // Stable sort: choices keep their order, so a question comes before the one it opens.
  own.sort((a, b) => Number(choices.has(b[0])) - Number(choices.has(a[0])));
  for (const [name, value] of own) await fillOne(page, name, value);
  for (const [name] of inRows) await ensureRow(page, name);
  // Adding a row reloads the page: what was typed came back from the server, fill the rest.
  for (const [name, value] of inRows) await fillOne(page, name, value);
}

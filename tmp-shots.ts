import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { chromiumLaunchOptions } from './test/helpers/chromium';
import { familyPaperPdf } from './test/helpers/paper-application';
import { pdfPageImages } from './test/helpers/pdf';

const base = 'http://127.0.0.1:3103';
const out = '/tmp/paper-shots';
mkdirSync(out, { recursive: true });
const [user = 'handlaggare.9901'] = process.argv.slice(2);

async function login(page: Page) {
  await page.goto(`${base}/personal/logga-in`);
  await page.getByLabel('Användarnamn').fill(user);
  await page.getByLabel('Lösenord', { exact: true }).fill('demo lösenord för personal');
  await page.getByRole('button', { name: 'Fortsätt' }).click();
  await page.getByRole('button', { name: /Skicka en SMS-kod/ }).click();
  await page.getByLabel('Kod från SMS').waitFor();
  const sms = await page.context().newPage();
  await sms.goto(`${base}/dev/sms`);
  const code = /(\d{6}) är din kod/.exec(await sms.locator('table tbody tr').first().innerText())?.[1] ?? '';
  await sms.close();
  await page.getByLabel('Kod från SMS').fill(code);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/handlaggare/);
}

async function shot(page: Page, name: string) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: true });
  }
}

const browser = await chromium.launch(chromiumLaunchOptions());
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await login(page);
await page.goto(`${base}/handlaggare`);
await shot(page, `inbox-${user}`);
await page.goto(`${base}/handlaggare/pappersansokan`);
await shot(page, `start-${user}`);
if (process.argv.includes('--full')) {
  const { pdf } = await familyPaperPdf();
  const pages = pdfPageImages(pdf, 150);
  const files = await Promise.all(
    pages.map(async (p, i) => {
      const path = `${out}/sida-${i + 1}.png`;
      writeFileSync(path, await sharp(p).rotate(2, { background: '#fff' }).blur(1).png().toBuffer());
      return path;
    }),
  );
  await page.getByLabel('Bilder av sidorna').setInputFiles(files);
  await page.getByRole('button', { name: 'Läs in bilderna' }).click();
  await page.waitForLoadState();
  await shot(page, 'draft-read');
  const draftUrl = page.url();
  await page.goto(`${draftUrl}/steg/boende`);
  await shot(page, 'step-boende');
  await page.goto(draftUrl);
  await page.getByLabel('Datum då ansökan kom in med post').fill('2026-12-31');
  await page.getByRole('button', { name: 'Registrera ansökan' }).click();
  await shot(page, 'draft-date-error');
  await page.getByLabel('Datum då ansökan kom in med post').fill('2026-11-20');
  await page.getByRole('button', { name: 'Registrera ansökan' }).click();
  await page.waitForLoadState();
  await shot(page, 'case');
  // By hand, with a missing step error.
  await page.goto(`${base}/handlaggare/pappersansokan`);
  await page.getByRole('button', { name: 'Fyll i för hand' }).click();
  await shot(page, 'draft-empty');
  await page.getByRole('link', { name: 'Fortsätt fylla i' }).click();
  await page.getByRole('button', { name: 'Nästa' }).first().click();
  await shot(page, 'step-error');
  // Codes with a part missing.
  await page.goto(`${base}/handlaggare/pappersansokan`);
  await page.getByLabel('Kodernas text').fill('ETJ2;ekonomiskt-bistand;1;2/3;000000000000;AB;');
  await page.getByRole('button', { name: 'Läs in koderna' }).click();
  await shot(page, 'codes-missing');
}
console.log(page.url());
await browser.close();

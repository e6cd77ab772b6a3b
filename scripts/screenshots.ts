/**
 * Development aid: saves 360 px and 1280 px screenshots of the given paths of a running portal,
 * so that a page can be looked at as a user sees it. Usage:
 *   npx tsx scripts/screenshots.ts http://127.0.0.1:3000 / /kommun
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/helpers/chromium';

const [baseUrl = 'http://127.0.0.1:3000', ...paths] = process.argv.slice(2);
const outDir = 'test-results/screenshots';
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const width of [360, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const path of paths.length ? paths : ['/']) {
      await page.goto(new URL(path, baseUrl).href);
      const name = path.replace(/[^\w]+/g, '_') || 'root';
      await page.screenshot({ path: `${outDir}/${name}-${width}.png`, fullPage: true });
      console.log(`${outDir}/${name}-${width}.png`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}

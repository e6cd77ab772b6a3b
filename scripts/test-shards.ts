import { statSync } from 'node:fs';

/** Enough shards for two at a time to finish together; few enough to load the app seldom. */
const SHARD_COUNT = 12;

/**
 * A guess at a file's running time: its size, ten times over for a browser test (each of its
 * steps waits on Chromium, axe and the server). Measured, size alone follows the time of the
 * other files loosely, which is enough to spread the slow ones over the shards.
 */
function estimatedCost(file: string): number {
  const size = statSync(file).size;
  return isBrowserTest(file) ? size * 10 : size;
}

const isBrowserTest = (file: string) => file.includes('/e2e/');

/**
 * The files dealt out longest first, each to the shard with the least so far; the browser tests
 * first and at most one more in a shard than in any other, so that no two shards running at once
 * both wait on Chromium for long. The shards come back heaviest first, so the test runner starts
 * the long ones early and ends on short ones.
 */
export function shardsOf(files: string[], count = SHARD_COUNT): string[][] {
  const shards = Array.from({ length: Math.min(count, files.length) }, () => ({
    cost: 0,
    browserTests: 0,
    files: [] as string[],
  }));
  const costed = files
    .map((file) => ({ file, cost: estimatedCost(file), browser: isBrowserTest(file) }))
    .sort((a, b) => Number(b.browser) - Number(a.browser) || b.cost - a.cost);
  for (const { file, cost, browser } of costed) {
    const fewest = Math.min(...shards.map((shard) => shard.browserTests));
    const open = browser ? shards.filter((shard) => shard.browserTests === fewest) : shards;
    const lightest = open.reduce((least, shard) => (shard.cost < least.cost ? shard : least));
    lightest.cost += cost;
    if (browser) lightest.browserTests += 1;
    lightest.files.push(file);
  }
  return shards.sort((a, b) => b.cost - a.cost).map((shard) => [...shard.files].sort());
}

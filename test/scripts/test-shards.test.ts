import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shardsOf } from '../../scripts/test-shards';

const testFiles = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => join('test', name));

describe('test shards', () => {
  it('hold every test file exactly once, in twelve shards', () => {
    const shards = shardsOf(testFiles);
    assert.equal(shards.length, 12);
    assert.deepEqual(shards.flat().sort(), [...testFiles].sort());
  });

  it('spread the browser tests: no shard holds more than its share of them', () => {
    const browserTests = testFiles.filter((file) => file.includes('/e2e/')).length;
    const shards = shardsOf(testFiles);
    for (const shard of shards) {
      const inShard = shard.filter((file) => file.includes('/e2e/')).length;
      assert.ok(inShard <= Math.ceil(browserTests / shards.length), shard.join(', '));
    }
  });

  it('give each of a few named files a shard of its own', () => {
    const named = ['test/config.test.ts', 'test/app.test.ts'];
    assert.deepEqual(shardsOf(named).flat().sort(), [...named].sort());
    assert.equal(shardsOf(named).length, 2);
  });
});

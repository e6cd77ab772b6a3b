import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { messageKeys, translator } from '../locales';

describe('locales', () => {
  it('Swedish and English have exactly the same messages', () => {
    assert.deepEqual(messageKeys('en').sort(), messageKeys('sv').sort());
  });

  it('fills in placeholders', () => {
    assert.equal(translator('sv')('site.municipality', { name: 'Provsala' }), 'Kommun: Provsala');
  });

  it('SEC-20 views never print unescaped values: <%- is used only for includes', () => {
    const files = readdirSync('views', { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ejs'),
    );
    assert.ok(files.length > 0);
    for (const file of files) {
      const source = readFileSync(join('views', file), 'utf8');
      for (const match of source.matchAll(/<%-(.*?)%>/gs)) {
        assert.match(match[1] ?? '', /^\s*include\(/, `${file}: ${match[0]}`);
      }
    }
  });
});

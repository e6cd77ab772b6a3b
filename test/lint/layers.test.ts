import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// The import rules need no types: without them ESLint builds no TypeScript program (seconds).
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });

/** Lints a snippet as if it were the given file of the project, returning the rules it broke. */
async function brokenRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('the layers are enforced by ESLint', () => {
  it('a route that imports services/db fails', async () => {
    const rules = await brokenRules(
      'routes/application.ts',
      "import { openDatabase } from '../services/db/database';\nexport const db = openDatabase;\n",
    );
    assert.ok(rules.includes('no-restricted-imports'), rules.join(', '));
  });

  it('a service that imports express fails', async () => {
    const rules = await brokenRules(
      'services/health.ts',
      "import express from 'express';\nexport const app = express;\n",
    );
    assert.ok(rules.includes('no-restricted-imports'), rules.join(', '));
  });

  it('a form that imports a service or a route fails', async () => {
    for (const source of ['../services/municipalities', '../routes/application-paths']) {
      const rules = await brokenRules(
        'forms/summary.ts',
        `import * as other from '${source}';\nexport const used = other;\n`,
      );
      assert.ok(rules.includes('no-restricted-imports'), `${source}: ${rules.join(', ')}`);
    }
  });

  it('the same import is fine where the layers allow it', async () => {
    const rules = await brokenRules(
      'services/health.ts',
      "import { openDatabase } from './db/database';\nexport const db = openDatabase;\n",
    );
    assert.ok(!rules.includes('no-restricted-imports'), rules.join(', '));
  });

  it("Kysely's values come from services/db/kysely, its types from 'kysely'", async () => {
    const valueImport = await brokenRules(
      'services/health.ts',
      "import { sql } from 'kysely';\nexport const raw = sql;\n",
    );
    assert.ok(
      valueImport.includes('@typescript-eslint/no-restricted-imports'),
      valueImport.join(', '),
    );
    const typeImport = await brokenRules(
      'services/health.ts',
      "import type { Kysely } from 'kysely';\nexport type Db = Kysely<object>;\n",
    );
    assert.ok(
      !typeImport.includes('@typescript-eslint/no-restricted-imports'),
      typeImport.join(', '),
    );
  });
});

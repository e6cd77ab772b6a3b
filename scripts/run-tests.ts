import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shardsOf } from './test-shards';

/**
 * `npm run test:only-tests [-- files]`: every test file (or the ones named) under node's test
 * runner with tsx, in a few processes rather than one per file. Starting a process and loading
 * the app under tsx costs two to three seconds of CPU, which for nearly two hundred files was a
 * third of the run; a shard loads it once for a dozen files. Each shard is a generated module
 * that imports its files in order, so the runner, its reporter and its failure locations are
 * node's own. Two shards run at a time.
 */
function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

function writeShardModules(shards: string[][]): { dir: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'test-shards-'));
  const modules = shards.map((files, index) => {
    const module = join(dir, `shard-${String(index + 1).padStart(2, '0')}.mjs`);
    const imports = files.map(
      (file) => `import ${JSON.stringify(pathToFileURL(resolve(file)).href)};`,
    );
    writeFileSync(module, `${imports.join('\n')}\n`);
    return module;
  });
  return { dir, modules };
}

const named = process.argv.slice(2);
const files = named.length > 0 ? named : testFilesUnder('test');
const { dir, modules } = writeShardModules(shardsOf(files.map((file) => relative('.', file))));
const code = await new Promise<number>((done) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...modules],
    { stdio: 'inherit' },
  );
  child.on('close', (exitCode) => done(exitCode ?? 1));
});
rmSync(dir, { recursive: true, force: true });
process.exit(code);

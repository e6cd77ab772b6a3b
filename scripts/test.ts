import { spawn } from 'node:child_process';

/**
 * `npm test`: the type check, ESLint and Prettier (`npm run checks`) run beside the test files
 * rather than before them. Test files spend much of their time waiting on a browser, a database
 * or a child process, which leaves part of the two cores idle; the checks take about a minute
 * of CPU that fits there. The tests print as they go; the checks' output comes after, or at once
 * when one fails. Either failing fails the run.
 */
function run(script: string, quiet: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const checks = run('checks', true).then((result) => {
  if (result.code !== 0) console.error(`\nnpm run checks failed:\n${result.output}`);
  return result;
});
const tests = await run('test:only-tests', false);
const checked = await checks;
if (checked.code === 0) console.log('\nnpm run checks: tsc, ESLint and Prettier found nothing.');
process.exit(tests.code !== 0 || checked.code !== 0 ? 1 : 0);

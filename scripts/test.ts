import { spawn } from 'node:child_process';

/**
 * `npm test`: the type check, ESLint and Prettier (`npm run checks`) run beside the test files
 * rather than before them. Test files spend much of their time waiting on a browser, a database
 * or a child process, which leaves part of the two cores idle; the checks take about a minute
 * of CPU that fits there. The tests print as they go; the checks' output comes after, or at once
 * when one fails. Either failing fails the run.
 */
function run(command: string[], quiet: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [program = 'npm', ...args] = command;
    const child = spawn(program, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// At the lowest priority: the checks take only what the tests leave idle, so the browser tests'
// timing is as it would be without them.
const checks = run(['nice', '-n', '19', 'npm', 'run', '--silent', 'checks'], true).then(
  (result) => {
    if (result.code !== 0) console.error(`\nnpm run checks failed:\n${result.output}`);
    return result;
  },
);
const tests = await run(['npm', 'run', '--silent', 'test:only-tests'], false);
const checked = await checks;
if (checked.code === 0) console.log('\nnpm run checks: tsc, ESLint and Prettier found nothing.');
process.exit(tests.code !== 0 || checked.code !== 0 ? 1 : 0);

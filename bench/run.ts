/**
 * npm run bench: each figure is a ratio to a baseline measured in the same run, interleaved
 * with it (baseline and subject alternate in rounds; medians), so a busy or slow machine moves
 * both alike. Prints each figure, its goal and pass/miss; asserts nothing. About six minutes,
 * most of it seeding the inbox's databases. `npm run bench -- inbox` (or inbox:sqlite,
 * inbox:postgres) runs only the inbox scenario, `npm run bench -- pages` only the start page and
 * the form step.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { inboxScenarios } from './inbox/inbox-scenarios';
import type { InboxDialect } from './inbox/scenario';
import { loginStormScenario } from './login-storm-scenario';
import { pdfLoadScenario } from './pdf-load-scenario';
import { pdfScenario } from './pdf-scenario';
import { pageScenarios } from './page-scenarios';
import type { ServerUrls } from './servers';
import { printGoals } from './stats';

const INBOX_CHOICES: Record<string, InboxDialect[]> = {
  inbox: ['sqlite', 'postgres'],
  'inbox:sqlite': ['sqlite'],
  'inbox:postgres': ['postgres'],
};
const [choice] = process.argv.slice(2);
const inboxOnly = choice === undefined ? undefined : INBOX_CHOICES[choice];
const pagesOnly = choice === 'pages';
if (choice !== undefined && !inboxOnly && !pagesOnly) {
  throw new Error(`Unknown bench "${choice}": pages, ${Object.keys(INBOX_CHOICES).join(', ')}`);
}

console.log(`Bench: node ${process.version}, ${availableParallelism()} cores\n`);
if (inboxOnly) {
  printGoals(await inboxScenarios(inboxOnly));
  process.exit(0);
}
const goals = pagesOnly ? [] : [await pdfScenario()];

// BENCH_PROFILE=<folder> writes a CPU profile of the servers there, to see where a page's time goes.
const profile = process.env.BENCH_PROFILE;
const servers = fork(new URL('./servers.ts', import.meta.url), {
  env: { ...process.env, NODE_ENV: 'production' },
  ...(profile
    ? { execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`] }
    : {}),
});
try {
  const [urls] = (await once(servers, 'message')) as [ServerUrls];
  goals.push(...(await pageScenarios(urls)));
  if (!pagesOnly) {
    goals.push(await pdfLoadScenario(urls));
    goals.push(await loginStormScenario(urls));
  }
} finally {
  servers.send('stop');
  await once(servers, 'exit');
}
if (!pagesOnly) goals.push(...(await inboxScenarios(INBOX_CHOICES.inbox ?? [])));
printGoals(goals);

import { fork } from 'node:child_process';
import { once } from 'node:events';
import * as cheerio from 'cheerio';
import { formBody, type BrowserSession, type PageResponse } from '../browser-session';
import { probeLatencies, type ProbeRequest } from '../probe';
import { median, percentile, type Goal } from '../stats';
import type { InboxServer } from './server';
import { logInCaseworker } from './staff-login';

const ROUNDS = 3;
const PROBE_MS = 2000;
const WARM_UP_MS = 300;
/** "A later page": the one reached by following the next-page link this many times. */
const PAGES_ON = 10;
const GOAL = 3;

export type InboxDialect = 'sqlite' | 'postgres';

interface Target {
  name: string;
  request: () => ProbeRequest;
  /** What the page showed once before measuring, e.g. "25 rows". */
  shown: string;
}

function rowsIn(page: PageResponse | string): number {
  return cheerio.load(typeof page === 'string' ? page : page.text)('table tbody tr').length;
}

/** A tab of the inbox by its link text, as the caseworker clicks it. */
function tabHref(page: PageResponse, text: string): string {
  const $ = cheerio.load(page.text);
  const link = $('nav a')
    .toArray()
    // Its name, without the count some tabs show after it.
    .find((a) => $(a).contents().first().text().trim() === text);
  const href = link && $(link).attr('href');
  if (!href) throw new Error(`The inbox has no tab "${text}"`);
  return new URL(href, page.url).href;
}

/** The page reached by following "next page" up to `times` times, and how many it took. */
async function laterPage(session: BrowserSession, first: PageResponse, times: number) {
  let page = first;
  let pages = 1;
  for (; pages <= times; pages++) {
    const href = cheerio.load(page.text)('a[href*="efter="]').last().attr('href');
    if (!href) break;
    page = await session.open(new URL(href, page.url).href);
  }
  return { page, number: pages };
}

/** The inbox's search box posted with one search after the other (personnummer or name). */
function searchTarget(session: BrowserSession, home: PageResponse, searches: string[]) {
  const $ = cheerio.load(home.text);
  const form = $('form[role="search"]').first();
  const field = String(form.find('input[type="text"]').attr('name'));
  const action = new URL(form.attr('action') ?? '', home.url).href;
  const token = String(form.find('input[name="_csrf"]').val());
  let next = 0;
  return (): ProbeRequest => ({
    url: action,
    method: 'POST',
    headers: {
      cookie: session.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: formBody({ [field]: searches[next++ % searches.length] ?? '', _csrf: token }),
    // The search posts, then shows its results on a page of its own: the caseworker waits for both.
    followRedirect: true,
  });
}

async function targetsFor(server: InboxServer): Promise<Target[]> {
  const { session, home } = await logInCaseworker(server.portal, server);
  const get = (url: string) => () => ({ url, headers: { cookie: session.cookieHeader() } });
  const startUrl = new URL('/', server.portal).href;
  const targets: Target[] = [
    // The goal's baseline: the start page as a first visit gets it (no session).
    { name: 'start page', request: () => ({ url: startUrl }), shown: 'no session' },
    // Printed beside it: what any page costs the logged-in caseworker (the session's reads).
    { name: 'start page', request: get(startUrl), shown: 'as the caseworker' },
  ];
  for (const tab of ['Nya', 'Ej beslutade', 'Mina ärenden', 'Fel och brister']) {
    const page = await session.open(tabHref(home, tab));
    targets.push({ name: `"${tab}"`, request: get(page.url), shown: `${rowsIn(page)} rows` });
    if (tab === 'Ej beslutade') {
      const later = await laterPage(session, page, PAGES_ON);
      targets.push({
        name: `"${tab}" page ${later.number}`,
        request: get(later.page.url),
        shown: `${rowsIn(later.page)} rows`,
      });
    }
  }
  const searches: [string, string[]][] = [
    ['search by personnummer', server.searches],
    ['search by a common surname', [server.surname]],
    ['search by name and surname', [server.fullName]],
  ];
  for (const [name, typed] of searches) {
    const search = searchTarget(session, home, typed);
    const found: number[] = [];
    for (let at = 0; at < typed.length; at++) {
      const { url, headers, body } = search();
      const posted = await session.request(url, { method: 'POST', headers, body: body ?? '' });
      if (posted.status !== 303 || !posted.location) {
        throw new Error(`The search answered ${posted.status}`);
      }
      found.push(rowsIn(await session.open(posted.location)));
    }
    const shown =
      typed.length > 1
        ? `${found.join('/')} rows for ${typed.length} people`
        : `"${typed.join('')}", ${found.join('')} rows`;
    targets.push({ name, request: search, shown });
  }
  return targets;
}

function seedSteps(server: InboxServer): string {
  return Object.entries(server.seedSteps)
    .map(([step, seconds]) => `${step} ${seconds.toFixed(1)}`)
    .join(', ');
}

/** Starts the inbox server (which seeds its database first) and waits until it is ready. */
async function startServer(dialect: InboxDialect, applications: number, postgresUrl: string) {
  const child = fork(new URL('./server.ts', import.meta.url), {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BENCH_INBOX_DIALECT: dialect,
      BENCH_INBOX_ROWS: String(applications),
      BENCH_POSTGRES_URL: postgresUrl,
    },
    // BENCH_PROFILE=<folder>: a CPU profile of the server, as for the other scenarios' servers.
    ...(process.env.BENCH_PROFILE
      ? {
          execArgv: [
            ...process.execArgv,
            '--cpu-prof',
            `--cpu-prof-dir=${process.env.BENCH_PROFILE}`,
          ],
        }
      : {}),
  });
  const ready = once(child, 'message') as Promise<[InboxServer]>;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The inbox server stopped (${String(code)}) before it was ready`);
  });
  const [server] = await Promise.race([ready, exited]);
  return { child, server };
}

/**
 * Scenario 6: the caseworker's inbox over many sent applications — four tabs, a later page
 * of one (keyset cursor), a search by personnummer and two by name — each page's p95 as a ratio to the
 * start page's, measured in turn within each round on the same server; medians over rounds.
 */
export async function inboxScenario(
  dialect: InboxDialect,
  applications: number,
  postgresUrl: string,
): Promise<Goal[]> {
  const { child, server } = await startServer(dialect, applications, postgresUrl);
  try {
    const targets = await targetsFor(server);
    for (const target of targets) await probeLatencies(target.request, WARM_UP_MS);
    const p95s = targets.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [at, target] of targets.entries()) {
        p95s[at]?.push(percentile(await probeLatencies(target.request, PROBE_MS), 0.95));
      }
    }
    const [start, loggedIn, ...pages] = targets.map((target, at) => ({
      ...target,
      p95: median(p95s[at] ?? []),
    }));
    if (!start || !loggedIn) throw new Error('No start page');
    const label = `${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${applications.toLocaleString('en')} applications`;
    console.log(
      `6. inbox, ${label} (seeded in ${server.seedSeconds.toFixed(0)} s: ${seedSteps(server)}; ` +
        `${server.databaseMegabytes.toFixed(0)} MB), ${ROUNDS} rounds, p95: ` +
        [start, loggedIn, ...pages]
          .map((page) => `${page.name} ${page.p95.toFixed(2)} ms (${page.shown})`)
          .join('; '),
    );
    return pages.map((page) => {
      const ratio = page.p95 / start.p95;
      return {
        name: `6. inbox ${label}: ${page.name} p95 vs start page`,
        figure: ratio,
        shown:
          `${ratio.toFixed(2)}× (${page.p95.toFixed(2)} ms; ` +
          `${(page.p95 / loggedIn.p95).toFixed(2)}× the start page as the caseworker)`,
        goal: `≤ ${GOAL}×`,
        met: ratio <= GOAL,
      };
    });
  } finally {
    child.send('stop');
    await once(child, 'exit');
  }
}

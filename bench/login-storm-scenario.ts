import { DEMO_APPLICANT } from '../services/demo-accounts';
import { BrowserSession, csrfTokenIn, formBody } from './browser-session';
import { probeLatencies } from './probe';
import { median, percentile, type Goal } from './stats';

const ROUNDS = 3;
const PROBE_MS = 3000;
const LOGINS_PER_SECOND = 20;
const RAMP_MS = 1000;

/**
 * One person logging in: the login page, then personnummer + password (Argon2id), answered by
 * a redirect to the code page. Kept light (no HTML parsing): the probe shares this process.
 */
async function logIn(origin: string): Promise<boolean> {
  const session = new BrowserSession(origin);
  const page = await session.request('/logga-in');
  const answer = await session.request('/logga-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({
      identitet: DEMO_APPLICANT.personnummer,
      losenord: DEMO_APPLICANT.password,
      _csrf: csrfTokenIn(page.text) ?? '',
    }),
  });
  return answer.status === 303 && answer.location === '/logga-in/kod';
}

/** Starts a login every 1/20 s for `ms`; resolves when all of them have answered. */
async function storm(origin: string, ms: number) {
  const started: Promise<boolean>[] = [];
  const timer = setInterval(() => {
    started.push(logIn(origin).catch(() => false));
  }, 1000 / LOGINS_PER_SECOND);
  await new Promise((resolve) => setTimeout(resolve, ms));
  clearInterval(timer);
  const results = await Promise.all(started);
  return { done: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length };
}

/**
 * Scenario 5: a static page's p95 while 20 people a second log in (each password checked with
 * Argon2id at OWASP's cost, off the event loop), against its p95 with nobody logging in.
 */
export async function loginStormScenario(urls: { portal: string }): Promise<Goal> {
  if (!(await logIn(urls.portal))) throw new Error('The demo applicant cannot log in');
  const pageUrl = new URL('/tillganglighet', urls.portal).href;
  await probeLatencies(pageUrl, 500);
  const idle: number[] = [];
  const loaded: number[] = [];
  let done = 0;
  let failed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    idle.push(percentile(await probeLatencies(pageUrl, PROBE_MS), 0.95));
    const logins = storm(urls.portal, RAMP_MS + PROBE_MS);
    await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
    loaded.push(percentile(await probeLatencies(pageUrl, PROBE_MS), 0.95));
    const result = await logins;
    done += result.done;
    failed += result.failed;
  }
  const ratio = median(loaded) / median(idle);
  console.log(
    `5. static page during a login storm, ${ROUNDS} rounds: ${LOGINS_PER_SECOND} logins/s ` +
      `(${done} reached the code page, ${failed} failed); ${new URL(pageUrl).pathname} p95 idle ` +
      `${median(idle).toFixed(2)} ms, during logins ${median(loaded).toFixed(2)} ms`,
  );
  return {
    name: '5. static page p95 during 20 logins/s (Argon2id) vs idle',
    figure: ratio,
    shown: `${ratio.toFixed(2)}× (${failed} of ${done + failed} logins failed)`,
    // The static page shares one event loop with the logins' own page work (about 3 ms each),
    // so some of its requests wait behind one: a few times a sub-millisecond idle figure.
    goal: '≤ 10×, none failed',
    met: ratio <= 10 && failed === 0,
  };
}

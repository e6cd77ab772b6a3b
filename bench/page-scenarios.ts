import type autocannon from 'autocannon';
import { familyAnswers } from '../test/helpers/application';
import { csrfTokenIn, formBody, hiddenValueIn, type BrowserSession } from './browser-session';
import { startApplication, stepIdOf } from './journey';
import { load, setCookiesIn } from './load';
import { median, type Goal } from './stats';

const ROUNDS = 5;
const SECONDS = 3;
const CONNECTIONS = 8;

/**
 * A form step as a person goes through it, on each connection with its own session: GET the
 * step (the CSRF token comes with it), then POST valid answers (validated and written to the
 * database) and get the 303 onwards. Counts answers that are not what a person would get.
 */
function roundTrips(
  sessions: BrowserSession[],
  stepPath: string,
  answers: Record<string, string | string[]>,
) {
  let nextSession = 0;
  const wrong: string[] = [];
  const setupClient = (client: autocannon.Client) => {
    const session = sessions[nextSession++ % sessions.length];
    if (!session) throw new Error('no session');
    let token = '';
    let version = '';
    const headers = (more: Record<string, string> = {}) => ({
      cookie: session.cookieHeader(),
      ...more,
    });
    client.setRequests([
      {
        method: 'GET',
        path: stepPath,
        setupRequest: (request) => ({ ...request, headers: headers() }),
        onResponse: (status, body, _context, responseHeaders) => {
          session.remember(setCookiesIn(responseHeaders));
          token = csrfTokenIn(body) ?? '';
          version = hiddenValueIn(body, '_version') ?? '';
          if (status !== 200 || token === '') wrong.push(`GET ${status}`);
        },
      },
      {
        method: 'POST',
        path: stepPath,
        setupRequest: (request) => ({
          ...request,
          headers: headers({ 'content-type': 'application/x-www-form-urlencoded' }),
          body: formBody({ ...answers, _csrf: token, _version: version }),
        }),
        onResponse: (status, _body, _context, responseHeaders) => {
          session.remember(setCookiesIn(responseHeaders));
          if (status !== 303) wrong.push(`POST ${status}`);
        },
      },
    ]);
  };
  return { setupClient, wrong };
}

/**
 * Scenarios 3 and 4: the start page and a form-step round trip against the bare Express + EJS
 * page, the three measured in turn within each round; medians over the rounds.
 */
export async function pageScenarios(urls: { portal: string; bare: string }): Promise<Goal[]> {
  const prepared = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => startApplication(urls.portal)),
  );
  const stepUrl = prepared[0]?.firstStep.url ?? '';
  const stepId = stepIdOf(stepUrl);
  const answers = familyAnswers.find(([id]) => id === stepId)?.[1];
  if (!answers) throw new Error(`No answers for the first step ${stepId}`);
  const stepPath = new URL(stepUrl).pathname;
  const sessions = prepared.map(({ session }) => session);

  const bare: number[] = [];
  const start: number[] = [];
  const trips: number[] = [];
  const startUrl = new URL('/', urls.portal).href;
  const stepTarget = new URL(stepPath, urls.portal).href;
  for (let round = 0; round <= ROUNDS; round++) {
    // Round 0 warms every path up and is not counted.
    const seconds = round === 0 ? 1 : SECONDS;
    const one = await load(urls.bare, seconds, CONNECTIONS);
    const two = await load(startUrl, seconds, CONNECTIONS);
    const { setupClient, wrong } = roundTrips(sessions, stepPath, answers);
    const three = await load(stepTarget, seconds, CONNECTIONS, { setupClient });
    if (one.errors + one.non2xx + two.errors + two.non2xx + three.errors > 0 || wrong.length > 0) {
      throw new Error(
        `Unexpected answers: ${JSON.stringify({ one, two, three, wrong: wrong.slice(0, 5) })}`,
      );
    }
    if (round === 0) continue;
    bare.push(one.perSecond);
    start.push(two.perSecond);
    trips.push(three.perSecond / 2);
  }
  const startRatio = median(start) / median(bare);
  const tripRatio = median(trips) / median(bare);
  console.log(
    `3./4. pages, ${ROUNDS} rounds of ${SECONDS} s each, ${CONNECTIONS} connections: bare Express + EJS ` +
      `${median(bare).toFixed(0)} req/s, start page ${median(start).toFixed(0)} req/s, ` +
      `step round trips (GET + POST ${stepPath}) ${median(trips).toFixed(0)}/s`,
  );
  return [
    {
      name: '3. start page vs bare Express + EJS page (req/s)',
      figure: startRatio,
      shown: `${startRatio.toFixed(2)}×`,
      goal: '≥ 0.7×',
      met: startRatio >= 0.7,
    },
    {
      name: '4. form-step round trips vs bare page (per s)',
      figure: tripRatio,
      shown: `${tripRatio.toFixed(2)}×`,
      goal: '≥ 0.25×',
      met: tripRatio >= 0.25,
    },
  ];
}

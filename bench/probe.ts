import { Agent, request } from 'node:http';

/** One request of a probe: a GET of `url`, or what `method`, `headers` and `body` say. */
export interface ProbeRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow a 303 with a GET of its location, timed as one: a search posted, then its results. */
  followRedirect?: boolean;
}

interface Answer {
  status: number;
  location: string | undefined;
}

function send(agent: Agent, next: ProbeRequest): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const sent = request(
      next.url,
      { agent, method: next.method ?? 'GET', headers: next.headers ?? {} },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location }),
        );
      },
    ).on('error', reject);
    sent.end(next.body);
  });
}

/**
 * One visitor reading a page again and again over a kept-alive connection, for `ms`
 * milliseconds: the latency of each request, in milliseconds with sub-millisecond precision
 * (autocannon records whole milliseconds and has no 95th percentile). `target` may give each
 * request anew (a search with another personnummer each time).
 */
export async function probeLatencies(
  target: string | (() => ProbeRequest),
  ms: number,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const until = performance.now() + ms;
  try {
    while (performance.now() < until) {
      const next = typeof target === 'string' ? { url: target } : target();
      const start = performance.now();
      let answer = await send(agent, next);
      if (next.followRedirect && answer.status === 303 && answer.location) {
        const url = new URL(answer.location, next.url).href;
        answer = await send(agent, { url, headers: { cookie: next.headers?.cookie ?? '' } });
      }
      if (answer.status !== 200) {
        throw new Error(`${next.method ?? 'GET'} ${next.url} answered ${answer.status}`);
      }
      latencies.push(performance.now() - start);
    }
  } finally {
    agent.destroy();
  }
  return latencies;
}

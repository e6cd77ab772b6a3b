import { Agent, get } from 'node:http';

/**
 * One visitor reading a page again and again over a kept-alive connection, for `ms`
 * milliseconds: the latency of each request, in milliseconds with sub-millisecond precision
 * (autocannon records whole milliseconds and has no 95th percentile).
 */
export async function probeLatencies(url: string, ms: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const until = performance.now() + ms;
  try {
    while (performance.now() < until) {
      const start = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        get(url, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        }).on('error', reject);
      });
      if (status !== 200) throw new Error(`${url} answered ${status}`);
      latencies.push(performance.now() - start);
    }
  } finally {
    agent.destroy();
  }
  return latencies;
}

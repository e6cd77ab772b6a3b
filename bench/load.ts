import autocannon from 'autocannon';

export interface LoadResult {
  /** Completed requests per second over the whole run. */
  perSecond: number;
  /** Refused connections and timeouts. */
  errors: number;
  /** Answers other than 2xx (a 303 after a form post counts here too). */
  non2xx: number;
}

/** Runs autocannon against a loopback URL and gives the completed rate; `options` adds to it. */
export async function load(
  url: string,
  seconds: number,
  connections: number,
  options: Partial<autocannon.Options> = {},
): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, ...options });
  return {
    perSecond: result.requests.total / result.duration,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** autocannon hands response headers over as a plain object; set-cookie may be one or many. */
export function setCookiesIn(headers: Record<string, unknown> = {}): string[] {
  const value = headers['set-cookie'] ?? headers['Set-Cookie'];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

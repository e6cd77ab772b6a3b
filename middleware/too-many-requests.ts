/** A rate limit was reached; the error handler answers 429 with the wait in minutes. */
export class TooManyRequestsError extends Error {
  readonly status = 429;

  constructor(readonly retryAfterMs: number) {
    super('Too many requests');
    this.name = 'TooManyRequestsError';
  }

  /** For the Retry-After header: whole seconds, rounded up, at least 1. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }

  /** For the page: whole minutes, rounded up, so "try again in 3 minutes" is never too early. */
  get retryAfterMinutes(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 60_000));
  }
}

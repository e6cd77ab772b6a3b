/**
 * A refusal under load, not a fault: a queue or budget of this instance is full, so the answer
 * is 503 with `Retry-After` and a page that says to try again shortly (middleware/error-handlers).
 */
export class ServiceBusyError extends Error {
  readonly status = 503;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

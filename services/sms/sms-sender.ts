export interface SmsMessage {
  /** The recipient in E.164 form, e.g. +46701234512 (see `toE164`). */
  to: string;
  text: string;
}

/** Sends one SMS. Resolves once the provider has accepted it (or the outbox has kept it). */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/**
 * The provider refused the message or could not be reached, after any retries. The message says
 * what happened (HTTP status, timeout, network); it never holds the text, which may be a code.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    /** The provider's HTTP status on the last attempt; undefined when it never answered. */
    readonly status: number | undefined,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SmsSendError';
  }
}

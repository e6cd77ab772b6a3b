import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpSmsConfig } from '../../config';
import type { Logger } from '../logger';
import { isE164, maskedPhone } from './phone-number';
import { SmsSendError, type SmsMessage, type SmsSender } from './sms-sender';

export interface HttpSmsOptions {
  /** How long one attempt may take before it is given up. */
  timeoutMs?: number;
  /** The wait before each retry; as many retries as waits. */
  retryDelaysMs?: readonly number[];
}

type Attempt =
  | { sent: true; status: number }
  | { sent: false; status: number | undefined; retry: boolean; reason: string; cause?: unknown };

/**
 * Sends through an SMS provider's REST API in the style of 46elks: a form post of `from`, `to`
 * and `message` with HTTP basic auth. A provider that fails (5xx), times out or cannot be
 * reached is tried again a couple of times; a refusal (4xx) is final. The text is never logged
 * or put in an error: it is usually a login code.
 */
export class HttpSmsSender implements SmsSender {
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(
    private readonly config: Omit<HttpSmsConfig, 'provider'>,
    private readonly logger: Logger,
    options: HttpSmsOptions = {},
  ) {
    const credentials = Buffer.from(`${config.username}:${config.password}`).toString('base64');
    this.authorization = `Basic ${credentials}`;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.retryDelaysMs = options.retryDelaysMs ?? [250, 750];
  }

  async send(message: SmsMessage): Promise<void> {
    if (!isE164(message.to)) throw new TypeError('An SMS recipient must be in E.164 form');
    const body = new URLSearchParams({
      from: this.config.sender,
      to: message.to,
      message: message.text,
    });
    const recipient = maskedPhone(message.to);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.post(body);
      if (outcome.sent) {
        this.logger.info({ recipient, status: outcome.status, attempt }, 'sms sent');
        return;
      }
      const { status, reason } = outcome;
      this.logger.warn({ recipient, status, attempt, reason }, 'sms attempt failed');
      const delay = this.retryDelaysMs[attempt - 1];
      if (!outcome.retry || delay === undefined) {
        const tries = attempt === 1 ? '' : ` (${attempt} attempts)`;
        throw new SmsSendError(`SMS provider: ${reason}${tries}`, status, attempt, {
          cause: outcome.cause,
        });
      }
      await sleep(delay);
    }
  }

  private async post(body: URLSearchParams): Promise<Attempt> {
    let response: Response;
    try {
      response = await fetch(this.config.apiUrl, {
        method: 'POST',
        headers: { authorization: this.authorization, accept: 'application/json' },
        body,
        // A redirect would resend the form elsewhere; the configured URL must be the real one.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const reason = timedOut
        ? `no answer within ${this.timeoutMs} ms`
        : `could not be reached (${networkProblem(error)})`;
      return { sent: false, status: undefined, retry: true, reason, cause: error };
    }
    // Nothing in the answer is needed (it may echo the text): let the connection go.
    await response.body?.cancel();
    const { status } = response;
    if (response.ok) return { sent: true, status };
    const retry = status >= 500;
    return {
      sent: false,
      status,
      retry,
      reason: `${retry ? 'failed' : 'refused'} (HTTP ${status})`,
    };
  }
}

/**
 * Why fetch could not reach the provider, for the log (a code or a short message from the network
 * layer, never the message sent): a gateway whose certificate is not trusted says what to do.
 */
export function networkProblem(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown }) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `${code}: the certificate is not trusted; give Node the CA with NODE_EXTRA_CA_CERTS`;
  }
  if (code) return code;
  const message =
    typeof cause?.message === 'string'
      ? cause.message
      : error instanceof Error
        ? error.message
        : 'unknown error';
  // An address in the text may carry credentials: never logged.
  return message.replace(/[a-z][a-z+.-]*:\/\/\S+/gi, '[address]');
}

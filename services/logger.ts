import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Personnummer and samordningsnummer in any common spelling (YYMMDD-NNNN, YYYYMMDDNNNN, with or
 * without separator), and any other run of 10–12 digits, are masked wherever they occur.
 */
const IDENTITY_NUMBER = /(?<!\d)(?:\d{2})?\d{6}[-+\s]?\d{4}(?!\d)/g;

const MASK = '[maskerat]';

/** Values that must never reach a log line, wherever they sit in a logged object. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'code',
  'smsCode',
  'personnummer',
  'sid',
  'sessionId',
  '_csrf',
];
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  // At the top level, one level down and two levels down (e.g. { user: { draft: { … } } }).
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export function scrubIdentityNumbers(text: string): string {
  return text.replace(IDENTITY_NUMBER, MASK);
}

/** Errors keep their type and stack, with any identity number in them masked. */
export function serializeError(error: unknown) {
  const serialized = pino.stdSerializers.err(error as Error);
  return {
    type: serialized.type,
    message: scrubIdentityNumbers(serialized.message),
    stack: scrubIdentityNumbers(serialized.stack),
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: MASK },
    serializers: { err: serializeError },
    hooks: {
      // Free-text messages are scrubbed too: a developer may one day log a string with an id in it.
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        const scrubbed = args.map((arg: unknown) =>
          typeof arg === 'string' ? scrubIdentityNumbers(arg) : arg,
        ) as Parameters<Logger['info']>;
        method.apply(this, scrubbed);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

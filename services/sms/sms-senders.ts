import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { Clock } from '../clock';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import { HttpSmsSender } from './http-sms-sender';
import { OutboxSmsSender } from './outbox-sms-sender';
import type { SmsSender } from './sms-sender';

export interface SmsSenders {
  sms: SmsSender;
  /** The same sender when messages are kept, not sent (development, tests); else undefined. */
  smsOutbox: OutboxSmsSender | undefined;
}

/** The configured way to send SMS: the outbox, or a real provider over HTTP. */
export function createSmsSenders(
  config: Config['sms'],
  dependencies: { db: Kysely<Database>; clock: Clock; logger: Logger },
): SmsSenders {
  if (config.provider === 'http') {
    return { sms: new HttpSmsSender(config, dependencies.logger), smsOutbox: undefined };
  }
  const outbox = new OutboxSmsSender(dependencies.db, dependencies.clock);
  return { sms: outbox, smsOutbox: outbox };
}

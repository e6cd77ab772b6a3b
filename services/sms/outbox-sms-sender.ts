import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../clock';
import type { Database, SmsOutboxTable } from '../db/schema';
import { isE164 } from './phone-number';
import type { SmsMessage, SmsSender } from './sms-sender';

export interface OutboxMessage {
  id: number;
  to: string;
  text: string;
  createdAt: Date;
}

/**
 * Development and tests: every message is kept in `sms_outbox` instead of sent, so a developer
 * reads login codes on /dev/sms and a test reads them with `latestTo`.
 */
export class OutboxSmsSender implements SmsSender {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    // The real provider would refuse it; the outbox must not hide the mistake.
    if (!isE164(message.to)) throw new TypeError('An SMS recipient must be in E.164 form');
    await this.db
      .insertInto('sms_outbox')
      .values({ recipient: message.to, text: message.text, created_at: this.clock.now().getTime() })
      .execute();
  }

  /** The latest messages, newest first. */
  async list(limit = 50): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom('sms_outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  /** The last message sent to this number (E.164), if any. */
  async latestTo(recipient: string): Promise<OutboxMessage | undefined> {
    const row = await this.db
      .selectFrom('sms_outbox')
      .selectAll()
      .where('recipient', '=', recipient)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toMessage(row);
  }
}

function toMessage(row: Selectable<SmsOutboxTable>): OutboxMessage {
  return {
    id: row.id,
    to: row.recipient,
    text: row.text,
    createdAt: new Date(Number(row.created_at)),
  };
}

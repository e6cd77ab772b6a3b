import type { Kysely } from 'kysely';
import { sql } from './db/kysely';
import type { Database } from './db/schema';

/** Events read at a time. */
const BATCH = 1000;
/** Index rows per statement, within both databases' bound parameters. */
const ROWS_PER_INSERT = 500;

/**
 * `audit_shown` (migration 033): for each application a list, search, export or report put on
 * the screen, the event's place in the chain, so a case's log finds them by key. It is filled
 * from the events' own `shown` after they are written: by the background sweep, and by the
 * case's log before it reads, so the log is always whole. The event rows stay the record.
 *
 * Audit events get their places in commit order (the chain's head row is locked until each
 * commits), so nothing is written later behind the place indexed up to. Two instances catching
 * up at once insert the same rows: the second's are ignored, and the head only moves forward.
 */
export class AuditShownIndex {
  constructor(private readonly db: Kysely<Database>) {}

  /** Indexes every event written since the last catch-up; returns how many events it read. */
  async catchUp(): Promise<number> {
    let read = 0;
    for (;;) {
      const batch = await this.db.transaction().execute(async (trx) => {
        const head = await trx
          .selectFrom('audit_shown_head')
          .select('seq')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow();
        const events = await trx
          .selectFrom('audit_event')
          .select(['seq', 'shown'])
          .where('seq', '>', Number(head.seq))
          .orderBy('seq')
          .limit(BATCH)
          .execute();
        const pairs = events.flatMap((event) =>
          event.shown
            ? [...new Set(JSON.parse(event.shown) as string[])].map((id) => ({
                application_id: id,
                seq: Number(event.seq),
              }))
            : [],
        );
        for (let from = 0; from < pairs.length; from += ROWS_PER_INSERT) {
          await trx
            .insertInto('audit_shown')
            .values(pairs.slice(from, from + ROWS_PER_INSERT))
            .onConflict((conflict) => conflict.columns(['application_id', 'seq']).doNothing())
            .execute();
        }
        const last = events.at(-1);
        if (last) {
          await trx
            .updateTable('audit_shown_head')
            .set({
              seq: sql<number>`case when seq < ${Number(last.seq)} then ${Number(last.seq)} else seq end`,
            })
            .where('id', '=', 1)
            .execute();
        }
        return events.length;
      });
      read += batch;
      if (batch < BATCH) return read;
    }
  }

  /**
   * Whether the index says what the events say (the events are in the hash chain, the index is
   * not): for every event up to the head, exactly the applications its `shown` names, and no
   * row for any other place. The first place where they differ, or ok.
   */
  async verify(): Promise<{ ok: true } | { ok: false; seq: number }> {
    const head = await this.db
      .selectFrom('audit_shown_head')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const upTo = Number(head.seq);
    const stray = await this.db
      .selectFrom('audit_shown')
      .select('seq')
      .where('seq', '>', upTo)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    let after = 0;
    for (;;) {
      const events = await this.db
        .selectFrom('audit_event')
        .select(['seq', 'shown'])
        .where('seq', '>', after)
        .where('seq', '<=', upTo)
        .orderBy('seq')
        .limit(BATCH)
        .execute();
      const last = events.at(-1);
      if (!last) break;
      const rows = await this.db
        .selectFrom('audit_shown')
        .select(['seq', 'application_id'])
        .where('seq', '>', after)
        .where('seq', '<=', Number(last.seq))
        .execute();
      const indexed = new Map<number, Set<string>>();
      for (const row of rows) {
        const seq = Number(row.seq);
        indexed.set(seq, (indexed.get(seq) ?? new Set()).add(row.application_id));
      }
      for (const event of events) {
        const seq = Number(event.seq);
        const named = new Set(event.shown ? (JSON.parse(event.shown) as string[]) : []);
        const found = indexed.get(seq) ?? new Set<string>();
        indexed.delete(seq);
        if (named.size !== found.size || [...named].some((id) => !found.has(id))) {
          return { ok: false, seq };
        }
      }
      // Rows for a place with no event (an event deleted, or rows made up).
      const orphan = [...indexed.keys()].sort((one, other) => one - other)[0];
      if (orphan !== undefined) return { ok: false, seq: orphan };
      after = Number(last.seq);
    }
    return stray ? { ok: false, seq: Number(stray.seq) } : { ok: true };
  }
}

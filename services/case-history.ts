import type { Kysely } from 'kysely';
import { sql } from './db/kysely';
import type { FormRegistry } from '../forms';
import { RELEASED_EVENT } from './case-assignment';
import { caseCompletionOf } from './case-completion-view';
import { SIGNATURE_EVENT } from './co-applicant-signatures';
import type { Database } from './db/schema';
import { caseMunicipalityOf } from './case-municipality';
import { mayRead, type StaffMember } from './staff-access';

interface Who {
  /** The account's name; undefined when the account is gone. */
  name: string | undefined;
  kind: 'staff' | 'applicant';
}

/** One line of a case's history ("Händelser"): what happened, when and by whom, never content. */
export type HistoryEntry = { at: Date; who: Who } & (
  | { kind: 'status'; from: string; to: string; reason: string | undefined }
  | { kind: 'assigned'; assignee: string | undefined; self: boolean }
  /** Given back to nobody ("Ingen handläggare"). */
  | { kind: 'released' }
  | { kind: 'marked' | 'markCleared'; label: string; attachment: boolean }
  | { kind: 'message' }
  | { kind: 'note' }
  /** The medsökande's paper signature registered: the day it came, and any status it moved. */
  | { kind: 'signature'; receivedOn: string | undefined; from: string; to: string }
);

/**
 * The history of a case, oldest first, read from where each thing is kept: status changes and
 * assignments (also back to nobody) and the medsökande's paper signature (`application_event`), marks made and cleared (`case_mark`), messages and
 * internal notes (only that one was written, and by whom). Part of the case view, whose one
 * 'view' row logs the look; undefined for staff who may not read the case.
 */
export class CaseHistory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
  ) {}

  async of(staff: StaffMember, applicationId: string): Promise<HistoryEntry[] | undefined> {
    const municipality = await caseMunicipalityOf(this.db, applicationId);
    if (municipality === undefined || !mayRead(staff, municipality)) return undefined;
    const entries: HistoryEntry[] = [];
    const events = await this.db
      .selectFrom('application_event as e')
      .leftJoin('account as actor', 'actor.id', 'e.actor_id')
      .leftJoin('account as assignee', 'assignee.id', 'e.assignee_id')
      .select([
        'e.at',
        'e.actor_kind',
        'e.from_status',
        'e.to_status',
        'e.reason',
        'e.assignee_id',
        'e.actor_id',
        'e.kind',
        'actor.name as actor_name',
        'assignee.name as assignee_name',
      ])
      .where('e.application_id', '=', applicationId)
      .orderBy('e.at')
      // Taking a case up assigns it and moves its status at one moment: who took it comes first.
      .orderBy(sql`case when e.assignee_id is null then 1 else 0 end`)
      .orderBy('e.id')
      .execute();
    const signature = await this.db
      .selectFrom('co_applicant')
      .select('signature_received_on')
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    for (const event of events) {
      const at = new Date(Number(event.at));
      const who = whoOf(event.actor_name, event.actor_kind);
      if (event.kind === SIGNATURE_EVENT) {
        entries.push({
          at,
          who,
          kind: 'signature',
          receivedOn: signature?.signature_received_on ?? undefined,
          from: event.from_status,
          to: event.to_status,
        });
        continue;
      }
      if (event.kind === RELEASED_EVENT) {
        entries.push({ at, who, kind: 'released' });
        continue;
      }
      entries.push(
        event.assignee_id === null
          ? {
              at,
              who,
              kind: 'status',
              from: event.from_status,
              to: event.to_status,
              reason: event.reason ?? undefined,
            }
          : {
              at,
              who,
              kind: 'assigned',
              assignee: event.assignee_name ?? undefined,
              self: event.assignee_id === event.actor_id,
            },
      );
    }
    const completion = await caseCompletionOf(this.db, this.forms, staff, applicationId);
    for (const mark of completion?.marks ?? []) {
      const about = { label: mark.label, attachment: mark.kind === 'attachment' };
      entries.push({
        at: mark.createdAt,
        who: { name: mark.createdBy, kind: 'staff' },
        kind: 'marked',
        ...about,
      });
      if (mark.clearedAt) {
        entries.push({
          at: mark.clearedAt,
          who: { name: mark.clearedBy, kind: 'staff' },
          kind: 'markCleared',
          ...about,
        });
      }
    }
    const messages = await this.db
      .selectFrom('message as m')
      .leftJoin('account as author', 'author.id', 'm.author_id')
      .select(['m.created_at', 'm.author_kind', 'author.name'])
      .where('m.application_id', '=', applicationId)
      .execute();
    for (const message of messages) {
      entries.push({
        at: new Date(Number(message.created_at)),
        who: whoOf(message.name, message.author_kind),
        kind: 'message',
      });
    }
    const notes = await this.db
      .selectFrom('case_note as n')
      .leftJoin('account as author', 'author.id', 'n.author_id')
      .select(['n.created_at', 'author.name'])
      .where('n.application_id', '=', applicationId)
      .execute();
    for (const note of notes) {
      entries.push({
        at: new Date(Number(note.created_at)),
        who: whoOf(note.name, 'staff'),
        kind: 'note',
      });
    }
    // Stable: things at the same moment keep the order they were gathered in.
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

function whoOf(name: string | null, kind: string): Who {
  return { name: name ?? undefined, kind: kind === 'staff' ? 'staff' : 'applicant' };
}

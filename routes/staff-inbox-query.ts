import type { Request } from 'express';
import { addMonths, swedishDay, yearMonthOf } from '../forms/dates';
import {
  INBOX_CHANNELS,
  INBOX_LISTS,
  INBOX_SORTS,
  type InboxCursor,
  type InboxFilter,
  type InboxList,
  type InboxPosition,
} from '../services/case-inbox';
import { isCaseStatus } from '../services/case-statuses';
import { accountIdOf } from './staff-paths';

/** A list as its address says: the tab, the filters, the sort and where the page starts. */
export interface InboxQuery {
  list: InboxList;
  filter: InboxFilter;
  /** `efter=` (the page after a row) or `fore=` (the page before a row); else the first page. */
  position: InboxPosition;
}

/** The "Mina ärenden" choice to show closed cases too: `avslutade=ja`. */
export const CLOSED_PARAM = 'avslutade';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

export function periodOf(value: unknown): string | undefined {
  return typeof value === 'string' && PERIOD.test(value) ? value : undefined;
}

/** `efter=`/`fore=` `<received ms>.<uuid>`, or `<YYYY-MM>.<ms>.<uuid>` by period; else the first page. */
function cursorOf(value: unknown): InboxCursor | undefined {
  if (typeof value !== 'string') return undefined;
  const match =
    /^(?:(\d{4}-\d{2}|)\.)?(\d{1,15})\.([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/.exec(value);
  return match
    ? { period: match[1] ?? '', receivedAt: Number(match[2]), id: String(match[3]) }
    : undefined;
}

/** "mig", "ingen" or a colleague's id (only colleagues are offered; others find nothing). */
function assigneeOf(value: unknown): InboxFilter['assignee'] {
  if (value === 'mig') return { kind: 'me' };
  if (value === 'ingen') return { kind: 'none' };
  const id = accountIdOf(value);
  return id ? { kind: 'colleague', id } : undefined;
}

/** Anything odd in the address (a list, an unknown value) is left out, never an error. */
export function inboxQueryOf(req: Request): InboxQuery {
  const query = req.query;
  const status = query.status;
  const channel = oneOf(INBOX_CHANNELS, query.kanal);
  const period = periodOf(query.period);
  const assignee = assigneeOf(query.handlaggare);
  const sort = oneOf(INBOX_SORTS, query.sortering);
  const list = oneOf(INBOX_LISTS, query.lista) ?? 'nya';
  const after = cursorOf(query.efter);
  const before = cursorOf(query.fore);
  return {
    list,
    filter: {
      ...(list === 'mina' && query[CLOSED_PARAM] === 'ja' ? { closed: true } : {}),
      ...(isCaseStatus(status) ? { status } : {}),
      ...(channel ? { channel } : {}),
      ...(period ? { period } : {}),
      ...(assignee ? { assignee } : {}),
      ...(sort && sort !== 'aldst' ? { sort } : {}),
    },
    position: after
      ? { direction: 'after', cursor: after }
      : before
        ? { direction: 'before', cursor: before }
        : undefined,
  };
}

/** The list's address: only what differs from the defaults. */
export function inboxParams(query: {
  list: InboxList;
  filter: InboxFilter;
  position?: InboxPosition;
}) {
  const params = new URLSearchParams();
  const { filter } = query;
  if (query.list !== 'nya') params.set('lista', query.list);
  if (filter.period) params.set('period', filter.period);
  if (filter.status) params.set('status', filter.status);
  if (filter.assignee) {
    const { assignee } = filter;
    params.set(
      'handlaggare',
      assignee.kind === 'me' ? 'mig' : assignee.kind === 'none' ? 'ingen' : assignee.id,
    );
  }
  if (filter.channel) params.set('kanal', filter.channel);
  if (filter.sort && filter.sort !== 'aldst') params.set('sortering', filter.sort);
  if (filter.closed) params.set(CLOSED_PARAM, 'ja');
  if (query.position) {
    const { period, receivedAt, id } = query.position.cursor;
    params.set(
      query.position.direction === 'after' ? 'efter' : 'fore',
      filter.sort === 'period' ? `${period}.${receivedAt}.${id}` : `${receivedAt}.${id}`,
    );
  }
  return params;
}

export function withParams(path: string, params: URLSearchParams): string {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The months to choose from: next month and the twelve before it, newest first. */
export function periodChoices(now: Date, chosen: string | undefined): string[] {
  const current = yearMonthOf(swedishDay(now));
  const months = Array.from({ length: 13 }, (_, index) => addMonths(current, 1 - index));
  return chosen && !months.includes(chosen) ? [...months, chosen] : months;
}

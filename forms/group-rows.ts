import { isEmptyRow } from './read-input';
import type { GroupInput, RemovedRow, Step, StepInput } from './types';

export type RowChange = { verb: 'add' | 'remove' | 'restore'; groupId: string; index?: number };

/**
 * Reads a row button's value: `add:<group>`, `remove:<group>:<row>` or `restore:<group>:<row>`
 * (the "Ångra" beside the message that that row was removed).
 */
export function parseRowChange(action: string): RowChange | undefined {
  const [verb, groupId, rowText] = action.split(':');
  if ((verb !== 'add' && verb !== 'remove' && verb !== 'restore') || !groupId) return undefined;
  if (verb === 'add') return { verb, groupId };
  const index = Number(rowText);
  return Number.isInteger(index) && index >= 0 ? { verb, groupId, index } : undefined;
}

/**
 * Adds or removes a row of a group in the posted input; returns the id of the element to scroll
 * to, or undefined when the change does not apply (unknown group, full, no such row).
 */
export function applyRowChange(
  step: Step,
  input: StepInput,
  change: RowChange,
): string | undefined {
  const group = step.fields.find((field) => field.id === change.groupId);
  if (group?.type !== 'group') return undefined;
  const rows = (input[group.id] ?? []) as GroupInput;
  if (change.verb === 'add' && rows.length < group.max) {
    const shown = rows.length === 0 ? Math.max(group.min, 1) : rows.length;
    while (rows.length < shown + 1) rows.push({});
    input[group.id] = rows;
    return `f-${group.id}-${rows.length - 1}`;
  }
  if (change.verb === 'remove' && change.index !== undefined && change.index < rows.length) {
    rows.splice(change.index, 1);
    input[group.id] = rows;
    return `f-${group.id}`;
  }
  return undefined;
}

/** The row a `remove` change would take away, as typed, to keep for "Ångra". */
export function rowToRemove(
  step: Step,
  input: StepInput,
  change: RowChange,
): RemovedRow | undefined {
  if (change.verb !== 'remove' || change.index === undefined) return undefined;
  const row = (input[change.groupId] as GroupInput | undefined)?.[change.index];
  return row && { stepId: step.id, groupId: change.groupId, index: change.index, row };
}

/**
 * Puts the kept row back where it was; returns the id of the row to open at, or undefined when it
 * does not apply (not the row kept, as from an older page; no room for it; the group full).
 */
export function restoreRow(
  step: Step,
  input: StepInput,
  change: RowChange,
  kept: RemovedRow | undefined,
): string | undefined {
  const group = step.fields.find((field) => field.id === change.groupId);
  const sameRow =
    kept?.stepId === step.id && kept.groupId === change.groupId && kept.index === change.index;
  if (group?.type !== 'group' || !sameRow) return undefined;
  const rows = (input[group.id] ?? []) as GroupInput;
  if (rows.length >= group.max || kept.index > rows.length) return undefined;
  rows.splice(kept.index, 0, kept.row);
  input[group.id] = rows;
  return `f-${group.id}-${kept.index}`;
}

/**
 * Where a step goes after a row was added or removed (`anchor` from `applyRowChange`, `rowsNow`
 * the group's rows after it; `query` what the address had besides, without its `?`). A removed
 * row is named on the page that comes back ("Inkomst 2 är borttagen.") and the page opens at that
 * message, which takes the focus (a focusable fragment target), with or without JavaScript. A
 * row added opens with its first field focused (`lagt-till`, its number from 1), which also
 * scrolls to it; no fragment then, as a browser skips autofocus on a page opened at one.
 */
export function rowChangeAddress(
  stepPath: string,
  change: RowChange,
  anchor: string | undefined,
  rowsNow: number,
  query = '',
): string {
  if (anchor === undefined) return `${stepPath}${query ? `?${query}` : ''}`;
  const removed = change.verb === 'remove';
  // A row put back opens like one added: at its first field.
  const shownRow = change.verb === 'restore' ? (change.index ?? 0) + 1 : rowsNow;
  const params = [
    query,
    removed ? `borttagen=${change.groupId}-${(change.index ?? 0) + 1}` : '',
    removed ? '' : `lagt-till=${change.groupId}-${shownRow}`,
  ]
    .filter(Boolean)
    .join('&');
  return `${stepPath}?${params}${removed ? `#${anchor}-removed` : ''}`;
}

/** Reads `?borttagen=` or `?lagt-till=<group>-<row number>`: the row just removed or added. */
export function parseRowReference(value: unknown): { groupId: string; number: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\w{1,50})-(\d{1,3})$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  const number = Number(match[2]);
  return number >= 1 ? { groupId: match[1], number } : undefined;
}

/**
 * An accepted step keeps no row that is wholly empty (a "Lägg till" pressed and left blank): its
 * answers never counted, and the page would show it again as if it would be sent.
 */
export function withoutEmptyRows(step: Step, input: StepInput): StepInput {
  const kept: StepInput = { ...input };
  for (const field of step.fields) {
    const rows = input[field.id];
    if (field.type !== 'group' || !Array.isArray(rows)) continue;
    kept[field.id] = (rows as GroupInput).filter(
      (row) => !isEmptyRow(row as Record<string, string | string[]>),
    );
  }
  return kept;
}

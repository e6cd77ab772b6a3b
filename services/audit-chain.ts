import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditEventTable } from './db/schema';

/** The previous hash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit row as stored, the fields the hash covers (SECURITY.md line 30), with its place. */
export type ChainedAuditRow = Omit<
  Selectable<AuditEventTable>,
  'seq' | 'hash' | 'shown' | 'detail'
> & {
  seq: number | string;
  /** Absent in rows read before migration 032 added it (029 chains the rows it found). */
  shown?: string | null;
  /** Absent in rows read before migration 037 added it. */
  detail?: string | null;
};

/**
 * One canonical text per event: every stored field in a fixed order, numbers as numbers
 * (PostgreSQL hands bigints back as strings), as a JSON array so no field can bleed into the next.
 * `shown` came later (migration 032): it is covered when it has a value, so the rows written
 * before it keep their hashes. So is `detail` (037), as an object so that it can never be read
 * as a `shown`.
 */
export function canonicalAuditEvent(row: ChainedAuditRow): string {
  const shown = row.shown === null || row.shown === undefined ? [] : [row.shown];
  const detail = row.detail === null || row.detail === undefined ? [] : [{ detail: row.detail }];
  return JSON.stringify([
    Number(row.seq),
    row.id,
    Number(row.at),
    row.actor_id,
    row.role,
    row.municipality,
    row.subject,
    row.action,
    row.outcome,
    row.request_id,
    ...shown,
    ...detail,
  ]);
}

/** sha256(canonical(event) || previous hash), in hex. */
export function chainHash(row: ChainedAuditRow, previousHash: string): string {
  return createHash('sha256').update(canonicalAuditEvent(row)).update(previousHash).digest('hex');
}

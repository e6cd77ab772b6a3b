import { createHash } from 'node:crypto';

/** The previous hash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit row as stored, the fields the hash covers (SECURITY.md line 30). */
export interface ChainedAuditRow {
  seq: number | string;
  id: string;
  at: number | string;
  actor_id: string | null;
  role: string | null;
  municipality: string | null;
  subject: string | null;
  action: string;
  outcome: string;
  request_id: string | null;
}

/**
 * One canonical text per event: every stored field in a fixed order, numbers as numbers
 * (PostgreSQL hands bigints back as strings), as a JSON array so no field can bleed into the next.
 */
export function canonicalAuditEvent(row: ChainedAuditRow): string {
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
  ]);
}

/** sha256(canonical(event) || previous hash), in hex. */
export function chainHash(row: ChainedAuditRow, previousHash: string): string {
  return createHash('sha256').update(canonicalAuditEvent(row)).update(previousHash).digest('hex');
}

import type { ColumnType } from 'kysely';

/** PostgreSQL returns bigint columns as strings; we always write numbers. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface MunicipalityTable {
  code: string;
  name: string;
  unit_name: string;
  street_address: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  website: string | null;
}

export interface SessionTable {
  sid: string;
  sess: string;
  expires_at: BigIntColumn;
  /** The anonymous drafts this session holds, space-separated, so they can go with it. */
  draft_ids: ColumnType<string, string | undefined, string>;
}

export interface ApplicationTable {
  id: string;
  form_id: string;
  form_version: number;
  municipality_code: string;
  owner_id: string | null;
  channel: string;
  status: string;
  /** JSON: what was typed, per step. */
  input: string;
  /** JSON: the checked values of the steps that are done. */
  answers: string;
  row_version: number;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
}

export interface RateLimitTable {
  /** `<limit>:<sha256 of the counted key>`. */
  key: string;
  points: number;
  expires_at: BigIntColumn;
}

export interface Database {
  municipality: MunicipalityTable;
  session: SessionTable;
  application: ApplicationTable;
  rate_limit: RateLimitTable;
}

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
  rate_limit: RateLimitTable;
}

import type { RawBuilder } from 'kysely';
import { sql } from '../../services/db/kysely';

/** A piece of SQL: the seed builds its set-based statements out of these. */
export type Expr = RawBuilder<unknown>;

/**
 * What differs between SQLite and PostgreSQL in the seed's statements; everything else is the
 * same SQL for both (64-bit integer arithmetic, CASE, concat, cast as text).
 */
export interface SeedDialect {
  name: 'sqlite' | 'postgres';
  /** A derived table with one 64-bit integer column `i`, 1 to n, made by the database itself. */
  series(n: number): Expr;
  /** Zero-padded decimal. */
  pad(value: Expr, width: number): Expr;
  /** Zero-padded lower-case hexadecimal. */
  hex(value: Expr, width: number): Expr;
  /**
   * Ends a subquery the planner must not merge into the query around it: merged, each layer's
   * columns become copies of the expressions below, and the personnummer's check digit grew
   * into thousands of terms (a second per few thousand rows).
   */
  fence: Expr;
}

export const postgresSeed: SeedDialect = {
  name: 'postgres',
  // bigint from the start: the hashes below multiply ids by numbers near 2^31.
  series: (n) =>
    sql`(select i from generate_series(cast(1 as bigint), cast(${sql.lit(n)} as bigint)) as g(i))`,
  pad: (value, width) => sql`lpad(cast(${value} as text), ${sql.lit(width)}, '0')`,
  hex: (value, width) => sql`lpad(to_hex(${value}), ${sql.lit(width)}, '0')`,
  fence: sql`offset 0`,
};

export const sqliteSeed: SeedDialect = {
  name: 'sqlite',
  series: (n) =>
    sql`(with recursive g(i) as (select 1 union all select i + 1 from g where i < ${sql.lit(n)}) select i from g)`,
  pad: (value, width) => sql`printf(${sql.lit(`%0${width}d`)}, ${value})`,
  hex: (value, width) => sql`printf(${sql.lit(`%0${width}x`)}, ${value})`,
  // SQLite merges no subquery that has an OFFSET (which needs a LIMIT; -1 is none).
  fence: sql`limit -1 offset 0`,
};

export const col = (name: string): Expr => sql.ref(name);
export const lit = (value: string | number): Expr => sql.lit(value);
export const text = (value: Expr): Expr => sql`cast(${value} as text)`;

/**
 * A well-spread number in [0, 2^31 - 1) from an integer column: each `salt` (a different
 * multiplier) gives a different, independent-looking sequence, so no random() is needed and
 * every statement of the seed derives the same values from the same row number.
 */
export function spread(value: Expr, salt: number): Expr {
  return sql`((${value} * ${lit(salt)}) % 2147483647)`;
}

/** `values[index]` for a small fixed list, as a CASE (the same in both databases). */
export function pick(values: readonly (string | number)[], index: Expr): Expr {
  const branches = values.map((value, at) => sql`when ${lit(at)} then ${lit(value)}`);
  return sql`(case ${index} ${sql.join(branches, sql` `)} end)`;
}

/** One layer of a derived table: every column below plus `columns`, computed from them. */
export function layer(dialect: SeedDialect, from: Expr, columns: Record<string, Expr>): Expr {
  const list = Object.entries(columns).map(([name, value]) => sql`${value} as ${sql.id(name)}`);
  return sql`(select t.*, ${sql.join(list)} from ${from} as t ${dialect.fence})`;
}

/** A UUID-shaped id from a row number: random-looking first group, `tag` names the table. */
export function uuidOf(dialect: SeedDialect, value: Expr, tag: string, salt: number): Expr {
  return sql`concat(${dialect.hex(spread(value, salt), 8)}, ${lit(`-${tag}-4000-8000-`)}, ${dialect.hex(value, 12)})`;
}

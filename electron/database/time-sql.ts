import { sql, type Expression, type RawBuilder } from 'kysely'

/**
 * Date arithmetic inside a query, for aggregates computed in SQL (the dashboard's averages and
 * on-time counts) rather than by fetching every row into JavaScript. Stamps are UTC ISO strings
 * ('2026-03-05T11:00:00.000Z'); SQLite's julianday()/date() read them. These are the only
 * SQLite-specific spellings the services need, kept here with the dialect: on PostgreSQL they
 * would be `extract(epoch from (to::timestamptz - from::timestamptz)) * 1000` and
 * `(at::timestamptz at time zone 'Asia/Shanghai')::date`.
 */

/**
 * Whole milliseconds from one stamp column to another (null when either is null), as
 * `Date.parse(to) - Date.parse(from)` gives them: julianday keeps milliseconds exactly, and the
 * double's error (under 0.1 ms at today's dates) is rounded away, so sums are exact integers.
 */
export function millisBetween(from: string, to: string): RawBuilder<number | null> {
  return sql<number | null>`round((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000)`
}

/**
 * The office-local date ('YYYY-MM-DD') of a stamp column, as shared/time's officeDate gives it:
 * the office keeps UTC+8 all year (China has had no daylight saving since 1991).
 */
export function officeDateOf(column: string): RawBuilder<string | null> {
  return sql<string | null>`date(${sql.ref(column)}, '+8 hours')`
}

/**
 * A month as one integer (year × 12 + month) from a 'YYYY-MM…' text (a date, a month, or a
 * scalar subquery giving one), so "months from one to another" is a subtraction in SQL.
 */
export function monthIndex(value: Expression<string | null> | string): RawBuilder<number | null> {
  const v = typeof value === 'string' ? sql`${value}` : value
  return sql<number | null>`(cast(substr(${v}, 1, 4) as integer) * 12 + cast(substr(${v}, 6, 2) as integer))`
}

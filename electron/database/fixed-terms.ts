import { sql, type RawBuilder, type SqlBool } from 'kysely'

/**
 * `column in ('a', 'b')` with the values written into the statement instead of bound as `?`.
 *
 * SQLite uses a partial index (`… where status in ('待办', '办理中')`) only when the query's own
 * terms prove the index's WHERE, and it matches a bound value against the index's literal for `=`
 * but not inside an IN list: with `status in (?, ?)` the partial index is never considered. For the
 * code's own fixed values (a set of statuses from shared/), never for anything a clerk typed.
 */
export function fixedIn(column: string, values: readonly string[]): RawBuilder<SqlBool> {
  if (values.length === 0) throw new Error('fixedIn 需要至少一个值')
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`
}

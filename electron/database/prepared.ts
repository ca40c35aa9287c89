import type { CompiledQuery, Compilable } from 'kysely'
import type { Db } from './open-database'

/**
 * A read whose SQL never changes between calls, only its values (the clock, a date range): built
 * and compiled by Kysely once, then run with each call's values in place of the markers it was
 * built with. Building and compiling a statement costs ~50 µs, as much as the small indexed
 * statements of the home page take in SQLite; paying it once keeps such calls near the raw SQL.
 *
 * The builder receives markers, not values: it may put them into the query as values (where,
 * select, case …) but must not compute with them; what needs computing (an office date from a
 * moment) is its own named value. A marker that does not reach the statement is an error.
 */
export function prepared<K extends string, R>(
  keys: readonly K[],
  build: (db: Db, values: Readonly<Record<K, string>>) => Compilable<R>,
): (db: Db, values: Readonly<Record<K, string | number>>) => Promise<R[]> {
  const markers = Object.fromEntries(keys.map((k) => [k, `\u0000${k}\u0000`])) as Record<K, string>
  const slotOf = new Map<unknown, K>(keys.map((k) => [markers[k], k]))
  let compiled: CompiledQuery<R> | undefined
  return async (db, values) => {
    if (!compiled) {
      const made = build(db, markers).compile()
      const missing = keys.filter((k) => !made.parameters.includes(markers[k]))
      if (missing.length) throw new Error(`prepared: ${missing.join(', ')} did not reach the statement as values`)
      compiled = made
    }
    const parameters = compiled.parameters.map((p) => {
      const key = slotOf.get(p)
      return key === undefined ? p : values[key]
    })
    const { rows } = await db.executeQuery<R>({ ...compiled, parameters })
    return rows
  }
}

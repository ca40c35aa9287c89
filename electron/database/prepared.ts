import type { CompiledQuery, Compilable } from 'kysely'
import type { Db } from './open-database'

/**
 * A value a prepared read takes. What a builder may do with it depends on its kind:
 * - a string or a number (a value): only pass it into the statement (where, select, limit …);
 * - null/undefined, a boolean, '' (a choice): test it freely (`if (v.from)`), it decides the shape;
 * - a list of values: pass it whole to `in` (nowhere else); its length, rounded up to a power of
 *   two (listSlots), is part of the shape.
 */
export type Param = string | number | boolean | null | undefined | readonly (string | number)[]
export type Params = Readonly<Record<string, Param>>

export interface PreparedOptions<P> {
  /**
   * Values the builder computes with (a LIKE pattern made of a search text): a call in which one
   * of them is set (not null or '') builds and compiles its statement anew, with the real values.
   */
  perCall?: readonly (keyof P & string)[]
}

/** At most this many shapes of one statement are kept (most recently used first). */
const MAX_SHAPES = 32

type Slot = readonly [key: string, index: number] | null
interface Shape {
  compiled: CompiledQuery
  /** Per parameter of `compiled`: the value it stands for, or null to keep the compiled one. */
  slots: readonly Slot[]
}

const marker = (key: string, index = -1) => `\u0000${key}\u0000${index < 0 ? '' : index}`

/**
 * A read built and compiled by Kysely once per shape, then run with each call's values in place of
 * the markers it was built with. Building and compiling a statement costs 30–120 µs, as much as the
 * small indexed statements of a list page take in SQLite; paying it once per shape keeps such calls
 * near the raw SQL (issue 10: every call within 1.5× of its raw SQL).
 *
 * The builder receives the call's values with every value (string, number, each item of a list)
 * replaced by a marker of the same declared type. A shape is what the builder may decide on: which
 * values are null, the booleans and '' (passed as themselves), and the length of each list — so a
 * list with optional filters has one compiled statement per combination of filters in use. The
 * builder must not compute with a value or test what it is (only whether it is there); a value it
 * must compute with (a search text) is named in `perCall`. A marker that does not reach the
 * statement as a value is a mistake in the builder: that shape is then built for each call with the
 * real values (the right rows, without the reuse) and the log says so.
 */
export function prepared<P extends { readonly [K in keyof P]: Param }, R>(
  build: (db: Db, values: P) => Compilable<R>,
  options: PreparedOptions<P> = {},
): (db: Db, values: P) => Promise<R[]> {
  const shapes = new Map<string, Shape | typeof PER_CALL>()
  const perCall = options.perCall ?? []
  const direct = async (db: Db, values: P) => (await db.executeQuery<R>(build(db, values).compile())).rows
  return async (db, values) => {
    if (
      everyCall ||
      perCall.some((k) => values[k] !== null && values[k] !== undefined && values[k] !== ('' as P[typeof k]))
    ) {
      return direct(db, values)
    }
    const key = shapeKey(values as Params)
    let shape = shapes.get(key)
    if (shape) {
      // Most recently used last: the first key is the one to drop when full.
      shapes.delete(key)
      shapes.set(key, shape)
    } else {
      shape = compileShape(db, build, values)
      if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!)
      shapes.set(key, shape)
    }
    if (shape === PER_CALL) return direct(db, values)
    const { compiled, slots } = shape
    const parameters = compiled.parameters.map((p, i) => {
      const slot = slots[i]
      if (!slot) return p
      const value = (values as Params)[slot[0]]
      if (slot[1] < 0) return value
      // A list shorter than its shape's slots repeats its last item: the same `in` test.
      const list = value as readonly unknown[]
      return list[Math.min(slot[1], list.length - 1)]
    })
    const { rows } = await db.executeQuery<R>({ ...compiled, parameters })
    return rows
  }
}

let everyCall = false

/**
 * Runs `work` with every prepared read built for each call with the real values, as if nothing were
 * prepared: the tests compare what the lists answer both ways. Not for the app.
 */
export async function buildingEveryCall<T>(work: () => Promise<T>): Promise<T> {
  everyCall = true
  try {
    return await work()
  } finally {
    everyCall = false
  }
}

/** A shape whose builder computed with a value: it cannot be reused, so it is built for each call. */
const PER_CALL = Symbol('per call')

/**
 * How many markers a list of `n` is built with: n rounded up to a power of two (0 stays 0, which a
 * builder may test). `in (a, b, c, c)` is `in (a, b, c)`, so a page of 1–20 ids takes 6 shapes, not
 * 20 — which, with other lists and filters, would push shapes out of the MAX_SHAPES kept.
 */
export function listSlots(n: number): number {
  return n === 0 ? 0 : 2 ** Math.ceil(Math.log2(n))
}

/** 'v' a value, 'n' none, 't'/'f' a boolean, 'e' '', 'aN' a list of N slots (listSlots), per key in order. */
function shapeKey(values: Params): string {
  let key = ''
  for (const k in values) {
    const v = values[k]
    key +=
      v === null || v === undefined
        ? 'n'
        : v === true
          ? 't'
          : v === false
            ? 'f'
            : v === ''
              ? 'e'
              : Array.isArray(v)
                ? `a${listSlots(v.length)}`
                : 'v'
    key += ','
  }
  return key
}

/**
 * The statement of one shape, built with markers; PER_CALL when a marker did not reach it as a value
 * (the builder computed with it, or ignored it): that is a mistake in the builder, which the log
 * tells, but the clerk still gets the right rows — from a statement built with the real values.
 */
function compileShape<P extends { readonly [K in keyof P]: Param }>(
  db: Db,
  build: (db: Db, values: P) => Compilable<unknown>,
  values: P,
): Shape | typeof PER_CALL {
  const marked: Record<string, Param> = {}
  const slotOf = new Map<unknown, Slot>()
  for (const k in values) {
    const v: Param = values[k]
    if (Array.isArray(v)) {
      const slots = Array.from({ length: listSlots(v.length) }, (_, i) => i)
      marked[k] = slots.map((i) => marker(k, i))
      slots.forEach((i) => slotOf.set(marker(k, i), [k, i]))
    } else if ((typeof v === 'string' && v !== '') || typeof v === 'number') {
      marked[k] = marker(k)
      slotOf.set(marker(k), [k, -1])
    } else {
      marked[k] = v as Param
    }
  }
  let compiled: CompiledQuery
  try {
    compiled = build(db, marked as P).compile()
  } catch (err) {
    console.warn(`prepared: the builder failed with markers (${String(err)}); built per call`)
    return PER_CALL
  }
  const missing = [...slotOf].filter(([m]) => !compiled.parameters.includes(m)).map(([, s]) => s![0])
  if (missing.length || compiled.sql.includes('\u0000')) {
    console.warn(`prepared: ${[...new Set(missing)].join(', ')} did not reach the statement as values; built per call`)
    return PER_CALL
  }
  return { compiled, slots: compiled.parameters.map((p) => slotOf.get(p) ?? null) }
}

import type sqlite3 from 'sqlite3'

/**
 * SELECT statements kept prepared on one connection, by their SQL text.
 *
 * `sqlite3`'s `db.all(sql)` prepares, runs and finalizes the statement: three trips to its thread
 * pool, each 25–30 µs on this machine, for a read that SQLite itself answers in a few µs. The hot
 * reads send the same SQL every time (prepared.ts compiles each shape once), so a kept statement is
 * rebound and run in one trip. Issue 10 measured a calendar week at 1.4× the raw SQL through
 * `db.all`; most of that was these trips.
 *
 * Safe to keep because:
 * - `all` steps every statement to SQLITE_DONE, which ends its read (an idle kept statement holds
 *   no snapshot, so it never stops a checkpoint or another connection's write); a statement that
 *   failed is finalized, not kept;
 * - SQLite re-prepares a kept statement by itself when the schema changes (a migration, a restore);
 * - the connection is only used by one caller at a time (the driver's mutex), and `sqlite3` queues
 *   the calls on one statement in order anyway;
 * - `sqlite3` cannot close a connection that has statements left: the driver calls `finalizeAll`
 *   before it closes.
 * Bounded: the least recently used statement is finalized when more than `limit` are kept.
 */
export class StatementCache {
  readonly #db: sqlite3.Database
  readonly #limit: number
  readonly #kept = new Map<string, Kept>()

  constructor(db: sqlite3.Database, limit = 128) {
    this.#db = db
    this.#limit = limit
  }

  get size(): number {
    return this.#kept.size
  }

  async all(sql: string, params: readonly unknown[]): Promise<unknown[]> {
    const statement = this.#take(sql)
    const ready = statement.ready ?? (await statement.preparing)
    return new Promise((resolve, reject) => {
      ready.all(params, (err: Error | null, rows: unknown[]) => {
        if (!err) return resolve(rows)
        // Not kept after a failure: whatever state it was left in, the next call prepares anew.
        if (this.#kept.get(sql)?.ready === ready) this.#kept.delete(sql)
        void finalize(ready)
        reject(err)
      })
    })
  }

  /** Finalizes every kept statement (before the connection closes). */
  async finalizeAll(): Promise<void> {
    const kept = [...this.#kept.values()]
    this.#kept.clear()
    await Promise.all(kept.map((k) => k.preparing.then(finalize, () => undefined)))
  }

  #take(sql: string): Kept {
    const found = this.#kept.get(sql)
    if (found) {
      // Most recently used last: the first key is the one to drop when full.
      this.#kept.delete(sql)
      this.#kept.set(sql, found)
      return found
    }
    const kept: Kept = {
      ready: null,
      preparing: new Promise<sqlite3.Statement>((resolve, reject) => {
        const statement: sqlite3.Statement = this.#db.prepare(sql, (err: Error | null) => {
          if (!err) {
            kept.ready = statement
            return resolve(statement)
          }
          // A statement SQLite refused (a syntax error, a missing table) is not kept.
          if (this.#kept.get(sql) === kept) this.#kept.delete(sql)
          reject(err)
        })
      }),
    }
    kept.preparing.catch(() => undefined) // the caller that asked sees the error; nobody else waits
    this.#kept.set(sql, kept)
    if (this.#kept.size > this.#limit) {
      const [oldestSql, oldest] = this.#kept.entries().next().value!
      this.#kept.delete(oldestSql)
      void oldest.preparing.then(finalize, () => undefined)
    }
    return kept
  }
}

interface Kept {
  /** Set once SQLite has prepared it. */
  ready: sqlite3.Statement | null
  preparing: Promise<sqlite3.Statement>
}

function finalize(statement: sqlite3.Statement): Promise<void> {
  return new Promise((resolve) => statement.finalize(() => resolve()))
}

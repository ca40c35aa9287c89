import sqlite3 from 'sqlite3'

/**
 * Read-only side connections to the open data file, for the whole-file reads that take seconds at
 * a decade's size: a backup (VACUUM INTO) and the full integrity check.
 *
 * The app's one read-write connection sits behind a mutex (sqlite3-dialect.ts): a statement that
 * holds it for 1–3 s holds every reply for as long. In WAL mode readers never block the writer nor
 * each other: a side connection reads one consistent snapshot (what was committed when it began)
 * while the main connection goes on answering and writing, and node-sqlite3 runs its statements
 * on libuv's thread pool, so the event loop stays free too. A side connection is opened read-only
 * (it can never write), used once, and closed; `closeAll` interrupts the ones still running, so
 * closing or swapping the file (restore) never waits for a check to finish.
 */
export type Reader = <T>(work: (connection: sqlite3.Database) => Promise<T>) => Promise<T>

/** Thrown by `use` once the file has been closed (or is being closed). */
export class ReaderClosed extends Error {
  constructor() {
    super('数据文件已经关闭')
    this.name = 'ReaderClosed'
  }
}

export class SideReaders {
  readonly #file: string
  readonly #busyTimeoutMs: number
  readonly #running = new Map<sqlite3.Database, Promise<unknown>>()
  #closed = false

  constructor(file: string, busyTimeoutMs: number) {
    this.#file = file
    this.#busyTimeoutMs = busyTimeoutMs
  }

  /** Runs `work` on a fresh read-only connection, closed afterwards whatever happens. */
  readonly use: Reader = async (work) => {
    if (this.#closed) throw new ReaderClosed()
    const connection = await openReadOnly(this.#file)
    if (this.#closed) {
      await closeConnection(connection)
      throw new ReaderClosed()
    }
    connection.configure('busyTimeout', this.#busyTimeoutMs)
    const running = (async () => {
      try {
        return await work(connection)
      } finally {
        await closeConnection(connection)
      }
    })()
    this.#running.set(connection, running)
    try {
      return await running
    } finally {
      this.#running.delete(connection)
    }
  }

  /** How many side connections are reading now. */
  get active(): number {
    return this.#running.size
  }

  /** Refuses new readers, interrupts the running ones and waits until each has closed. */
  async closeAll(): Promise<void> {
    this.#closed = true
    const running = [...this.#running]
    // sqlite3_interrupt() stops only the statement running at that moment: one called between two
    // statements of a piece of work (or before its first) is lost. So it is repeated until each
    // piece of work has given up.
    const interrupt = () => {
      for (const [connection] of running) {
        if (!this.#running.has(connection)) continue // finished and closed meanwhile
        try {
          connection.interrupt()
        } catch {
          // closing at this very moment: nothing left to stop
        }
      }
    }
    interrupt()
    const again = setInterval(interrupt, 5)
    try {
      await Promise.allSettled(running.map(([, done]) => done))
    } finally {
      clearInterval(again)
    }
  }
}

/** True when `err` is SQLite's answer to `interrupt()` (the file is being closed), not a failure. */
export function wasInterrupted(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return code === 'SQLITE_INTERRUPT' || err instanceof ReaderClosed
}

function openReadOnly(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) =>
      err ? reject(err) : resolve(connection),
    )
  })
}

function closeConnection(connection: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => connection.close(() => resolve()))
}

/** Promise forms of node-sqlite3's callbacks, for the database layer's raw statements. */
export function allRows<T>(connection: sqlite3.Database, statement: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    connection.all(statement, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  )
}

export function runStatement(connection: sqlite3.Database, statement: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => connection.run(statement, params, (err) => (err ? reject(err) : resolve())))
}

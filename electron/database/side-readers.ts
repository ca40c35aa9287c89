import type sqlite3 from 'sqlite3'
import { runSideTask, SideTaskStopped, type SideRun } from './side-process'
import type { OpenFileTask, SideResult, SideTask } from './side-task-protocol'

/**
 * Whole-file reads of the open data file that take seconds at a decade's size: a backup (VACUUM
 * INTO, then the copy of its attachment store) and the full integrity check.
 *
 * The app's one read-write connection sits behind a mutex (sqlite3-dialect.ts): a statement that
 * holds it for 1–3 s holds every reply for as long. So these run on a read-only connection of
 * their own: in WAL mode readers never block the writer nor each other, and it reads one
 * consistent snapshot (what was committed when it began) while the main connection goes on
 * answering and writing. And that connection is in a low-priority process of its own
 * (side-process.ts), so the read does not take the CPU and the thread pool from the window's
 * calls either. `closeAll` stops the ones still running, so closing or swapping the file
 * (restore) never waits for a check to finish.
 */
export type Reader = <T extends OpenFileTask>(task: T) => Promise<SideResult<T>>

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
  readonly #running = new Set<SideRun<unknown>>()
  #closed = false

  constructor(file: string, busyTimeoutMs: number) {
    this.#file = file
    this.#busyTimeoutMs = busyTimeoutMs
  }

  /** Runs `task` on the open file in a side process, ended afterwards whatever happens. */
  readonly use: Reader = async (task) => {
    if (this.#closed) throw new ReaderClosed()
    const run = runSideTask({ ...task, file: this.#file, busyTimeoutMs: this.#busyTimeoutMs } as SideTask)
    this.#running.add(run)
    try {
      return (await run.result) as never
    } finally {
      this.#running.delete(run)
    }
  }

  /** How many side reads are running now. */
  get active(): number {
    return this.#running.size
  }

  /** Refuses new reads, stops the running ones and waits until each has ended. */
  async closeAll(): Promise<void> {
    this.#closed = true
    const running = [...this.#running]
    for (const run of running) run.stop()
    await Promise.allSettled(running.map((run) => run.result))
  }
}

/** True when `err` is SQLite's answer to `interrupt()` (the file is being closed), not a failure. */
export function wasInterrupted(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code
  return code === 'SQLITE_INTERRUPT' || err instanceof ReaderClosed || err instanceof SideTaskStopped
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

import { openDatabase, type Db, type OpenDatabase, type OpenOptions } from './open-database'
import { HealthMonitor } from './health'
import type { Reader } from './side-readers'

/**
 * The open data file as the hosts hold it: a handle that can be swapped for a new one.
 *
 * Restoring a backup has to close the database, replace the file and open it again, while the
 * transports (the IPC binding, the loopback host) keep answering calls. So they do not keep a
 * `Db` of their own: every call runs through `shared()` and gets the handle that is current when
 * it starts. A call that swaps the file runs through `exclusive()`: it waits until the calls in
 * progress have finished, and calls that arrive meanwhile wait until it is done — nobody runs a
 * statement on a closed handle, and everything after a restore reads the restored file.
 */
export class LiveDatabase {
  #current: OpenDatabase
  readonly #options: OpenOptions
  #active = 0
  #onIdle: (() => void) | null = null
  #exclusive: Promise<void> | null = null
  #inExclusive = false
  #generation = 0
  /** The full integrity check of the current file, in the background and on demand (health.ts). */
  readonly health: HealthMonitor
  readonly #beforeRelease = new Set<() => Promise<void>>()

  constructor(current: OpenDatabase, options: OpenOptions = {}) {
    this.#current = current
    this.health = new HealthMonitor(this)
    // Reopening the same path never creates its folder: it exists, the file was just there.
    this.#options = { ...options, createFolder: false }
  }

  static async open(file: string, options: OpenOptions = {}): Promise<LiveDatabase> {
    return new LiveDatabase(await openDatabase(file, options), options)
  }

  /** The handle that is current now. Transports use `shared()` instead, so a restore cannot pull it away mid-call. */
  get db(): Db {
    return this.#current.db
  }

  get file(): string {
    return this.#current.file
  }

  /** The handle that was opened last; its `openCheck` says which check ran at open. */
  get opened(): OpenDatabase {
    return this.#current
  }

  /** Counts the files this handle has held: a restore swaps in the next one. */
  get generation(): number {
    return this.#generation
  }

  /**
   * A read-only side connection to the current file, in a low-priority side process, for
   * whole-file reads (backup, integrity check) that must not hold the one connection nor the
   * app's CPU; closing or swapping the file stops it.
   */
  readonly reader: Reader = (task) => this.#current.reader(task)
  /**
   * Work that reads the file on its own connection (an export worker) registers here to be stopped
   * before the file is closed or replaced: a restore must not swap the file under a reader, and on
   * Windows a file another connection holds open cannot be replaced at all.
   */
  onRelease(stop: () => Promise<void>): () => void {
    this.#beforeRelease.add(stop)
    return () => this.#beforeRelease.delete(stop)
  }

  async #release(): Promise<void> {
    await Promise.all([...this.#beforeRelease].map((stop) => stop().catch(() => undefined)))
  }

  /** Runs one ordinary call with the current handle; waits while an exclusive call runs. */
  async shared<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    while (this.#exclusive) await this.#exclusive
    this.#active++
    try {
      return await fn(this.#current.db)
    } finally {
      this.#active--
      if (this.#active === 0) this.#onIdle?.()
    }
  }

  /** Runs `fn` alone: after every call in progress has finished, before any call that arrives meanwhile. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.#exclusive) await this.#exclusive
    let release!: () => void
    this.#exclusive = new Promise<void>((done) => (release = done))
    try {
      if (this.#active > 0) await new Promise<void>((idle) => (this.#onIdle = idle))
      this.#onIdle = null
      this.#inExclusive = true
      return await fn()
    } finally {
      this.#inExclusive = false
      this.#exclusive = null
      release()
    }
  }

  /**
   * Closes the database, lets `work` change the file while nothing has it open, and opens it
   * again (with every check and migration of a normal start). If the file cannot be opened
   * afterwards, `undo` puts the old file back and that is opened instead; the error is rethrown.
   * Only inside `exclusive()`.
   */
  async replaceFile(work: (file: string) => Promise<void>, undo: (file: string) => Promise<void>): Promise<void> {
    if (!this.#inExclusive) throw new Error('replaceFile() must run inside exclusive()')
    const file = this.#current.file
    await this.#release()
    await this.#current.close()
    this.#generation++
    this.health.reset()
    try {
      await work(file)
      this.#current = await openDatabase(file, this.#options)
    } catch (err) {
      await undo(file)
      this.#current = await openDatabase(file, this.#options)
      throw err
    }
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      await this.#release()
      await this.#current.close()
    })
  }
}

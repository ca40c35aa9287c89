import type { Db } from './open-database'
import { integrityCheck } from './maintenance'
import type { Reader } from './side-readers'
import { wasInterrupted } from './side-readers'

/**
 * The full integrity check of the open file, off the clerk's path (the rule for what runs at open,
 * and why, is in open-check.ts).
 *
 * It runs on a read-only connection in a low-priority side process (side-process.ts), so it never
 * holds the app's connection nor takes the CPU from the window's calls: once a day
 * (FULL_CHECK_EVERY_MS since the last one that passed, as the file records it), first
 * FIRST_CHECK_DELAY_MS after start so the first screens load before it reads the whole file, and
 * whenever the clerk presses 开始检查. Damage it finds is kept here and shown on 首页 and 数据与备份
 * with what to do; it is not written into the damaged file. A check cut short by a close or a
 * restore reports nothing.
 */
export const FULL_CHECK_EVERY_MS = 24 * 60 * 60_000
export const FIRST_CHECK_DELAY_MS = 15_000
/** How often the schedule looks whether a check is due (a PC that slept catches up when it wakes). */
export const CHECK_POLL_MS = 5 * 60_000

export interface DatabaseHealth {
  /** unchecked: no check since this file was opened; damaged: the last check found problems. */
  status: 'unchecked' | 'checking' | 'ok' | 'damaged'
  /** When the last check in this session finished (ISO), or null. */
  checkedAt: string | null
  /** The problems the last check found, in Chinese (SQLite's words are in the log). */
  problems: string[]
}

export interface CheckResult {
  ok: boolean
  problems: string[]
  checkedAt: string
}

/** What the monitor needs of the open file: LiveDatabase gives it. */
export interface CheckedFile {
  /** The current handle (only for the small write that records a check that passed). */
  readonly db: Db
  readonly reader: Reader
  /** Changes whenever the file behind the handle is swapped (restore). */
  readonly generation: number
}

export class HealthMonitor {
  readonly #file: CheckedFile
  #health: DatabaseHealth = { status: 'unchecked', checkedAt: null, problems: [] }
  #running: Promise<CheckResult> | null = null

  constructor(file: CheckedFile) {
    this.#file = file
  }

  get state(): DatabaseHealth {
    return { ...this.#health, problems: [...this.#health.problems] }
  }

  /** The file was swapped: what was known belongs to the old one. */
  reset(): void {
    this.#health = { status: 'unchecked', checkedAt: null, problems: [] }
  }

  /** Runs the full check now, or joins the one already running. */
  checkNow(): Promise<CheckResult> {
    this.#running ??= this.#run().finally(() => (this.#running = null))
    return this.#running
  }

  async #run(): Promise<CheckResult> {
    const generation = this.#file.generation
    const before = this.#health
    this.#health = { ...before, status: 'checking' }
    let problems: string[]
    try {
      problems = await integrityCheck(this.#file.reader)
    } catch (err) {
      if (this.#file.generation === generation) this.#health = before
      if (wasInterrupted(err)) throw err
      console.error('[health] check failed', err)
      throw err
    }
    const checkedAt = new Date().toISOString()
    const result = { ok: problems.length === 0, problems, checkedAt }
    if (this.#file.generation !== generation) return result // checked a file that is gone
    this.#health = { status: result.ok ? 'ok' : 'damaged', checkedAt, problems }
    if (result.ok) {
      await this.#file.db
        .updateTable('database_state')
        .set({ full_checked_at: checkedAt })
        .where('id', '=', 1)
        .execute()
        .catch((err: unknown) => console.error('[health] record check', err))
    }
    return result
  }

  /** Runs the check when the file's last passed full check is FULL_CHECK_EVERY_MS old (or none). */
  async checkIfDue(now = new Date()): Promise<void> {
    if (this.#running || this.#health.status === 'damaged') return
    const row = await this.#file.db
      .selectFrom('database_state')
      .select('full_checked_at')
      .where('id', '=', 1)
      .executeTakeFirst()
      .catch(() => undefined)
    const last = row?.full_checked_at ? Date.parse(row.full_checked_at) : NaN
    if (Number.isFinite(last) && now.getTime() - last < FULL_CHECK_EVERY_MS) return
    await this.checkNow().catch((err: unknown) => {
      if (!wasInterrupted(err)) console.error('[health]', err)
    })
  }

  /** Starts the schedule; returns a function that stops it. */
  schedule(options: { firstDelayMs?: number; everyMs?: number } = {}): () => void {
    const tick = () => void this.checkIfDue()
    const first = setTimeout(tick, options.firstDelayMs ?? FIRST_CHECK_DELAY_MS)
    const every = setInterval(tick, options.everyMs ?? CHECK_POLL_MS)
    first.unref?.()
    every.unref?.()
    return () => {
      clearTimeout(first)
      clearInterval(every)
    }
  }
}

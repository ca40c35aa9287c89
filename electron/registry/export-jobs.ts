import { existsSync } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError } from '../../shared/app-error'
import type { Db } from '../database/open-database'
import type { LiveDatabase } from '../database/live-database'
import type { z } from 'zod'
import { handler, type HostContext } from './define'
import { auditExport, type Exporter } from './export-file'
import { exportFailure, type WorkerData, type WorkerReport } from './export-protocol'

/**
 * Exports as jobs, off the main thread.
 *
 * A 台账 of ten years at a street office's size is tens of thousands of rows: built on the main
 * thread it held every other reply for seconds and, in memory, grew the process by most of a
 * gigabyte. So `start` only checks the request and asks where to save (the exporter's `prepare`,
 * then the host's save dialog); the file is built in a worker thread (export-worker.ts) with its
 * own read-only connection, streamed into `未完成-<name>.tmp` beside the target, and renamed when
 * complete — a cancelled or failed job leaves no half file, and the audit entry is written only
 * once the file is there. The window polls `status` for rows done / in all, and `cancel` stops the
 * worker at its next row.
 *
 * Worker threads rather than a child process: the packaged app turns Electron's runAsNode fuse
 * off, so there is no `node` to spawn; a worker runs the same bundle in the same process, and in
 * plain Node for the tests and the loopback host. Its heap is capped, so an export that grows
 * beyond reason fails in Chinese instead of taking the app down with it.
 */

export type ExportState = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled'

export interface ExportStatus {
  job: number
  /** 议事会台账, 会议日历 … */
  what: string
  fileName: string
  state: ExportState
  /** Rows written so far, and in all (null until the worker has read how many there are). */
  done: number
  total: number | null
  /** Where the finished file is (state 'done'). */
  path: string | null
  /** How many records it holds (state 'done'). */
  count: number | null
  /** Why it failed, in Chinese (state 'failed'). */
  message: string | null
}

/** Two at a time: the machine has few cores, and a third clerk's export waits its turn. */
const RUNNING_AT_ONCE = 2
/**
 * A worker that has finished stays this long for the next export (loading the app's code and
 * exceljs into a new thread takes about half a second); then it ends and gives back its memory.
 */
const IDLE_MS = 60_000
/** A worker's heap limit: the largest export streams in far less (see bench/export-bench.ts). */
const WORKER_HEAP_MB = 256
/**
 * Its young generation: an export makes many short-lived row objects, and V8's default nursery
 * for a thread grows to tens of MB that the process keeps. 8 MB measured ~30 MB less RSS for the
 * ten-year ledger at 100× and no slower (bench/export-bench.ts).
 */
const WORKER_YOUNG_MB = 8
/** How long 取消 waits for the worker to stop at its next row before it is stopped by force. */
const CANCEL_GRACE_MS = 5000
/** Finished jobs kept for the window to read how they ended. */
const FINISHED_KEPT = 50

interface Job {
  status: ExportStatus
  exporter: Exporter<unknown>
  input: unknown
  detail: Record<string, unknown>
  target: string
  temp: string
  now: Date
  shared: Int32Array
  worker: Worker | null
  ended: Promise<void>
  end: () => void
  /** Settles when the worker has finished and the file is being renamed and audited. */
  publishing: Promise<void>
  publish: () => void
}

const jobsOf = new WeakMap<LiveDatabase, ExportJobs>()

/** The export jobs of one open data file (one per host). */
export function exportJobs(database: LiveDatabase): ExportJobs {
  let jobs = jobsOf.get(database)
  if (!jobs) {
    jobs = new ExportJobs(database)
    jobsOf.set(database, jobs)
  }
  return jobs
}

let nextId = 1

export class ExportJobs {
  readonly #jobs = new Map<number, Job>()
  readonly #queue: Job[] = []
  #running = 0
  readonly #pool = new WorkerPool()

  constructor(private readonly database: LiveDatabase) {
    // A restore swaps the file, and closing the app closes it: no worker may still be reading it.
    database.onRelease(async () => {
      await this.cancelAll()
      this.#pool.drain()
    })
  }

  /**
   * Checks the request (on the caller's connection), asks the host where to save, and starts the
   * job. Null when the clerk closed the save dialog. A refusal (nothing to export, a period over
   * ten years) is thrown before the dialog opens.
   */
  async start<I>(
    db: Db,
    ctx: HostContext,
    exporter: Exporter<I>,
    input: I,
    detail: Record<string, unknown>,
  ): Promise<ExportStatus | null> {
    const { fileName } = await exporter.prepare(db, input)
    // The worker loads its code while the clerk picks a folder in the save dialog.
    this.#pool.warm()
    const target = await ctx.pickSaveTarget(fileName)
    if (!target) return null
    const id = nextId++
    let end!: () => void
    let publish!: () => void
    const job: Job = {
      status: {
        job: id,
        what: exporter.what,
        fileName: basename(target),
        state: 'waiting',
        done: 0,
        total: null,
        path: null,
        count: null,
        message: null,
      },
      exporter: exporter as Exporter<unknown>,
      input,
      detail,
      target,
      temp: join(dirname(target), `未完成-${basename(target)}.${id}.tmp`),
      now: new Date(),
      shared: new Int32Array(new SharedArrayBuffer(12)),
      worker: null,
      ended: new Promise<void>((r) => (end = r)),
      end: () => undefined,
      publishing: new Promise<void>((r) => (publish = r)),
      publish: () => publish(),
    }
    job.end = () => {
      ctx.releaseSaveTarget?.(target)
      this.#forgetOld()
      end()
    }
    this.#jobs.set(id, job)
    this.#queue.push(job)
    this.#next()
    return this.status(id)
  }

  /** How a job stands now: rows done / in all, or how it ended. */
  status(id: number): ExportStatus {
    const job = this.#jobs.get(id)
    if (!job) throw new AppError('NOT_FOUND', '找不到这次导出（可能程序已经重新打开过）。请重新导出。')
    if (job.status.state === 'running') {
      job.status.done = Atomics.load(job.shared, 1)
      const total = Atomics.load(job.shared, 2)
      job.status.total = total < 0 ? null : total
    }
    return { ...job.status }
  }

  /** 取消: stops the job at its next row and removes what it wrote; answers once it has stopped. */
  async cancel(id: number): Promise<ExportStatus> {
    const job = this.#jobs.get(id)
    if (!job) return this.status(id)
    if (job.status.state === 'waiting') {
      this.#queue.splice(this.#queue.indexOf(job), 1)
      job.status.state = 'cancelled'
      job.end()
    } else if (job.status.state === 'running') {
      Atomics.store(job.shared, 0, 1)
      const force = setTimeout(() => void job.worker?.terminate(), CANCEL_GRACE_MS)
      // Too late once the file is complete: it is being renamed and audited, and the audit may be
      // waiting for the very restore (or close) that is cancelling — waiting for it would deadlock.
      await Promise.race([job.ended, job.publishing])
      clearTimeout(force)
    }
    return this.status(id)
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.#jobs.keys()].map((id) => this.cancel(id)))
  }

  #next(): void {
    while (this.#running < RUNNING_AT_ONCE && this.#queue.length) {
      const job = this.#queue.shift()!
      this.#running++
      void this.#run(job).finally(() => {
        this.#running--
        job.end()
        this.#next()
      })
    }
  }

  async #run(job: Job): Promise<void> {
    job.status.state = 'running'
    Atomics.store(job.shared, 2, -1)
    const report = await this.#work(job)
    if (report.type === 'done') {
      try {
        await this.#publish(job, report.count)
        return
      } catch (err) {
        Object.assign(job.status, { state: 'failed', ...failureOf(exportFailure(err)) })
      }
    } else if (report.type === 'cancelled') {
      job.status.state = 'cancelled'
    } else {
      Object.assign(job.status, { state: 'failed', ...failureOf(report) })
    }
    await unlink(job.temp).catch(() => undefined)
  }

  /** Runs the job on a worker to its end; a worker that dies (out of memory, stopped by force) counts as failed or cancelled. */
  async #work(job: Job): Promise<WorkerReport> {
    const data: WorkerData = {
      key: job.exporter.key,
      input: job.input,
      file: this.database.file,
      temp: job.temp,
      now: job.now.toISOString(),
      shared: job.shared.buffer as SharedArrayBuffer,
    }
    let worker: Worker
    try {
      worker = this.#pool.take()
    } catch (err) {
      console.error('[export-jobs] worker', err)
      return { type: 'failed', ...exportFailure(err) }
    }
    job.worker = worker
    let alive = true
    const report = await new Promise<WorkerReport>((resolve) => {
      let failure: WorkerReport | null = null
      const onMessage = (r: WorkerReport) => {
        worker.off('error', onError).off('exit', onExit)
        resolve(r)
      }
      const onError = (err: Error) => {
        console.error('[export-jobs] worker', job.exporter.key, err)
        failure ??= { type: 'failed', ...exportFailure(err) }
      }
      const onExit = () => {
        alive = false
        worker.off('message', onMessage).off('error', onError)
        const cancelled = Atomics.load(job.shared, 0) === 1
        resolve(failure ?? (cancelled ? { type: 'cancelled' } : { type: 'failed', ...exportFailure(null) }))
      }
      worker.once('message', onMessage).on('error', onError).once('exit', onExit)
      worker.postMessage(data)
    })
    job.worker = null
    // A worker that answered is whole: it waits for the next job (a dead one is gone already).
    if (alive) this.#pool.giveBack(worker)
    return report
  }

  /** The complete file takes its name, then the audit entry is written; without the entry, no file. */
  async #publish(job: Job, count: number): Promise<void> {
    job.publish()
    await rename(job.temp, job.target)
    try {
      await this.database.shared((db) => auditExport(db, job.exporter.what, { ...job.detail, count, path: job.target }))
    } catch (err) {
      await unlink(job.target).catch(() => undefined)
      throw err
    }
    Object.assign(job.status, {
      state: 'done',
      path: job.target,
      count,
      done: Math.max(Atomics.load(job.shared, 1), 0),
      total: Math.max(Atomics.load(job.shared, 2), 0),
    })
  }

  /** Keeps the latest finished jobs only (the window reads how a job ended right after it ends). */
  #forgetOld(): void {
    const finished = [...this.#jobs.values()].filter((j) => !['waiting', 'running'].includes(j.status.state))
    for (const j of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) this.#jobs.delete(j.status.job)
  }
}

/**
 * Worker threads kept between exports: `take` hands out an idle one or starts one, `giveBack`
 * parks it for IDLE_MS, `warm` starts one ahead. Idle workers are unref'd, so they never keep the
 * process alive (tests, the loopback host's shutdown, the app's quit).
 */
class WorkerPool {
  readonly #idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = []

  take(): Worker {
    const parked = this.#idle.pop()
    if (parked) {
      clearTimeout(parked.timer)
      parked.worker.ref()
      return parked.worker
    }
    const entry = workerEntry()
    const worker = new Worker(entry.file, {
      execArgv: entry.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    })
    // An idle worker that dies (it should not) is simply dropped.
    worker.on('error', (err) => console.error('[export-jobs] idle worker', err))
    worker.on('exit', () => this.#drop(worker))
    return worker
  }

  giveBack(worker: Worker): void {
    if (this.#idle.length >= RUNNING_AT_ONCE) return void worker.terminate()
    worker.unref()
    const timer = setTimeout(() => void worker.terminate(), IDLE_MS)
    timer.unref()
    this.#idle.push({ worker, timer })
  }

  warm(): void {
    if (this.#idle.length > 0) return
    try {
      this.giveBack(this.take())
    } catch (err) {
      console.error('[export-jobs] warm', err)
    }
  }

  /** Ends the idle workers (before the data file is closed or replaced). */
  drain(): void {
    for (const { worker, timer } of this.#idle.splice(0)) {
      clearTimeout(timer)
      void worker.terminate()
    }
  }

  #drop(worker: Worker): void {
    const i = this.#idle.findIndex((p) => p.worker === worker)
    if (i >= 0) clearTimeout(this.#idle.splice(i, 1)[0]!.timer)
  }
}

function failureOf(f: { code: string; message: string }) {
  return { message: f.message }
}

/**
 * The worker's file, wherever this code runs: from the TypeScript sources (vitest, the loopback
 * host and the benchmarks run through tsx) it is export-worker.ts beside this file, loaded through
 * tsx; in the electron-vite build it is out/main/export-worker.js, an entry of its own
 * (electron.vite.config.ts) beside index.js — or one folder up when this code sits in a chunk.
 */
export function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url)
  const dir = dirname(here)
  if (here.endsWith('.ts')) {
    // Node 20 does not apply `--import` loaders to a worker's own entry file; tsx's require hook does.
    return { file: join(dir, 'export-worker.ts'), execArgv: ['--require', createRequire(here).resolve('tsx/cjs')] }
  }
  const found = [dir, join(dir, '..')].map((d) => join(d, WORKER_BUNDLE)).find((f) => existsSync(f))
  if (!found) throw new Error(`${WORKER_BUNDLE} is missing beside ${here}`)
  return { file: found, execArgv: [] }
}

/** The name electron.vite.config.ts gives the worker's bundle. */
export const WORKER_BUNDLE = 'export-worker.js'

/** A registry entry that starts an export job: the input's schema, and the exporter that builds the file. */
export function exportHandler<I extends z.ZodType>(input: I, exporter: Exporter<z.output<I>>) {
  return handler({
    input,
    run: (db, q: z.output<I>, ctx) =>
      exportJobs(ctx.database).start(db, ctx, exporter, q, q as Record<string, unknown>),
  })
}

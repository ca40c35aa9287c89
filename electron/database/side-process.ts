import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { constants, setPriority } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SideReply, SideResult, SideTask } from './side-task-protocol'

/**
 * Whole-file reads (a backup's VACUUM INTO, the full integrity check, the check of a copy or of a
 * backup before a restore) run in a process of their own at the lowest CPU priority.
 *
 * On a read-only side connection in the app's own process they no longer held the app's
 * connection, but still took one of the office PC's two cores and libuv's thread pool with the
 * window's calls: a list answered in 229–433 ms at p95 during one (bench/open-bench.ts). Node
 * cannot lower the priority of the pool thread sqlite3 runs a statement on, and a worker thread
 * shares that pool; a process can be lowered whole (side-task.ts lowers each of its threads on
 * Linux, where priority is per thread). The scheduler then gives the app's threads the core first.
 * Stopping one is ending the process: nothing it holds is written (its connection is read-only,
 * and a copy is written under a temporary name the caller removes).
 *
 * In the packaged app Electron's runAsNode fuse is off, so `child_process.fork` (which runs the
 * Electron binary as Node) cannot be used there: Electron's utility process is its way to run
 * Node code in a process of its own. In plain Node (tests, the loopback host, benchmarks) it is
 * `fork`. One task per process: it starts in a few hundred ms, nothing beside a task that takes
 * seconds.
 */

/** A running side task: its answer, and how to stop it (the answer then rejects as interrupted). */
export interface SideRun<T> {
  readonly result: Promise<T>
  /** The process's id once it has started. */
  readonly pid: number | undefined
  stop(): void
}

/** The rejection of a task stopped by `stop()`: SQLite's own code for an interrupted statement. */
export class SideTaskStopped extends Error {
  readonly code = 'SQLITE_INTERRUPT'
  constructor() {
    super('数据文件已经关闭')
    this.name = 'SideTaskStopped'
  }
}

/** An error the side process sent back, with SQLite's code (SQLITE_FULL, SQLITE_CANTOPEN …). */
export class SideTaskFailed extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message)
    this.name = 'SideTaskFailed'
  }
}

interface Child {
  readonly pid: number | undefined
  send(task: SideTask): void
  kill(): void
}

/** Starts `task` in a low-priority process of its own. */
export function runSideTask<T extends SideTask>(task: T): SideRun<SideResult<T>> {
  let child: Child | null = null
  let stopped = false
  let settled = false
  let settle!: { resolve: (v: SideResult<T>) => void; reject: (e: unknown) => void }
  const result = new Promise<SideResult<T>>((resolve, reject) => (settle = { resolve, reject }))
  const finish = (outcome: () => void) => {
    if (settled) return
    settled = true
    outcome()
    child?.kill()
  }
  const events = {
    spawned(pid: number | undefined) {
      // The parent lowers it too: on Windows the priority is the whole process's.
      if (pid !== undefined) lower(pid)
    },
    message(reply: SideReply) {
      finish(() =>
        reply.ok
          ? settle.resolve(reply.value as SideResult<T>)
          : settle.reject(new SideTaskFailed(reply.message, reply.code)),
      )
    },
    exit(code: number | null) {
      finish(() =>
        settle.reject(
          stopped ? new SideTaskStopped() : new Error(`side process ended (${String(code)}) before answering`),
        ),
      )
    },
    error(err: unknown) {
      finish(() => settle.reject(stopped ? new SideTaskStopped() : err))
    },
  }
  void start(events).then(
    (started) => {
      child = started
      if (stopped) return started.kill()
      started.send(task)
    },
    (err: unknown) => finish(() => settle.reject(err)),
  )
  return {
    result,
    get pid() {
      return child?.pid
    },
    stop() {
      if (settled) return
      stopped = true
      child?.kill()
    },
  }
}

function lower(pid: number): void {
  try {
    setPriority(pid, constants.priority.PRIORITY_LOW)
  } catch {
    // ended already, or not allowed: side-task.ts lowers itself as well
  }
}

interface ChildEvents {
  spawned(pid: number | undefined): void
  message(reply: SideReply): void
  exit(code: number | null): void
  error(err: unknown): void
}

/** What side-process.ts uses of Electron's UtilityProcess. */
export interface UtilityChild {
  readonly pid: number | undefined
  on(event: 'spawn', listener: () => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
  postMessage(message: unknown): void
  kill(): boolean
}
/** Starts `file` in a utility process (`utilityProcess.fork`): electron/main gives it, only main imports electron. */
export type UtilityLauncher = (file: string, execArgv: string[]) => UtilityChild
let utilityLauncher: UtilityLauncher | null = null

/** Called once by the desktop app's main process, before any file is opened. */
export function launchSideProcessesWith(launcher: UtilityLauncher): void {
  utilityLauncher = launcher
}

async function start(on: ChildEvents): Promise<Child> {
  const entry = sideTaskEntry()
  if (process.versions.electron) {
    // No `node` to fork in the packaged app (see above): without the launcher nothing can run.
    if (!utilityLauncher) throw new Error('side processes need launchSideProcessesWith() in Electron')
    const child = utilityLauncher(entry.file, entry.execArgv)
    child.on('spawn', () => on.spawned(child.pid))
    child.on('message', (reply) => on.message(reply as SideReply))
    child.on('exit', (code) => on.exit(code))
    return {
      get pid() {
        return child.pid
      },
      send: (task) => child.postMessage(task),
      kill: () => void child.kill(),
    }
  }
  const child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  child.on('spawn', () => on.spawned(child.pid))
  child.on('message', (reply) => on.message(reply as SideReply))
  child.on('exit', (code) => on.exit(code))
  child.on('error', (err) => on.error(err))
  return {
    get pid() {
      return child.pid
    },
    send: (task) => void child.send(task),
    kill: () => void child.kill('SIGKILL'),
  }
}

/** The name electron.vite.config.ts gives the side process's bundle. */
export const SIDE_TASK_BUNDLE = 'side-task.js'

/**
 * The side process's code, wherever this runs: from the TypeScript sources (vitest, the loopback
 * host and the benchmarks run through tsx) side-task.ts beside this file, loaded through tsx; in
 * the electron-vite build out/main/side-task.js, an entry of its own (electron.vite.config.ts)
 * beside index.js — or one folder up when this code sits in a chunk. As export-jobs.ts finds its worker.
 */
export function sideTaskEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url)
  const dir = dirname(here)
  if (here.endsWith('.ts')) {
    return { file: join(dir, 'side-task.ts'), execArgv: ['--require', createRequire(here).resolve('tsx/cjs')] }
  }
  const found = [dir, join(dir, '..')].map((d) => join(d, SIDE_TASK_BUNDLE)).find((f) => existsSync(f))
  if (!found) throw new Error(`${SIDE_TASK_BUNDLE} is missing beside ${here}`)
  return { file: found, execArgv: [] }
}

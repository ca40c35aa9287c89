import { readdirSync } from 'node:fs'
import { constants, setPriority } from 'node:os'
import sqlite3 from 'sqlite3'
import { copyStore } from './attachment-files'
import type { FileInspection, SideReply, SideResults, SideTask } from './side-task-protocol'

/**
 * The code of a side process (side-process.ts starts one per task): it lowers its own priority,
 * opens the file read-only, does one whole-file task, sends back the answer and exits.
 * Kept to node builtins, sqlite3 and the store's file layout (attachment-files.ts), so it starts fast.
 */

/**
 * Every thread of this process at the lowest priority. On Windows the priority is the process's;
 * on Linux it is each thread's own, and a thread inherits it from the one that starts it: so this
 * runs first, for the threads started before any code (V8's), and again before the task, for
 * libuv's pool threads, where sqlite3 runs the statements.
 */
export function lowerPriority(): void {
  const low = constants.priority.PRIORITY_LOW
  try {
    setPriority(0, low)
  } catch {
    // not allowed here: the task still runs, only less politely
  }
  if (process.platform !== 'linux') return
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        setPriority(Number(tid), low)
      } catch {
        // a thread that just ended
      }
    }
  } catch {
    // no /proc: the main thread is lowered, which is what its later threads inherit
  }
}

function open(file: string, busyTimeoutMs = 0): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) =>
      err ? reject(err) : resolve(connection),
    )
    if (busyTimeoutMs > 0) connection.configure('busyTimeout', busyTimeoutMs)
  })
}

function all<T>(connection: sqlite3.Database, statement: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    connection.all(statement, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  )
}

async function withConnection<T>(file: string, busyTimeoutMs: number, work: (c: sqlite3.Database) => Promise<T>) {
  const connection = await open(file, busyTimeoutMs)
  // The pool threads start with the first statement: lowered once they exist (see lowerPriority).
  await all(connection, 'select 1')
  lowerPriority()
  try {
    return await work(connection)
  } finally {
    await new Promise<void>((resolve) => connection.close(() => resolve()))
  }
}

export async function runTask(task: SideTask): Promise<SideResults[SideTask['kind']]> {
  switch (task.kind) {
    case 'vacuumInto':
      return withConnection(task.file, task.busyTimeoutMs, async (c) => {
        await all(c, 'vacuum into ?', [task.target])
        return null
      })
    case 'integrityCheck':
      return withConnection(task.file, task.busyTimeoutMs, async (c) => {
        const findings: string[] = []
        try {
          const rows = await all<{ integrity_check: string }>(c, 'pragma integrity_check')
          findings.push(...rows.map((r) => r.integrity_check).filter((r) => r !== 'ok'))
        } catch (err) {
          // A file so damaged that the check cannot finish is one finding, not an error.
          findings.push(String((err as Error).message))
        }
        if (findings.length > 0) return { findings, foreignKeys: [] }
        const foreignKeys = await all<{ table: string; rowid: number; parent: string }>(c, 'pragma foreign_key_check')
        return { findings, foreignKeys }
      })
    case 'checkFile':
      return withConnection(task.file, 0, async (c) => {
        const rows = await all<{ integrity_check: string }>(c, 'pragma integrity_check')
        const version = await all<{ user_version: number }>(c, 'pragma user_version')
        return { verdict: rows.map((r) => r.integrity_check).join('; '), schemaVersion: version[0]?.user_version ?? 0 }
      })
    case 'inspect':
      return withConnection(task.file, 0, (c) => inspect(c, task.tables))
    case 'copyStore':
      // Files, not SQL: lowered as the statements' threads are, before it reads them.
      lowerPriority()
      return copyStore(task.file, task.target)
  }
}

async function inspect(c: sqlite3.Database, tables: readonly string[]): Promise<FileInspection> {
  const verdict = (await all<{ integrity_check: string }>(c, 'pragma integrity_check'))
    .map((r) => r.integrity_check)
    .join('; ')
  const version = (await all<{ user_version: number }>(c, 'pragma user_version'))[0]?.user_version ?? 0
  const present = new Set(
    (await all<{ name: string }>(c, "select name from sqlite_master where type = 'table'")).map((r) => r.name),
  )
  const counts: Record<string, number> = {}
  if (verdict === 'ok') {
    for (const t of tables.filter((name) => present.has(name))) {
      counts[t] = (await all<{ n: number }>(c, `select count(*) as n from "${t}"`))[0]?.n ?? 0
    }
  }
  const community =
    verdict === 'ok' && present.has('community')
      ? ((await all<{ name: string }>(c, 'select name from community limit 1'))[0]?.name ?? null)
      : null
  return { verdict, schemaVersion: version, counts, communityName: community || null }
}

function replyOf(err: unknown): SideReply {
  const e = err as { message?: string; code?: string } | null
  return { ok: false, message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : null }
}

/**
 * Wiring: Electron's utility process hands messages through `process.parentPort`, a forked Node
 * process through `process.on('message')` / `process.send`.
 */
interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

/** Sends the one answer; the parent ends the process once it has it (this exits by itself later). */
function answer(reply: SideReply): void {
  if (parentPort) parentPort.postMessage(reply)
  else process.send?.(reply)
  setTimeout(() => process.exit(0), 2000)
}

function onTask(task: SideTask): void {
  runTask(task).then(
    (value) => answer({ ok: true, value }),
    (err: unknown) => answer(replyOf(err)),
  )
}

if (parentPort || process.send) {
  lowerPriority()
  if (parentPort) parentPort.on('message', (e) => onTask(e.data as SideTask))
  else {
    process.once('message', (task) => onTask(task as SideTask))
    // The app is gone (quit, crashed, killed): nobody waits for the answer, so stop reading now.
    // (Electron ends its utility processes with the app by itself.)
    process.once('disconnect', () => process.exit(0))
  }
}

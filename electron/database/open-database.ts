import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import sqlite3 from 'sqlite3'
import { Kysely } from 'kysely'
import { AppError } from '../common/app-error'
import { Sqlite3Dialect } from './sqlite3-dialect'
import { migrate, type Migration } from './migrate'
import { MIGRATIONS } from './migrations'
import type { Database } from './schema'

export type Db = Kysely<Database>

export interface OpenDatabase {
  readonly db: Db
  readonly file: string
  close(): Promise<void>
}

/** Milliseconds a statement waits for another process's lock before it gives up with BUSY. */
export const BUSY_TIMEOUT_MS = 5000

/**
 * Opens the app's one SQLite file: checks it is sound before anything writes to it, sets the
 * durability pragmas, and applies pending migrations in one transaction.
 * A damaged file or one from a newer version is refused with a Chinese message and left as it is.
 */
export async function openDatabase(
  file: string,
  options: { migrations?: readonly Migration[] } = {},
): Promise<OpenDatabase> {
  const path = resolve(file)
  mkdirSync(dirname(path), { recursive: true })
  const raw = await openRaw(path)
  try {
    await checkSound(raw, path)
    raw.configure('busyTimeout', BUSY_TIMEOUT_MS)
    // foreign_keys is per connection and a no-op inside a transaction, so it is set here, first.
    await exec(raw, 'pragma foreign_keys = on')
    await exec(raw, 'pragma journal_mode = wal')
    // WAL with NORMAL may lose the last commits on power loss; a ledger must not.
    await exec(raw, 'pragma synchronous = full')
  } catch (err) {
    await closeRaw(raw)
    throw err
  }
  const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ open: async () => raw }) })
  try {
    await migrate(db, options.migrations ?? MIGRATIONS)
  } catch (err) {
    await db.destroy()
    throw err
  }
  return {
    db,
    file: path,
    async close() {
      await exec(raw, 'pragma optimize').catch(() => undefined)
      await db.destroy()
    },
  }
}

function openRaw(path: string): Promise<sqlite3.Database> {
  return new Promise((resolvePromise, reject) => {
    const handle = new sqlite3.Database(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE, (err) =>
      err
        ? reject(new AppError('DB_OPEN_FAILED', `无法打开数据文件 ${path}：请检查文件夹是否存在、是否有写入权限。`))
        : resolvePromise(handle),
    )
  })
}

function closeRaw(raw: sqlite3.Database): Promise<void> {
  return new Promise((done) => raw.close(() => done()))
}

function exec(raw: sqlite3.Database, statement: string): Promise<void> {
  return new Promise((done, reject) => raw.exec(statement, (err) => (err ? reject(err) : done())))
}

/** `quick_check` before the first write: a damaged file must be reported, never "repaired" by overwriting. */
async function checkSound(raw: sqlite3.Database, path: string): Promise<void> {
  const damaged = (detail: string) =>
    new AppError(
      'DB_DAMAGED',
      `数据文件已损坏或不是本软件的数据文件（${path}）。为保护数据，程序没有改动它。请从最近的备份恢复，或联系技术人员。详情：${detail}`,
    )
  const rows = await new Promise<Array<{ quick_check: string }>>((done, reject) =>
    raw.all('pragma quick_check', (err, r) => (err ? reject(err) : done(r as Array<{ quick_check: string }>))),
  ).catch((err: Error) => {
    throw damaged(err.message)
  })
  const verdict = rows.map((r) => r.quick_check).join('; ')
  if (verdict !== 'ok') throw damaged(verdict)
}

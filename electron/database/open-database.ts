import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import sqlite3 from 'sqlite3'
import { Kysely, sql, type LogEvent } from 'kysely'
import { AppError } from '../../shared/app-error'
import { Sqlite3Dialect } from './sqlite3-dialect'
import { assertKnownVersion, migrate, type Migration } from './migrate'
import {
  backupBeforeUpgrade,
  COPY_FAILURE_WORDS,
  CopyNotWritten,
  upgradeBackupFolder,
  UPGRADE_BACKUPS_KEPT,
  writable,
} from './maintenance'
import { MIGRATIONS } from './migrations'
import type { Database } from './schema'
import { decideOpenCheck, readHeader, readState, walLeftBehind, type OpenCheck } from './open-check'
import { SideReaders, type Reader } from './side-readers'

export type Db = Kysely<Database>

export interface OpenDatabase {
  readonly db: Db
  readonly file: string
  /** Which check ran at open, and why (the rule is in open-check.ts). */
  readonly openCheck: OpenCheck
  /**
   * A read-only side connection for whole-file reads that take seconds (a backup, the full
   * integrity check), in a low-priority side process: they never hold the one read-write
   * connection nor the app's CPU (side-readers.ts, side-process.ts).
   */
  readonly reader: Reader
  /** How many side reads are running now. */
  readonly readersActive: number
  /** Interrupts side reads, records the orderly close (open-check.ts), and closes the file. */
  close(): Promise<void>
}

/** A read-only second connection (openReader): no checks ran, no side readers of its own. */
export type ReaderDatabase = Pick<OpenDatabase, 'db' | 'file' | 'close'>

/** Milliseconds a statement waits for another process's lock before it gives up with BUSY. */
export const BUSY_TIMEOUT_MS = 5000

export interface OpenOptions {
  migrations?: readonly Migration[]
  /**
   * Create the file's folder when it is missing. Only the caller that owns the default location
   * (the user-data folder on first run) says so: a `--db` on an unplugged USB drive must be
   * reported, not recreated as an empty folder on the system drive.
   */
  createFolder?: boolean
  /** The clock the open-check rule reads (tests move it forward); the system clock otherwise. */
  now?: () => Date
  /** Told of every statement run, with its time (Kysely's log): the history benchmark's raw SQL. */
  log?: (event: LogEvent) => void
}

/**
 * Opens the app's one SQLite file. Every check comes before the first write: the folder and the
 * file are looked at (missing folder, 0-byte file, read-only file or folder), the header is read
 * (not an SQLite file, or shorter than it says: refused), then the schema version, and then
 * `quick_check` when open-check.ts says so (after a session that did not close in order, for a
 * file of unknown history, or one not checked for a fortnight; a file closed in order is checked
 * in the background instead); an existing file that migrations will change is copied to
 * `升级前备份/` beside it (VACUUM INTO, checked, the last three kept); only then are
 * `journal_mode = wal` set and migrations applied in one transaction. A refused file is left
 * byte for byte as it was, with a Chinese message that says which of these it was.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<OpenDatabase> {
  const path = resolve(file)
  const migrations = options.migrations ?? MIGRATIONS
  const exists = checkLocation(path, options.createFolder ?? false)
  // Looked at before SQLite touches the file (it would replay a -wal on its first read).
  const walLeft = exists && walLeftBehind(path)
  const header = exists ? readHeader(path, walLeft) : null
  if (header?.kind === 'damaged') throw damagedFile(path, header.detail)
  let version = 0
  let openCheck: OpenCheck = { check: 'none', reason: 'new-file' }
  let opened: sqlite3.Database | undefined
  if (exists) {
    // SQLite replays a -wal on the first read and checkpoints it into the file when the last
    // read-write connection closes. A refused file must keep its -wal as it was, so with one the
    // looks are taken on a read-only connection (which never checkpoints), closed before the
    // file is opened for writing; without one they use the connection that stays open.
    const look = await openRaw(path, walLeft ? 'read' : 'write')
    look.configure('busyTimeout', BUSY_TIMEOUT_MS)
    try {
      // Read before anything writes: a file from a newer version is refused as it is.
      version = await rawVersion(look).catch((err: Error) => {
        throw toOpenError(err, path, damagedFile(path, err.message))
      })
      assertKnownVersion(version, migrations.length)
      const { schemaSound, state } = await readState(look)
      const now = options.now?.() ?? new Date()
      openCheck = decideOpenCheck({ exists, walLeft, header, schemaSound, state, now })
      if (openCheck.check === 'quick') await checkSound(look, path)
    } catch (err) {
      await closeRaw(look)
      throw toOpenError(err, path)
    }
    if (walLeft) await closeRaw(look)
    else opened = look
  }
  const raw = opened ?? (await openRaw(path, exists ? 'write' : 'create'))
  try {
    raw.configure('busyTimeout', BUSY_TIMEOUT_MS)
    // foreign_keys is per connection and a no-op inside a transaction, so it is set here, first.
    await exec(raw, 'pragma foreign_keys = on')
    // The last check, and still before the first write (WAL mode rewrites the header): a file
    // that will be migrated is first copied aside, and without that copy it is not migrated.
    if (exists && version > 0 && version < migrations.length) {
      await backupBeforeUpgrade(path, version, (temp) => run(raw, 'vacuum into ?', [temp])).catch((err: unknown) => {
        throw upgradeBackupError(err, path, version, migrations.length)
      })
    }
    await exec(raw, 'pragma journal_mode = wal')
    // WAL with NORMAL may lose the last commits on power loss; a ledger must not.
    await exec(raw, 'pragma synchronous = full')
  } catch (err) {
    await closeRaw(raw)
    throw toOpenError(err, path)
  }
  const db = new Kysely<Database>({
    dialect: new Sqlite3Dialect({ open: async () => raw }),
    ...(options.log ? { log: options.log } : {}),
  })
  let hasState: boolean
  try {
    await migrate(db, migrations)
    hasState = await markOpened(db, exists ? openCheck.check === 'quick' : true)
  } catch (err) {
    await db.destroy()
    throw toOpenError(err, path)
  }
  const readers = new SideReaders(path, BUSY_TIMEOUT_MS)
  let closing: Promise<void> | undefined
  return {
    db,
    file: path,
    openCheck,
    reader: readers.use,
    get readersActive() {
      return readers.active
    },
    close() {
      // Once: a second close (a test's cleanup after its own) has nothing left to do.
      closing ??= closeOnce()
      return closing
    },
  }
  async function closeOnce(): Promise<void> {
    await readers.closeAll()
    if (hasState) {
      await db
        .updateTable('database_state')
        .set({ opened_at: null, closed_at: new Date().toISOString() })
        .where('id', '=', 1)
        .execute()
        .catch((err: unknown) => console.error('[open-database] mark closed', err))
    }
    await exec(raw, 'pragma optimize').catch(() => undefined)
    await db.destroy()
  }
}

/**
 * Records that the file is open (cleared by an orderly close), and — when `checked` — that it was
 * known sound now (just created, or its quick_check passed). False for a file without the state
 * row (opened with an older migration list, as the migration tests do).
 */
async function markOpened(db: Db, checked: boolean): Promise<boolean> {
  const { rows } = await sql`select 1 from sqlite_schema where type = 'table' and name = 'database_state'`.execute(db)
  if (rows.length === 0) return false
  const now = new Date().toISOString()
  await db
    .updateTable('database_state')
    .set(checked ? { opened_at: now, checked_at: now } : { opened_at: now })
    .where('id', '=', 1)
    .execute()
  return true
}

/**
 * A second, read-only connection to a data file the app already has open, for work that must not
 * hold the app's one connection (an export built in a worker thread). WAL lets it read a consistent
 * snapshot while the main connection keeps writing. It never creates, checks, migrates or changes
 * the file: `OPEN_READONLY` plus `query_only`, so even a stray write is refused by SQLite itself.
 */
export async function openReader(file: string): Promise<ReaderDatabase> {
  const path = resolve(file)
  const raw = await new Promise<sqlite3.Database>((done, reject) => {
    const handle = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (err) =>
      err ? reject(toOpenError(err, path)) : done(handle),
    )
  })
  try {
    raw.configure('busyTimeout', BUSY_TIMEOUT_MS)
    await exec(raw, 'pragma query_only = on')
  } catch (err) {
    await closeRaw(raw)
    throw toOpenError(err, path)
  }
  const db = new Kysely<Database>({ dialect: new Sqlite3Dialect({ open: async () => raw, readOnly: true }) })
  return { db, file: path, close: () => db.destroy() }
}

/**
 * What can be told from the file system before SQLite touches anything. Returns whether the file
 * exists (a new file is created only in a folder that exists and can be written).
 */
function checkLocation(path: string, createFolder: boolean): boolean {
  const folder = dirname(path)
  if (!existsSync(folder)) {
    if (!createFolder) {
      throw new AppError(
        'DB_FOLDER_MISSING',
        `找不到数据文件所在的文件夹「${folder}」。如果数据保存在U盘或移动硬盘上，请插好后重新打开社区工作台；如果文件夹被改名或移动了，请用正确的位置打开。程序没有新建任何文件。`,
      )
    }
    try {
      mkdirSync(folder, { recursive: true })
    } catch {
      throw new AppError(
        'DB_FOLDER_READ_ONLY',
        `不能在「${folder}」新建数据文件夹：没有写入权限。请换一个位置，或请技术人员开通权限。`,
      )
    }
  }
  if (!statSync(folder).isDirectory()) {
    throw new AppError('DB_FOLDER_MISSING', `「${folder}」不是文件夹，数据文件不能放在这里。请检查数据文件的位置。`)
  }
  const exists = existsSync(path)
  if (exists) {
    const stat = statSync(path)
    if (!stat.isFile()) {
      throw new AppError('DB_NOT_A_FILE', `「${path}」是一个文件夹，不是数据文件。请检查数据文件的位置。`)
    }
    if (stat.size === 0) {
      throw new AppError(
        'DB_EMPTY',
        `数据文件「${path}」是空的（0 字节），里面没有任何资料，可能是复制或保存没有完成。为保护数据，程序没有改动它。请在“数据与备份”里从最近的备份恢复，或用备份文件打开。`,
      )
    }
    if (!writable(path, stat.mode)) {
      throw new AppError(
        'DB_READ_ONLY',
        `数据文件「${path}」是只读的，程序不能在里面保存资料，所以没有打开它。请在文件的“属性”里取消“只读”，或把它复制到可以写入的文件夹后再打开。`,
      )
    }
  }
  // WAL keeps two companion files (-wal, -shm) beside the data file, and a new file is created
  // there: the folder itself must be writable.
  if (!writable(folder, statSync(folder).mode)) {
    throw new AppError(
      'DB_FOLDER_READ_ONLY',
      `数据文件所在的文件夹「${folder}」不能写入（只读，或U盘的写保护开关打开了），程序不能在这里保存资料，所以没有打开。请取消只读或关闭写保护，或把数据文件复制到可以写入的文件夹后再打开。`,
    )
  }
  return exists
}

/** Errors from SQLite or Node while opening, in words a clerk can act on. */
function toOpenError(err: unknown, path: string, otherwise?: AppError): unknown {
  if (err instanceof AppError) return err
  const code = (err as { code?: string })?.code ?? ''
  if (code === 'SQLITE_READONLY' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      'DB_READ_ONLY',
      `数据文件「${path}」或它所在的文件夹不能写入，程序不能在这里保存资料，所以没有打开。请检查只读属性或U盘的写保护开关。`,
    )
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError(
      'DB_BUSY',
      `数据文件「${path}」正被其他程序占用（可能社区工作台已经打开了）。请关闭其他程序后再打开。`,
    )
  }
  if (code === 'SQLITE_FULL')
    return new AppError('DISK_FULL', `磁盘已满，数据文件「${path}」无法打开。请清理磁盘空间后再试。`)
  if (code === 'SQLITE_CANTOPEN') {
    return new AppError('DB_OPEN_FAILED', `无法打开数据文件「${path}」：请检查文件和文件夹是否存在、能否写入。`)
  }
  return otherwise ?? err
}

/** OPEN_CREATE only for a file that does not exist yet: an existing file is never re-created. */
function openRaw(path: string, how: 'read' | 'write' | 'create'): Promise<sqlite3.Database> {
  const mode = {
    read: sqlite3.OPEN_READONLY,
    write: sqlite3.OPEN_READWRITE,
    create: sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE,
  }[how]
  return new Promise((resolvePromise, reject) => {
    const handle = new sqlite3.Database(path, mode, (err) =>
      err ? reject(toOpenError(err, path)) : resolvePromise(handle),
    )
  })
}

function rawVersion(raw: sqlite3.Database): Promise<number> {
  return new Promise((done, reject) =>
    raw.get('pragma user_version', (err, row: { user_version: number }) =>
      err ? reject(err) : done(row.user_version),
    ),
  )
}

function closeRaw(raw: sqlite3.Database): Promise<void> {
  return new Promise((done) => raw.close(() => done()))
}

function run(raw: sqlite3.Database, statement: string, params: unknown[]): Promise<void> {
  return new Promise((done, reject) => raw.run(statement, params, (err) => (err ? reject(err) : done())))
}

/** The automatic copy before an upgrade was not written: the file is not migrated, and says why. */
function upgradeBackupError(err: unknown, path: string, from: number, to: number): unknown {
  if (!(err instanceof CopyNotWritten)) return err
  console.error('[open-database] backup before upgrade:', err.reason, err.cause)
  const folder = upgradeBackupFolder(path)
  const advice = {
    unwritable: `请取消「${folder}」的只读，或把数据文件复制到可以写入的文件夹后再打开。`,
    full: '请清理磁盘空间后再打开。',
    failed: '请检查磁盘或U盘是否正常后再打开，或联系技术人员。',
    damaged: '请检查磁盘或U盘是否正常后再打开，或联系技术人员。',
  }[err.reason]
  return new AppError(
    'DB_UPGRADE_BACKUP_FAILED',
    `数据文件「${path}」需要升级（数据版本 ${from} → ${to}）。升级前程序要先在「${folder}」里保存一份备份（保留最近 ${UPGRADE_BACKUPS_KEPT} 份），但备份没有写成：${COPY_FAILURE_WORDS[err.reason]}。为保护数据，程序没有升级，也没有改动数据文件。${advice}`,
  )
}

function exec(raw: sqlite3.Database, statement: string): Promise<void> {
  return new Promise((done, reject) => raw.exec(statement, (err) => (err ? reject(err) : done())))
}

/** The refusal of a damaged file. SQLite's own words (English) go to the log; the clerk reads what happened and what to do. */
function damagedFile(path: string, detail: string): AppError {
  console.error('[open-database] damaged:', detail)
  return new AppError(
    'DB_DAMAGED',
    `数据文件「${path}」已损坏，或不是社区工作台的数据文件。为保护数据，程序没有改动它。请用“数据与备份”里的“从备份恢复”，或联系技术人员。`,
  )
}

/** `quick_check` before the first write: a damaged file must be reported, never "repaired" by overwriting. */
async function checkSound(raw: sqlite3.Database, path: string): Promise<void> {
  const damaged = (detail: string) => damagedFile(path, detail)
  const rows = await new Promise<Array<{ quick_check: string }>>((done, reject) =>
    raw.all('pragma quick_check', (err, r) => (err ? reject(err) : done(r as Array<{ quick_check: string }>))),
  ).catch((err: Error) => {
    throw damaged(err.message)
  })
  const verdict = rows.map((r) => r.quick_check).join('; ')
  if (verdict !== 'ok') throw damaged(verdict)
}

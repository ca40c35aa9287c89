import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { schemaVersion } from './migrate'
import type { Reader } from './side-readers'
import { runSideTask } from './side-process'
import type { FileInspection } from './side-task-protocol'
export type { FileInspection } from './side-task-protocol'
import { fileStamp } from '../../shared/time'

/**
 * Whole-file operations that only make sense on SQLite: they live here, in the database layer,
 * so services above stay portable.
 */

/**
 * Copies the open database to `target` with VACUUM INTO on a read-only connection in a
 * low-priority side process (side-process.ts): a consistent snapshot of what was committed when it
 * began, never a copy of an open file, and the app's one connection keeps answering meanwhile.
 */
export async function vacuumInto(reader: Reader, target: string): Promise<void> {
  await reader({ kind: 'vacuumInto', target })
}

/**
 * Full `integrity_check` plus `foreign_key_check`, in a side process (a decade's file takes
 * seconds; replies go on meanwhile). Returns the problems in Chinese, one per finding; SQLite's own
 * (English) words go to the log for a technician. A file so damaged that the check cannot finish
 * is one problem, not an error; an interrupted check (the file is being closed) rejects with
 * SQLite's SQLITE_INTERRUPT.
 */
export async function integrityCheck(reader: Reader): Promise<string[]> {
  const { findings, foreignKeys } = await reader({ kind: 'integrityCheck' })
  if (findings.length > 0) {
    console.error('[integrity_check]', findings.join('\n'))
    return findings.map((_, i) => `第 ${i + 1} 处：数据文件内部结构有误（技术信息已写入日志）`)
  }
  if (foreignKeys.length > 0) console.error('[foreign_key_check]', JSON.stringify(foreignKeys.slice(0, 50)))
  return foreignKeys.map((_, i) => `第 ${i + 1} 处：一条记录引用的另一条记录不存在（技术信息已写入日志）`)
}

/**
 * Opens another file read-only and runs `integrity_check` on it (used to verify a backup copy), in
 * a side process like the check of the open file: a copy is as large as the file.
 */
export function checkFileIntegrity(file: string): Promise<{ verdict: string; schemaVersion: number }> {
  return runSideTask({ kind: 'checkFile', file }).result
}

export function inspectFile(file: string, tables: readonly string[]): Promise<FileInspection> {
  return runSideTask({ kind: 'inspect', file, tables }).result
}

/**
 * Flushes a written file to the disk (a USB stick pulled right after must still hold it). On
 * libuv's pool, not the event loop: flushing a copy of a decade's file takes a while.
 */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Flushes a folder's entries (a rename) where the OS allows it; Windows does not, and needs not. */
export function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Not supported on this system: the rename is still atomic.
  }
}

/** Size of the data file plus its WAL, which holds recent commits not yet checkpointed. */
export function fileSize(file: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)
  return size(file) + size(`${file}-wal`)
}

/**
 * Writable by this process, and not marked read-only. The mode bits are checked as well as
 * access(): an administrator account may write anywhere, but a file or folder someone marked
 * read-only is still not the app's to change.
 */
export function writable(path: string, mode = statSync(path).mode): boolean {
  if ((mode & 0o222) === 0) return false
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------
// Verified copies: written under a temporary name, checked, then renamed

/** A copy being written carries this prefix (and ends in `.tmp`), so it never looks like a finished one. */
export const UNFINISHED_PREFIX = '未完成-'
/** Temp files this process is writing now; any other `未完成-…` file is a killed run's leftover. */
const writing = new Set<string>()

/** Why a copy was not written, for the caller to word for its own situation. */
export type CopyFailure = 'unwritable' | 'full' | 'failed' | 'damaged'

/** What a clerk reads for each failure, to be placed in a sentence: "备份没有写成：…". */
export const COPY_FAILURE_WORDS: Readonly<Record<CopyFailure, string>> = {
  unwritable: '这个文件夹不能写入',
  full: '磁盘或U盘已满',
  failed: '写入出错',
  damaged: '写出后检查没有通过',
}

/** Thrown by `writeVerifiedCopy`; nothing that looks like a copy was left behind. */
export class CopyNotWritten extends Error {
  constructor(
    readonly reason: CopyFailure,
    cause?: unknown,
  ) {
    super(`copy not written: ${reason}`, { cause })
    this.name = 'CopyNotWritten'
  }
}

function failureOf(err: unknown): CopyFailure {
  const code = (err as { code?: string } | null)?.code ?? ''
  if (['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'EACCES', 'EPERM', 'EROFS'].includes(code)) {
    return 'unwritable'
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full'
  return 'failed'
}

function tempFor(folder: string, target: string): string {
  return join(folder, `${UNFINISHED_PREFIX}${basename(target, '.sqlite')}.tmp`)
}

/** A name no file has and no copy in progress will take: `<base>.sqlite`, else `<base>-2.sqlite` … */
export function freeCopyName(folder: string, base: string): string {
  const taken = (path: string) => existsSync(path) || writing.has(tempFor(folder, path))
  let candidate = join(folder, `${base}.sqlite`)
  for (let i = 2; taken(candidate); i++) candidate = join(folder, `${base}-${i}.sqlite`)
  return candidate
}

/**
 * Writes a consistent copy as `<folder>/<base>.sqlite` (`-2`, `-3` … when the name is taken).
 * `write` puts it under a temporary name (`未完成-<base>.tmp`) — with VACUUM INTO, never a file
 * copy; the copy is opened and checked with integrity_check, flushed to the disk, and only then
 * renamed: a crash, a full disk or a pulled USB stick never leaves a file that looks like a copy
 * and is not one. A folder marked read-only is refused before anything is written (the mode bits
 * count even for an administrator). Throws `CopyNotWritten`.
 */
export async function writeVerifiedCopy(
  folder: string,
  base: string,
  write: (temp: string) => Promise<void>,
): Promise<{ path: string; verdict: string; schemaVersion: number }> {
  if (!writable(folder)) throw new CopyNotWritten('unwritable')
  const target = freeCopyName(folder, base)
  const temp = tempFor(folder, target)
  writing.add(temp)
  try {
    try {
      await write(temp)
    } catch (err) {
      throw new CopyNotWritten(failureOf(err), err)
    }
    const check = await checkFileIntegrity(temp).catch(() => ({ verdict: '无法打开', schemaVersion: -1 }))
    if (check.verdict !== 'ok') throw new CopyNotWritten('damaged')
    try {
      await syncFile(temp)
      renameSync(temp, target)
      syncFolder(folder)
    } catch (err) {
      throw new CopyNotWritten(failureOf(err), err)
    }
    return { path: target, ...check }
  } finally {
    writing.delete(temp)
    for (const suffix of ['', '-journal']) rmSync(`${temp}${suffix}`, { force: true })
  }
}

/** Removes what a killed run left in `folder`: `未完成-<prefix>….tmp` and SQLite's `-journal` of it. */
export function removeUnfinished(folder: string, prefix: string): void {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    const temp = path.replace(/-(journal|wal|shm)$/, '')
    if (name.startsWith(`${UNFINISHED_PREFIX}${prefix}`) && temp.endsWith('.tmp') && !writing.has(temp)) {
      rmSync(path, { force: true })
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The automatic copy before a migration

/** Folder beside the data file that holds the automatic copies taken before an upgrade. */
export const UPGRADE_BACKUP_FOLDER = '升级前备份'
/** How many automatic copies are kept per data file; older ones are removed after a new one is written. */
export const UPGRADE_BACKUPS_KEPT = 3

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `<data file name>-升级前-数据版本<n>-`: what every automatic copy of this data file starts with. */
function upgradePrefix(dataFile: string): string {
  return `${basename(dataFile, extname(dataFile))}-升级前-`
}

/** The automatic copies of `dataFile`'s, exactly: `<name>-升级前-数据版本3-20261121-183005[-2].sqlite`. */
function upgradeBackupName(dataFile: string): RegExp {
  return new RegExp(`^${escapeRegExp(upgradePrefix(dataFile))}数据版本\\d+-(\\d{8}-\\d{6})(?:-\\d+)?\\.sqlite$`)
}

export function upgradeBackupFolder(dataFile: string): string {
  return join(dirname(dataFile), UPGRADE_BACKUP_FOLDER)
}

/** The automatic copies of `dataFile` that exist now, oldest first. */
export function listUpgradeBackups(dataFile: string): string[] {
  const folder = upgradeBackupFolder(dataFile)
  if (!existsSync(folder)) return []
  const pattern = upgradeBackupName(dataFile)
  return readdirSync(folder)
    .map((name) => ({ name, stamp: pattern.exec(name)?.[1] }))
    .filter((f): f is { name: string; stamp: string } => f.stamp !== undefined)
    .map((f) => ({ ...f, path: join(folder, f.name) }))
    .map((f) => ({ ...f, mtime: statSync(f.path).mtimeMs }))
    .sort((a, b) => a.stamp.localeCompare(b.stamp) || a.mtime - b.mtime)
    .map((f) => f.path)
}

/**
 * Before migrations run on an existing file: writes a verified copy of it (at version `from`)
 * into `升级前备份/` beside it, then keeps the newest `UPGRADE_BACKUPS_KEPT` automatic copies of
 * this data file and removes older ones — only files named exactly as these copies are, nothing
 * else in the folder. `write` runs VACUUM INTO on the connection that has the file open.
 * Throws `CopyNotWritten` when the copy cannot be written; the caller must then not migrate.
 */
export async function backupBeforeUpgrade(
  dataFile: string,
  from: number,
  write: (temp: string) => Promise<void>,
  now = new Date(),
): Promise<string> {
  const folder = upgradeBackupFolder(dataFile)
  try {
    if (!existsSync(folder)) mkdirSync(folder)
  } catch (err) {
    throw new CopyNotWritten(failureOf(err), err)
  }
  if (!statSync(folder).isDirectory()) throw new CopyNotWritten('unwritable')
  removeUnfinished(folder, upgradePrefix(dataFile))
  const { path } = await writeVerifiedCopy(folder, `${upgradePrefix(dataFile)}数据版本${from}-${fileStamp(now)}`, write)
  const all = listUpgradeBackups(dataFile)
  for (const old of all.slice(0, Math.max(0, all.length - UPGRADE_BACKUPS_KEPT))) {
    if (old !== path) rmSync(old, { force: true })
  }
  return path
}

export { schemaVersion }

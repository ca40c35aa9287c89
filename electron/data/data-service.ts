import { inTransaction } from '../database/unit-of-work'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { AppError } from '../../shared/app-error'
import { fileStamp } from '../../shared/time'
import type { Db } from '../database/open-database'
import {
  checkFileIntegrity,
  COPY_FAILURE_WORDS,
  CopyNotWritten,
  fileSize,
  freeCopyName,
  inspectFile,
  removeUnfinished,
  schemaVersion,
  syncFile,
  syncFolder,
  vacuumInto,
  writeVerifiedCopy,
} from '../database/maintenance'
import { MIGRATIONS } from '../database/migrations'
import type { CheckResult, DatabaseHealth, HealthMonitor } from '../database/health'
import type { Reader } from '../database/side-readers'
import type { HostContext } from '../registry/define'
import { saveEncryptedArchive } from '../registry/encrypted-archive'
import { audit } from '../database/audit'
import { storeDir } from '../database/attachment-store'
import { runSideTask } from '../database/side-process'

export interface DataInfo {
  file: string
  sizeBytes: number
  schemaVersion: number
  lastBackup: { at: string; path: string; sizeBytes: number; integrity: string } | null
  /** The full integrity check of this session (database/health.ts), for 首页's and 数据与备份's notice. */
  health: DatabaseHealth
  /** When a full check of this file last passed (recorded in the file), or null. */
  lastFullCheckAt: string | null
}

export interface BackupResult {
  path: string
  sizeBytes: number
  integrity: string
  at: string
  /** The attachments (evidence files) copied into the backup's own store, beside it. */
  attachments: { folder: string; files: number; damaged: string[] }
}

export async function dataInfo(db: Db, file: string, health: DatabaseHealth): Promise<DataInfo> {
  const last = await db.selectFrom('backups').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst()
  const state = await db.selectFrom('database_state').select('full_checked_at').executeTakeFirst()
  return {
    file,
    sizeBytes: fileSize(file),
    schemaVersion: await schemaVersion(db),
    lastBackup: last ? { at: last.at, path: last.path, sizeBytes: last.size_bytes, integrity: last.integrity } : null,
    health,
    lastFullCheckAt: state?.full_checked_at ?? null,
  }
}

/** Backups are named so; a file being written carries a name that never looks like one. */
export const BACKUP_PREFIX = '社区工作台备份-'
const BACKUP_NAME = /^社区工作台备份-.*\.sqlite$/
/**
 * Writes a consistent copy of the live file into `folder` (VACUUM INTO on a read-only connection
 * in a low-priority side process, never a file copy: every other call goes on answering while it
 * runs). The copy is written under a temporary name (`未完成-社区工作台备份-….tmp`), opened and
 * checked with integrity_check, flushed to the disk, and only then renamed to
 * `社区工作台备份-….sqlite`: a crash, a full disk or a pulled USB stick never leaves a file that
 * looks like a backup and is not one. Leftovers of a run that was killed are removed first.
 * Then the attachments (database/attachment-store.ts) are copied into the backup's own store,
 * `<backup name>-附件/` beside it, each file checked against its SHA-256, in a side process too
 * (reading and hashing a store of scans takes seconds): the files the copy names
 * were all kept before their rows were written, so none is missed. A file found damaged is not
 * copied and is named in the result. If the attachments cannot be copied, the backup is removed
 * and the clerk told: a backup without its files is not a whole backup.
 */
export async function backupNow(db: Db, reader: Reader, folder: string): Promise<BackupResult> {
  if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('BAD_FOLDER', `备份文件夹「${folder}」不存在或不是文件夹，请重新选择。`)
  }
  removeUnfinished(folder, BACKUP_PREFIX)
  const now = new Date()
  const { path: target, verdict } = await writeVerifiedCopy(folder, `${BACKUP_PREFIX}${fileStamp(now)}`, (temp) =>
    vacuumInto(reader, temp),
  ).catch((err: unknown) => {
    if (!(err instanceof CopyNotWritten)) throw err
    if (err.reason === 'damaged') {
      throw new AppError('BACKUP_DAMAGED', '备份写出后检查没有通过，没有留下这份备份。请换一个文件夹或U盘重新备份。')
    }
    throw new AppError(
      'BACKUP_FAILED',
      `备份没有写成：${COPY_FAILURE_WORDS[err.reason]}。请换一个文件夹（例如U盘）再试。`,
    )
  })
  let attachments: BackupResult['attachments']
  try {
    attachments = { folder: storeDir(target), ...(await reader({ kind: 'copyStore', target })) }
  } catch (err) {
    console.error('[backup] attachments', err)
    rmSync(target, { force: true })
    rmSync(storeDir(target), { recursive: true, force: true })
    throw new AppError(
      'BACKUP_FAILED',
      '备份没有写成：附件（证据、凭证文件）没能复制过去，可能是空间不够。请换一个文件夹（例如U盘）再试。',
    )
  }
  const result: BackupResult = {
    path: target,
    sizeBytes: statSync(target).size,
    integrity: verdict,
    at: now.toISOString(),
    attachments,
  }
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('backups')
      .values({ at: result.at, path: target, size_bytes: result.sizeBytes, integrity: verdict })
      .execute()
    await audit(trx, '备份', '数据文件', null, {
      path: target,
      integrity: verdict,
      attachments: attachments.files,
      damaged: attachments.damaged,
    })
  })
  return result
}

/**
 * 加密归档: a verified copy of the data file (the same VACUUM INTO and check as a backup, written
 * to a private temp folder and removed afterwards) inside an AES-256 .zip that opens with the
 * password the clerk sets, saved where the host says. For handing the data to the 街道 or keeping
 * it off-site: unlike a plain backup, a lost USB stick gives nobody the residents' data.
 */
export async function archiveData(db: Db, reader: Reader, ctx: HostContext, password: string) {
  const temp = mkdtempSync(join(tmpdir(), 'desk-archive-'))
  try {
    const stamp = fileStamp(new Date())
    const { path } = await writeVerifiedCopy(temp, `${BACKUP_PREFIX}${stamp}`, (file) =>
      vacuumInto(reader, file),
    ).catch((err: unknown) => {
      if (!(err instanceof CopyNotWritten)) throw err
      throw new AppError('ARCHIVE_FAILED', `归档没有做成：${COPY_FAILURE_WORDS[err.reason]}。数据没有改动，请重试。`)
    })
    return await saveEncryptedArchive(
      db,
      ctx,
      '加密归档（数据文件）',
      `社区工作台归档-${stamp}.zip`,
      [{ name: basename(path), data: readFileSync(path) }],
      password,
    )
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/** The full check, in a low-priority side process (never holding the app's one connection); shared with the background schedule. */
export function runIntegrityCheck(health: HealthMonitor): Promise<CheckResult> {
  return health.checkNow()
}

// ---------------------------------------------------------------------------------------------
// Restore

export interface BackupFile {
  path: string
  name: string
  modifiedAt: string
  sizeBytes: number
}

/**
 * Backups the user can restore from. The loopback host lists its own backup folder only; the
 * desktop app lists the backups it recorded that are still where they were written (a USB stick
 * may be unplugged), and offers a file dialog for any other.
 */
export async function listBackups(
  db: Db,
  ctx: HostContext,
): Promise<{ folder: string | null; canBrowse: boolean; backups: BackupFile[] }> {
  const paths = ctx.backupDir
    ? existsSync(ctx.backupDir)
      ? readdirSync(ctx.backupDir)
          .filter((n) => BACKUP_NAME.test(n))
          .map((n) => join(ctx.backupDir!, n))
      : []
    : [
        ...new Set(
          (await db.selectFrom('backups').select('path').orderBy('id', 'desc').limit(50).execute()).map((r) => r.path),
        ),
      ]
  const backups = paths
    .filter((p) => existsSync(p) && statSync(p).isFile())
    .map((p) => {
      const st = statSync(p)
      return { path: p, name: basename(p), modifiedAt: st.mtime.toISOString(), sizeBytes: st.size }
    })
    .sort((a, b) => b.name.localeCompare(a.name))
  return { folder: ctx.backupDir, canBrowse: ctx.backupDir === null, backups }
}

export interface BackupCheck {
  path: string
  sizeBytes: number
  modifiedAt: string
  schemaVersion: number
  communityName: string | null
  counts: { residents: number; meetings: number; topics: number; resolutions: number }
}

const COUNTED = ['residents', 'meetings', 'topics', 'resolutions'] as const

/**
 * Opens a backup read-only and refuses it unless it passes integrity_check and carries a schema
 * version this program knows (1 … latest; an older one is migrated when it is opened). Nothing
 * is written, neither to the backup nor to the data file.
 */
export async function checkBackup(ctx: HostContext, path: string): Promise<BackupCheck> {
  const file = restorable(ctx, path)
  const inspected = await inspectFile(file, COUNTED).catch((err: unknown) => {
    console.error('[restore] inspect', err)
    throw new AppError('BACKUP_UNREADABLE', `「${basename(file)}」不是社区工作台的数据文件，或已经损坏，不能用来恢复。`)
  })
  if (inspected.verdict !== 'ok') {
    console.error('[restore] integrity_check', inspected.verdict)
    throw new AppError(
      'BACKUP_DAMAGED',
      `备份「${basename(file)}」检查没有通过（文件已损坏），不能用来恢复。请换一份备份。`,
    )
  }
  if (inspected.schemaVersion < 1) {
    throw new AppError('BACKUP_UNREADABLE', `「${basename(file)}」不是社区工作台的数据文件，不能用来恢复。`)
  }
  if (inspected.schemaVersion > MIGRATIONS.length) {
    throw new AppError(
      'BACKUP_TOO_NEW',
      `备份「${basename(file)}」来自更新版本的社区工作台（数据版本 ${inspected.schemaVersion}，本程序只认识到 ${MIGRATIONS.length}），不能用来恢复。请先升级社区工作台。`,
    )
  }
  const st = statSync(file)
  const n = (t: (typeof COUNTED)[number]) => inspected.counts[t] ?? 0
  return {
    path: file,
    sizeBytes: st.size,
    modifiedAt: st.mtime.toISOString(),
    schemaVersion: inspected.schemaVersion,
    communityName: inspected.communityName,
    counts: { residents: n('residents'), meetings: n('meetings'), topics: n('topics'), resolutions: n('resolutions') },
  }
}

export interface RestoreResult {
  restoredFrom: string
  /** The data file as it was just before the restore, kept beside it. */
  keptAs: string
  schemaVersion: number
  /** The backup's attachments brought back into the data file's store (missing or damaged ones replaced). */
  attachments: { files: number; damaged: string[] }
}

/**
 * Replaces the data file with a backup, in this order, touching nothing until every check passed:
 * 1. the backup passes integrity_check and has a schema version this program knows;
 * 2. the current file is saved aside as a consistent copy (VACUUM INTO), named
 *    `<name>-恢复前-<date>-<time>.sqlite` in the same folder, and that copy is checked;
 * 3. with every call waiting (the caller runs exclusive), the database is closed, the backup is
 *    copied under a temporary name and checked again, a stale `-wal`/`-shm` beside the data file
 *    is removed (SQLite would otherwise apply an old crash's log to the restored file), and the
 *    copy is renamed over the data file;
 * 4. the file is opened as at start-up (checks, migrations), and the restore is written into its
 *    audit log. If it cannot be opened, the saved copy goes back and that is opened instead.
 * 5. the backup's attachments come back into the data file's store: files it lacks or holds
 *    damaged (content-addressed, so nothing there is overwritten by something else, and files the
 *    restored data no longer names are harmless and kept).
 */
export async function restoreBackup(ctx: HostContext, path: string): Promise<RestoreResult> {
  const check = await checkBackup(ctx, path)
  const live = ctx.database
  const file = live.file
  const stem = basename(file).replace(/\.[^.]*$/, '')
  const keptAs = freeCopyName(dirname(file), `${stem}-恢复前-${fileStamp(new Date())}`)
  try {
    await vacuumInto(live.reader, keptAs)
  } catch (err) {
    console.error('[restore] keep current', err)
    rmSync(keptAs, { force: true })
    throw new AppError(
      'RESTORE_FAILED',
      '没有恢复：当前数据文件的副本没有保存成功（磁盘可能已满或不能写入），为安全起见没有做任何改动。',
    )
  }
  if ((await checkFileIntegrity(keptAs)).verdict !== 'ok') {
    rmSync(keptAs, { force: true })
    throw new AppError(
      'RESTORE_FAILED',
      '没有恢复：当前数据文件的副本检查没有通过，为安全起见没有做任何改动。请联系技术人员。',
    )
  }
  await syncFile(keptAs)
  const backupLog = await live.db.selectFrom('backups').select(['at', 'path', 'size_bytes', 'integrity']).execute()
  const temp = `${file}.恢复中.tmp`
  const putInPlace = async (source: string, target: string) => {
    copyFileSync(source, temp)
    await syncFile(temp)
    // The new file must not meet the old file's log: a -wal left by a crash would be applied to it.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true })
    renameSync(temp, target)
    syncFolder(dirname(target))
  }
  try {
    await live.replaceFile(
      async (target) => {
        await putInPlace(check.path, target)
        const copied = await checkFileIntegrity(target)
        if (copied.verdict !== 'ok' || copied.schemaVersion !== check.schemaVersion) {
          throw new AppError(
            'RESTORE_FAILED',
            '没有恢复：备份复制过来后检查没有通过，已放回原来的数据。请换一份备份再试。',
          )
        }
      },
      (target) => putInPlace(keptAs, target),
    )
  } catch (err) {
    rmSync(temp, { force: true })
    if (err instanceof AppError) throw err
    console.error('[restore]', err)
    throw new AppError('RESTORE_FAILED', '没有恢复：复制备份时出错，已放回原来的数据。请换一份备份或换一个位置再试。')
  }
  let attachments: RestoreResult['attachments'] = { files: 0, damaged: [] }
  try {
    attachments = await runSideTask({ kind: 'copyStore', file: check.path, target: file, busyTimeoutMs: 0 }).result
  } catch (err) {
    console.error('[restore] attachments', err)
    throw new AppError(
      'RESTORE_FAILED',
      `数据已恢复，但备份旁的附件没能全部复制回来（可能是空间不够）。请腾出空间后再恢复一次；恢复前的数据保存在「${basename(keptAs)}」。`,
    )
  }
  // The list of backups made is about files on disks, not about the data: the restored file keeps
  // knowing every backup the replaced one knew (the one just restored from included).
  await inTransaction(live.db, async (trx) => {
    const known = new Set(
      (await trx.selectFrom('backups').select(['at', 'path']).execute()).map((b) => `${b.at}|${b.path}`),
    )
    const missing = backupLog.filter((b) => !known.has(`${b.at}|${b.path}`))
    if (missing.length > 0) await trx.insertInto('backups').values(missing).execute()
    await audit(trx, '恢复', '数据文件', null, { from: check.path, keptAs, attachments: attachments.files })
  })
  return { restoredFrom: check.path, keptAs, schemaVersion: await schemaVersion(live.db), attachments }
}

/**
 * The backup a caller names must be one this host offers: on the loopback host a backup file in
 * its own backup folder (a caller over HTTP never points it elsewhere); in the desktop app any
 * file the user picked, but never the open data file itself.
 */
function restorable(ctx: HostContext, path: string): string {
  const file = resolve(path)
  if (ctx.backupDir) {
    if (dirname(file) !== resolve(ctx.backupDir) || !BACKUP_NAME.test(basename(file))) {
      throw new AppError('BAD_BACKUP', '只能从备份文件夹里的备份恢复，请在列表里选择。')
    }
  } else if (!isAbsolute(path)) {
    throw new AppError('BAD_BACKUP', '请用“选择备份文件”按钮选择备份。')
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new AppError('BAD_BACKUP', `找不到备份文件「${file}」：如果它在U盘上，请插好后再试。`)
  }
  if (file === resolve(ctx.database.file)) {
    throw new AppError('BAD_BACKUP', '选择的是正在使用的数据文件本身，不是备份。请选择一份备份文件。')
  }
  if (statSync(file).size === 0) {
    throw new AppError('BACKUP_EMPTY', `「${basename(file)}」是空文件（0 字节），不是一份完整的备份，不能用来恢复。`)
  }
  return file
}

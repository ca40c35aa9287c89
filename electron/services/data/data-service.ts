import { existsSync, statSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { AppError } from '../../common/app-error'
import { fileStamp, nowIso } from '../../common/time'
import type { Db } from '../../database/open-database'
import { checkFileIntegrity, fileSize, integrityCheck, schemaVersion, vacuumInto } from '../../database/maintenance'
import { audit } from '../audit'

export interface DataInfo {
  file: string
  sizeBytes: number
  schemaVersion: number
  lastBackup: { at: string; path: string; sizeBytes: number; integrity: string } | null
}

export interface BackupResult {
  path: string
  sizeBytes: number
  integrity: string
  at: string
}

export async function dataInfo(db: Db, file: string): Promise<DataInfo> {
  const last = await db.selectFrom('backups').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst()
  return {
    file,
    sizeBytes: fileSize(file),
    schemaVersion: await schemaVersion(db),
    lastBackup: last ? { at: last.at, path: last.path, sizeBytes: last.size_bytes, integrity: last.integrity } : null,
  }
}

/**
 * Writes a consistent copy of the live file into `folder` (VACUUM INTO, never a file copy),
 * then opens the copy and runs integrity_check on it. A copy that fails the check is reported as
 * a failure, so nobody trusts a bad backup.
 */
export async function backupNow(db: Db, folder: string): Promise<BackupResult> {
  if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('BAD_FOLDER', `备份文件夹「${folder}」不存在或不是文件夹，请重新选择。`)
  }
  const now = new Date()
  const target = freeName(folder, `社区工作台备份-${fileStamp(now)}`)
  try {
    await vacuumInto(db, target)
  } catch (err) {
    throw new AppError(
      'BACKUP_FAILED',
      `备份没有写成：${(err as { code?: string }).code === 'SQLITE_CANTOPEN' ? '这个文件夹不能写入' : '写入出错'}。请换一个文件夹（例如U盘）再试。`,
    )
  }
  const { verdict } = await checkFileIntegrity(target)
  const result: BackupResult = {
    path: target,
    sizeBytes: statSync(target).size,
    integrity: verdict,
    at: now.toISOString(),
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('backups')
      .values({ at: result.at, path: target, size_bytes: result.sizeBytes, integrity: verdict })
      .execute()
    await audit(trx, '备份', '数据文件', null, { path: target, integrity: verdict })
  })
  if (verdict !== 'ok') {
    throw new AppError('BACKUP_DAMAGED', `备份文件已写出，但检查没有通过（${verdict}）。请换一个文件夹或U盘重新备份。`)
  }
  return result
}

export async function runIntegrityCheck(db: Db): Promise<{ ok: boolean; problems: string[]; checkedAt: string }> {
  const problems = await integrityCheck(db)
  return { ok: problems.length === 0, problems, checkedAt: nowIso() }
}

function freeName(folder: string, base: string): string {
  let candidate = join(folder, `${base}.sqlite`)
  for (let i = 2; existsSync(candidate); i++) candidate = join(folder, `${base}-${i}.sqlite`)
  return candidate
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { AppError } from '../../shared/app-error'
import type { HostContext } from '../registry/define'
import { saveBytes } from '../registry/export-file'
import { legacyDirs, sha256Of, STORED, storeDir } from './attachment-files'

export { copyStore, STORE_SUFFIX, storeDir, storedFiles } from './attachment-files'

/**
 * The one store of files the app keeps (evidence of partner periods, vouchers of fund entries, and
 * whatever module comes next): a folder beside the data file named after it
 * (…/社区工作台.sqlite → …/社区工作台-附件/), each file named by its SHA-256 and its extension, so
 * the same file kept twice is one copy and no name can overwrite another. The modules record the
 * name and the hash; a file is written once (a temporary name first, renamed when complete) and
 * never replaced or removed. Reading checks the hash, so a copy changed outside the app is reported.
 *
 * Before this store the partner ledger kept its files in `<name>-附件/合伙人/` and the fund in
 * `附件/公益基金/` beside the data file: those folders are still looked in (a fallback: nothing is
 * moved), and a backup copies their files into its own store, so a restore brings them into this one.
 *
 * A backup is itself a data file: its files go into the store beside it (`<backup name>-附件/`).
 */
/** `<sha256><.ext>`: the extension lower-cased, only letters and digits, at most 10 characters. */
export function storedNameOf(sha256: string, fileName: string): string {
  const ext = extname(fileName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '')
    .slice(0, 10)
  return `${sha256}${ext === '.' ? '' : ext}`
}

function writeOnce(path: string, bytes: Uint8Array): void {
  if (existsSync(path)) return
  mkdirSync(dirname(path), { recursive: true })
  // A copy cut off half-way never carries the real name.
  const partial = `${path}.未完成`
  writeFileSync(partial, bytes, { flush: true })
  renameSync(partial, path)
}

/** Keeps a copy of the file in the store; returns its hash and the name it is stored under. */
export function keepFile(
  dataFile: string,
  fileName: string,
  bytes: Uint8Array,
): { sha256: string; storedName: string; size: number } {
  const sha256 = sha256Of(bytes)
  const storedName = storedNameOf(sha256, fileName)
  writeOnce(join(storeDir(dataFile), storedName), bytes)
  return { sha256, storedName, size: bytes.length }
}

/**
 * Where a stored file is: the store first, then the folders of before. `stored` may be a bare name
 * or an older relative path ('附件/公益基金/<name>'): only its last part counts.
 */
export function findStored(dataFile: string, stored: string): string | null {
  const name = basename(stored.replaceAll('\\', '/'))
  if (!STORED.test(name)) return null
  for (const dir of [storeDir(dataFile), ...legacyDirs(dataFile)]) {
    const path = join(dir, name)
    if (existsSync(path)) return path
  }
  return null
}

/** A stored file's bytes (null when it is missing) and whether it still has the hash it was kept with. */
export function readStored(
  dataFile: string,
  stored: string,
  sha256: string,
): { bytes: Buffer | null; intact: boolean } {
  const path = findStored(dataFile, stored)
  if (!path) return { bytes: null, intact: false }
  const bytes = readFileSync(path)
  return { bytes, intact: sha256Of(bytes) === sha256 }
}

/**
 * Opens a stored file with the computer's own program, or saves a copy where the clerk says
 * (HostContext.openFile / saveBytes), after checking its hash: a missing or changed file is
 * reported in Chinese and not handed out.
 */
export async function handOut(
  ctx: HostContext,
  file: { fileName: string; stored: string; sha256: string },
  how: 'open' | 'save',
): Promise<{ path: string | null }> {
  const { bytes, intact } = readStored(ctx.dataFile, file.stored, file.sha256)
  if (!bytes) {
    throw new AppError(
      'FILE_MISSING',
      `找不到保存的文件「${file.fileName}」。数据文件挪过位置的，请把它旁边的「${basename(storeDir(ctx.dataFile))}」文件夹一起挪过来，或从备份恢复。`,
    )
  }
  if (!intact) {
    throw new AppError(
      'FILE_CHANGED',
      `文件「${file.fileName}」和保存时不一样了（校验码不符），可能在程序以外被改动或损坏，没有打开。请从备份恢复这个文件。`,
    )
  }
  return {
    path: how === 'open' ? await ctx.openFile(file.fileName, bytes) : await saveBytes(ctx, file.fileName, bytes),
  }
}

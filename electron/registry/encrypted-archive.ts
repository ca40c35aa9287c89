import { configure, TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'
import { z } from 'zod'
import type { Db } from '../database/open-database'
import type { HostContext } from './define'
import { auditExport, safeFileName, saveBytes } from './export-file'

/**
 * 归档: files in a .zip encrypted with AES-256 (WinZip's AE-2, the one scheme both 7-Zip and WinRAR
 * open; the old ZipCrypto is breakable and never used), with the password the clerk sets. Names
 * are stored as UTF-8 (the zip's language flag), so Chinese file names arrive intact. Built by
 * @zip.js/zip.js in memory, without workers. The password is never stored or logged.
 */
configure({ useWebWorkers: false })

export interface ArchiveEntry {
  /** The name inside the archive (folders with '/'). */
  name: string
  data: Uint8Array | string
}

/**
 * 8 to 64 letters, digits and ASCII symbols, at least one letter and one digit: a password of
 * other characters is turned into bytes differently by 7-Zip and WinRAR, and one of them would
 * then refuse it; a date or a phone number alone is too easy to guess.
 */
export const ARCHIVE_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d)[\x21-\x7e]{8,64}$/
export const ARCHIVE_PASSWORD_RULE =
  '归档密码要 8 到 64 位，至少有一个英文字母和一个数字，只能用字母、数字和符号（不能有空格和汉字）'

/** The input field for a password the clerk sets (registry/fields.ts style). */
export function archivePassword() {
  return z
    .string({ error: '请填写「归档密码」' })
    .min(1, '请填写「归档密码」')
    .refine((p) => ARCHIVE_PASSWORD.test(p), ARCHIVE_PASSWORD_RULE)
}

/** The .zip's bytes. Throws when the password breaks the rule (callers check it at the boundary). */
export async function buildEncryptedArchive(entries: readonly ArchiveEntry[], password: string): Promise<Uint8Array> {
  if (!ARCHIVE_PASSWORD.test(password)) throw new Error(ARCHIVE_PASSWORD_RULE)
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    password,
    encryptionStrength: 3,
    zipCrypto: false,
    useWebWorkers: false,
  })
  for (const entry of entries) {
    const reader = typeof entry.data === 'string' ? new TextReader(entry.data) : new Uint8ArrayReader(entry.data)
    await writer.add(entry.name, reader)
  }
  return writer.close()
}

/**
 * Builds the archive and hands it to the host to save (Electron: a save dialog; test host: its
 * export folder); a saved archive is written to the audit log (what, which files, where) with the
 * operator's name. The casebook's 归档 export calls this. `path` is null when the user cancelled.
 */
export async function saveEncryptedArchive(
  db: Db,
  ctx: HostContext,
  what: string,
  fileName: string,
  entries: readonly ArchiveEntry[],
  password: string,
): Promise<{ path: string | null; fileName: string }> {
  const name = safeFileName(fileName.endsWith('.zip') ? fileName : `${fileName}.zip`)
  const data = await buildEncryptedArchive(entries, password)
  const path = await saveBytes(ctx, name, data)
  if (!path) return { path: null, fileName: name }
  await auditExport(db, what, { 加密: 'AES-256', files: entries.map((e) => e.name), path })
  return { path, fileName: name }
}

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'

/**
 * Evidence files of fund entries (收据、银行回单、发票、照片): a copy is kept by the app in the
 * folder 附件/公益基金 beside the data file, named by its SHA-256 (so the same file kept twice is
 * one copy, and a name clash cannot overwrite another file), and the hash is stored with the
 * entry. Reading a file back checks the hash, so a copy changed outside the app is reported.
 * Files are added, never replaced or removed (the database refuses that, as for the entries).
 * The data file's backup does not include these copies: the folder is backed up with it by hand.
 */
export const EVIDENCE_FOLDER = ['附件', '公益基金'] as const
/** What one file may weigh (a phone photo or a scanned page is far less). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
const EXTENSIONS = /^\.(jpg|jpeg|png|gif|webp|bmp|pdf|doc|docx|xls|xlsx|wps|et|txt|ofd)$/i

export const evidenceFolder = (dataFile: string) => join(dirname(dataFile), ...EVIDENCE_FOLDER)

export async function addEvidence(
  db: Db,
  dataFile: string,
  input: { entryId: number; fileName: string; contentBase64: string },
  now = nowIso(),
): Promise<{ id: number; sha256: string; size: number }> {
  const entry = await db.selectFrom('fund_entries').select('id').where('id', '=', input.entryId).executeTakeFirst()
  if (!entry) throw notFound('收支记录')
  const name = input.fileName.trim()
  const ext = extname(name)
  if (!EXTENSIONS.test(ext)) {
    throw new AppError('INVALID_INPUT', '只能保存照片（jpg、png）、PDF、OFD、Word、Excel 或文本文件作为凭证。')
  }
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', '这个文件是空的，请换一个文件。')
  if (bytes.length > MAX_EVIDENCE_BYTES)
    throw new AppError('INVALID_INPUT', '文件太大了（最多 10 MB），请压缩后再保存。')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const folder = evidenceFolder(dataFile)
  const stored = `${sha256}${ext.toLowerCase()}`
  const path = join(folder, stored)
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true })
    // Written under a temporary name first: a copy cut off half-way never carries the real name.
    const partial = `${path}.未完成`
    writeFileSync(partial, bytes, { flush: true })
    renameSync(partial, path)
  }
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('fund_evidence')
      .values({
        entry_id: input.entryId,
        file_name: name,
        stored_path: [...EVIDENCE_FOLDER, stored].join('/'),
        sha256,
        size: bytes.length,
        added_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '公益基金凭证附件', row.id, { entryId: input.entryId, fileName: name, sha256 })
    return { id: row.id, sha256, size: bytes.length }
  })
}

/** One evidence file's content, and whether it still has the hash it was saved with. */
export async function readEvidence(
  db: Db,
  dataFile: string,
  id: number,
): Promise<{ fileName: string; contentBase64: string | null; intact: boolean }> {
  const row = await db.selectFrom('fund_evidence').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('凭证附件')
  const path = join(dirname(dataFile), ...row.stored_path.split('/'))
  if (!existsSync(path)) return { fileName: row.file_name, contentBase64: null, intact: false }
  const bytes = readFileSync(path)
  const intact = createHash('sha256').update(bytes).digest('hex') === row.sha256
  return { fileName: row.file_name, contentBase64: bytes.toString('base64'), intact }
}

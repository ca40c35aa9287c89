import { extname } from 'node:path'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { handOut, keepFile, readStored } from '../database/attachment-store'
import { inTransaction } from '../database/unit-of-work'
import type { HostContext } from '../registry/define'

/**
 * Evidence files of fund entries (收据、银行回单、发票、照片): a copy is kept in the app's one file
 * store beside the data file (database/attachment-store.ts: named by its SHA-256, so the same file
 * kept twice is one copy), and the hash is stored with the entry. Reading a file back checks the
 * hash, so a copy changed outside the app is reported. Files are added, never replaced or removed
 * (the database refuses that, as for the entries). Backups carry the store with them.
 */
/** What one file may weigh (a phone photo or a scanned page is far less). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
const EXTENSIONS = /^\.(jpg|jpeg|png|gif|webp|bmp|pdf|doc|docx|xls|xlsx|wps|et|txt|ofd)$/i

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
  const kept = keepFile(dataFile, name, bytes)
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('fund_evidence')
      .values({
        entry_id: input.entryId,
        file_name: name,
        // The name in the store (rows from before the one store hold '附件/公益基金/<name>').
        stored_path: kept.storedName,
        sha256: kept.sha256,
        size: bytes.length,
        added_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '公益基金凭证附件', row.id, {
      entryId: input.entryId,
      fileName: name,
      sha256: kept.sha256,
    })
    return { id: row.id, sha256: kept.sha256, size: bytes.length }
  })
}

async function evidenceRow(db: Db, id: number) {
  const row = await db.selectFrom('fund_evidence').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('凭证附件')
  return row
}

/** One evidence file's content, and whether it still has the hash it was saved with. */
export async function readEvidence(
  db: Db,
  dataFile: string,
  id: number,
): Promise<{ fileName: string; contentBase64: string | null; intact: boolean }> {
  const row = await evidenceRow(db, id)
  const { bytes, intact } = readStored(dataFile, row.stored_path, row.sha256)
  return { fileName: row.file_name, contentBase64: bytes ? bytes.toString('base64') : null, intact }
}

/** 打开 / 另存: the file handed to the host after its hash is checked. */
export async function handOutEvidence(db: Db, ctx: HostContext, id: number, how: 'open' | 'save') {
  const row = await evidenceRow(db, id)
  return handOut(ctx, { fileName: row.file_name, stored: row.stored_path, sha256: row.sha256 }, how)
}

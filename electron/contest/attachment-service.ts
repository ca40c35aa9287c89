import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'

/**
 * A proposal's attachments: the proposer's materials (photos of the spot, quotes, sketches) and the
 * evidence of 验收 (photos of the result, invoices). Kept as the charity fund keeps its evidence: a
 * copy in 附件/提案大赛 beside the data file, named by its SHA-256, the hash stored with the row and
 * checked when the file is read back; added, never replaced or removed.
 */
export const ATTACHMENT_FOLDER = ['附件', '提案大赛'] as const
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
const EXTENSIONS = /^\.(jpg|jpeg|png|gif|webp|bmp|pdf|doc|docx|xls|xlsx|wps|et|txt|ofd)$/i
export type AttachmentPurpose = '提案材料' | '验收材料'

export async function addAttachment(
  db: Db,
  dataFile: string,
  input: { proposalId: number; purpose: AttachmentPurpose; fileName: string; contentBase64: string },
  now = nowIso(),
): Promise<{ id: number; sha256: string; size: number }> {
  const p = await db.selectFrom('contest_proposals').select('id').where('id', '=', input.proposalId).executeTakeFirst()
  if (!p) throw notFound('提案')
  if (input.purpose === '验收材料') {
    const project = await db
      .selectFrom('contest_projects')
      .select('id')
      .where('proposal_id', '=', p.id)
      .executeTakeFirst()
    if (!project) throw new AppError('INVALID_INPUT', '这个提案还没有立项，验收材料要在立项后添加。')
  }
  const name = input.fileName.trim()
  const ext = extname(name)
  if (!EXTENSIONS.test(ext)) {
    throw new AppError('INVALID_INPUT', '只能保存照片（jpg、png）、PDF、OFD、Word、Excel 或文本文件作为附件。')
  }
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', '这个文件是空的，请换一个文件。')
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw new AppError('INVALID_INPUT', '文件太大了（最多 10 MB），请压缩后再保存。')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const folder = join(dirname(dataFile), ...ATTACHMENT_FOLDER)
  const stored = `${sha256}${ext.toLowerCase()}`
  const path = join(folder, stored)
  if (!existsSync(path)) {
    mkdirSync(folder, { recursive: true })
    const partial = `${path}.未完成`
    writeFileSync(partial, bytes, { flush: true })
    renameSync(partial, path)
  }
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('contest_attachments')
      .values({
        proposal_id: input.proposalId,
        purpose: input.purpose,
        file_name: name,
        stored_path: [...ATTACHMENT_FOLDER, stored].join('/'),
        sha256,
        size: bytes.length,
        added_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', '提案附件', row.id, {
      proposalId: input.proposalId,
      purpose: input.purpose,
      fileName: name,
    })
    return { id: row.id, sha256, size: bytes.length }
  })
}

export async function listAttachments(db: Db, proposalId: number) {
  const rows = await db
    .selectFrom('contest_attachments')
    .select(['id', 'purpose', 'file_name', 'size', 'sha256', 'added_at'])
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    fileName: r.file_name,
    size: r.size,
    sha256: r.sha256,
    addedAt: r.added_at,
  }))
}

/** One attachment's content, and whether it still has the hash it was saved with. */
export async function readAttachment(db: Db, dataFile: string, id: number) {
  const row = await db.selectFrom('contest_attachments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('附件')
  const path = join(dirname(dataFile), ...row.stored_path.split('/'))
  if (!existsSync(path)) return { fileName: row.file_name, contentBase64: null, intact: false }
  const bytes = readFileSync(path)
  const intact = createHash('sha256').update(bytes).digest('hex') === row.sha256
  return { fileName: row.file_name, contentBase64: bytes.toString('base64'), intact }
}

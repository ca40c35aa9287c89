import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { AppError } from '../../shared/app-error'
import { DOSSIER_ITEMS, type DossierKey } from '../../shared/mediation-values'
import { nowIso } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'
import { inTransaction } from '../database/unit-of-work'
import { liveCase } from './case-service'

/**
 * Scans of signed originals (the signed agreement, the register, a receipt…), each attached to the
 * dossier document it belongs to, so the contents list counts its pages and a document present only
 * on paper is present in the dossier too. The copy is kept in 附件/调解案卷 beside the data file,
 * named by its SHA-256 (the same scan twice is one copy; nothing is overwritten). Scans carry full
 * personal data: they are never printed into the dossier PDF (a page there says where the original
 * is bound) and never leave in any export but the encrypted 归档 one.
 */
export const SCAN_FOLDER = ['附件', '调解案卷'] as const
export const MAX_SCAN_BYTES = 20 * 1024 * 1024
const EXTENSIONS = /^\.(jpg|jpeg|png|pdf|ofd|tif|tiff)$/i

export async function addScan(
  db: Db,
  dataFile: string,
  input: { caseId: number; document: DossierKey; fileName: string; pages: number; contentBase64: string },
  now = nowIso(),
): Promise<{ id: number; sha256: string }> {
  const c = await liveCase(db, input.caseId)
  if (c.status === '归档') throw new AppError('ARCHIVED', '案件已归档，卷宗不能再添加材料。')
  const item = DOSSIER_ITEMS.find((d) => d.key === input.document)
  if (!item || item.key === 'back') throw new AppError('VALIDATION', '请选择扫描件属于卷宗里的哪一份文书。')
  const name = input.fileName.trim()
  const ext = extname(name)
  if (!EXTENSIONS.test(ext)) throw new AppError('VALIDATION', '扫描件只能是照片（jpg、png、tif）、PDF 或 OFD 文件。')
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.length === 0) throw new AppError('VALIDATION', '这个文件是空的，请换一个文件。')
  if (bytes.length > MAX_SCAN_BYTES)
    throw new AppError('VALIDATION', '文件太大了（最多 20 MB），请降低扫描分辨率后再保存。')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const folder = join(dirname(dataFile), ...SCAN_FOLDER)
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
      .insertInto('mediation_scans')
      .values({
        case_id: c.id,
        document: item.key,
        file_name: name,
        pages: input.pages,
        stored_path: [...SCAN_FOLDER, stored].join('/'),
        sha256,
        size: bytes.length,
        added_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, '新增', 'mediation_scan', row.id, { caseId: c.id, document: item.name, sha256 })
    return { id: row.id, sha256 }
  })
}

import { rename } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Db } from '../../database/open-database'
import { audit } from '../../database/audit'
import type { HostContext } from '../../registry/define'
import { problemRows, TEMPLATE, type ImportFile } from './resident-import'
import type { Mapping } from './columns'

/** Writes a small workbook where the host says (a save dialog in the app); null when cancelled. */
async function saveWorkbook(
  ctx: HostContext,
  suggestedName: string,
  headers: string[],
  rows: Array<Array<string | number>>,
  textColumns: number[],
): Promise<string | null> {
  const target = await ctx.pickSaveTarget(suggestedName)
  if (!target) return null
  try {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('居民名册')
    ws.addRow(headers).font = { bold: true }
    for (const r of rows) ws.addRow(r)
    ws.columns.forEach((col, i) => {
      col.width = Math.max(10, headers[i] === '错误原因' ? 50 : headers[i]!.length * 2 + 4)
      // 身份证号 and phones as text, so Excel never turns them into numbers that lose digits.
      if (textColumns.includes(i)) col.numFmt = '@'
    })
    // Written beside the target and renamed when complete, so no half-written file ever has its name.
    const partial = `${target}.part`
    await wb.xlsx.writeFile(partial)
    await rename(partial, target)
    return target
  } finally {
    ctx.releaseSaveTarget?.(target)
  }
}

/** 导入模板.xlsx: the headers the importer knows, with one example row. */
export async function saveTemplate(ctx: HostContext): Promise<{ path: string | null }> {
  const textColumns = TEMPLATE.headers.flatMap((h, i) =>
    ['身份证号', '联系电话', '单元', '门牌号'].includes(h) ? [i] : [],
  )
  return { path: await saveWorkbook(ctx, '导入模板.xlsx', TEMPLATE.headers, [TEMPLATE.example], textColumns) }
}

/** The rows not imported, with 错误原因, to fix and import again. */
export async function saveProblemRows(
  db: Db,
  ctx: HostContext,
  file: ImportFile,
  mapping: Mapping | undefined,
): Promise<{ path: string | null; rows: number }> {
  const { headers, rows } = await problemRows(db, file, mapping)
  const stem = file.fileName.replace(/\.[^.]+$/, '')
  const path = await saveWorkbook(
    ctx,
    `${stem}-未导入的行.xlsx`,
    headers,
    rows,
    headers.map((_, i) => i),
  )
  if (path) await audit(db, '导出', '居民导入未通过的行', null, { 文件: file.fileName, 行数: rows.length })
  return { path, rows: rows.length }
}

import { rename } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Db } from '../../database/open-database'
import { audit } from '../../database/audit'
import type { HostContext } from '../define'
import type { Mapping } from './columns'
import type { ImportFile, Importer } from './engine'

/** Writes a small workbook where the host says (a save dialog in the app); null when cancelled. */
async function saveWorkbook(
  ctx: HostContext,
  suggestedName: string,
  sheetName: string,
  headers: string[],
  rows: Array<Array<string | number>>,
  textColumns: number[],
): Promise<string | null> {
  const target = await ctx.pickSaveTarget(suggestedName)
  if (!target) return null
  try {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet(sheetName)
    ws.addRow(headers).font = { bold: true }
    for (const r of rows) ws.addRow(r)
    ws.columns.forEach((col, i) => {
      col.width = Math.max(10, headers[i] === '错误原因' ? 50 : headers[i]!.length * 2 + 4)
      // 身份证号, phones and codes as text, so Excel never turns them into numbers that lose digits.
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
export async function saveTemplate<F extends string>(
  ctx: HostContext,
  imp: Importer<F>,
): Promise<{ path: string | null }> {
  const { headers, example, textColumns } = imp.template
  return { path: await saveWorkbook(ctx, imp.kind.templateFile, imp.kind.sheetName, headers, [example], textColumns) }
}

/** The rows not imported, with 错误原因, to fix and import again. */
export async function saveProblemRows<F extends string>(
  db: Db,
  ctx: HostContext,
  imp: Importer<F>,
  file: ImportFile,
  mapping: Mapping<F> | undefined,
): Promise<{ path: string | null; rows: number }> {
  const { headers, rows } = await imp.problemRows(db, file, mapping)
  const stem = file.fileName.replace(/\.[^.]+$/, '')
  const path = await saveWorkbook(
    ctx,
    `${stem}-未导入的行.xlsx`,
    imp.kind.sheetName,
    headers,
    rows,
    headers.map((_, i) => i),
  )
  if (path) await audit(db, '导出', `${imp.kind.entity}未通过的行`, null, { 文件: file.fileName, 行数: rows.length })
  return { path, rows: rows.length }
}

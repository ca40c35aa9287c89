import { execFileSync } from 'node:child_process'
import { createWriteStream, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/temp-db'
import type { ExportSink } from './export-file'
import { RegisterWorkbook, type Cell } from './xlsx-register'

/**
 * The register's data rows are written as sheet XML by RegisterSheet itself (not through exceljs's
 * Row objects): read back by three independent readers — exceljs, SheetJS and, where the machine
 * has it, Python's openpyxl (what LibreOffice-like strict readers accept) — every value, style and
 * row number is where it was put.
 */
const NOW = new Date('2026-11-21T02:00:00.000Z')
const HEADERS = ['序号', '描述', '空', '金额', '合计']
const ROWS: Cell[][] = [
  [1, ' 前后有空格 ', '', 12.5, { formula: 'SUM(D3:D4)', result: 20 }],
  [2, 'A<b>&"c\'\n第二行', null, 7.5, null],
  [3, '控制字符\u0001去掉\u007f', 'x', 0, null],
]

async function writeRegister(rows: Cell[][] = ROWS): Promise<string> {
  const dir = tempDir('desk-xlsx-')
  const path = join(dir, 'register.xlsx')
  let out: ReturnType<typeof createWriteStream> | null = null
  const sink: ExportSink = {
    path,
    now: NOW,
    open: () => (out = createWriteStream(path)),
    total: () => undefined,
    step: async () => undefined,
  }
  const book = new RegisterWorkbook(sink, '测试台账', NOW)
  const ws = book.sheet({
    name: '台账',
    title: '测试台账',
    headers: HEADERS,
    orientation: 'landscape',
    centered: [1],
    rows,
    numFmt: { 4: '#,##0.00' },
  })
  for (const row of rows) ws.row(row)
  ws.row(['合计', '共 3 件', null, 20, null], true)
  ws.note('说明一行')
  ws.commit()
  await book.finish()
  await new Promise<void>((resolve) => (out!.closed ? resolve() : out!.once('close', () => resolve())))
  return path
}

const TEXT = [' 前后有空格 ', 'A<b>&"c\'\n第二行', '控制字符去掉']

describe('RegisterSheet rows', () => {
  it('read back by exceljs: values, formulas, number formats, fonts, borders and the note after them', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await writeRegister())
    const ws = wb.getWorksheet('台账')!
    expect(ws.getCell('A1').value).toBe('测试台账')
    expect(ws.getRow(2).values).toEqual([undefined, ...HEADERS])
    expect(ws.getCell('B3').value).toBe(TEXT[0])
    expect(ws.getCell('B4').value).toBe(TEXT[1])
    expect(ws.getCell('B5').value).toBe(TEXT[2])
    expect(ws.getCell('C3').value).toBeNull() // an empty text is an empty cell
    expect(ws.getCell('D3').value).toBe(12.5)
    expect(ws.getCell('E3').value).toEqual({ formula: 'SUM(D3:D4)', result: 20 })
    expect(ws.getCell('D4').numFmt).toBe('#,##0.00')
    expect(ws.getCell('C4').border.top).toEqual({ style: 'thin' }) // a null cell keeps its borders
    expect(ws.getCell('B3').font).toMatchObject({ name: '宋体', size: 11 })
    expect(ws.getCell('B3').font.bold).toBeFalsy()
    expect(ws.getCell('B6').value).toBe('共 3 件')
    expect(ws.getCell('B6').font.bold).toBe(true)
    expect(ws.getRow(4).height).toBeGreaterThan(20) // two lines
    expect(ws.getCell('A7').value).toBe('说明一行')
    expect(ws.model.merges).toContain('A7:E7')
  })

  it('many rows (handed to the stream in batches) come back all, in order, with the note after them', async () => {
    const many: Cell[][] = Array.from({ length: 3000 }, (_, i) => [i + 1, `第 ${i + 1} 条议题`, null, i, null])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await writeRegister(many))
    const ws = wb.getWorksheet('台账')!
    const read: unknown[] = []
    for (let r = 3; r < 3 + many.length; r++) read.push(ws.getCell(`B${r}`).value)
    expect(read).toEqual(many.map((row) => row[1]))
    expect(ws.getCell(`B${3 + many.length}`).value).toBe('共 3 件')
    expect(ws.getCell(`A${4 + many.length}`).value).toBe('说明一行')
  })

  it('read back by SheetJS: the same text and numbers in the same cells', async () => {
    const wb = XLSX.read(readFileSync(await writeRegister()))
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['台账']!, { header: 1, blankrows: false })
    expect(rows.slice(2, 5).map((r) => [r[0], r[1], r[3]])).toEqual([
      [1, TEXT[0], 12.5],
      [2, TEXT[1], 7.5],
      [3, TEXT[2], 0],
    ])
    expect(rows[5]!.slice(0, 2)).toEqual(['合计', '共 3 件'])
    expect(rows[6]![0]).toBe('说明一行')
  })

  const python = '/usr/bin/python3'
  const hasOpenpyxl =
    existsSync(python) &&
    (() => {
      try {
        execFileSync(python, ['-c', 'import openpyxl'], { stdio: 'ignore' })
        return true
      } catch {
        return false
      }
    })()

  it.skipIf(!hasOpenpyxl)('opens in openpyxl with every value where it was written', async () => {
    const file = await writeRegister()
    const script = [
      'import json, sys, openpyxl',
      'ws = openpyxl.load_workbook(sys.argv[1])["台账"]',
      'print(json.dumps([[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=7)], ensure_ascii=False))',
    ].join('\n')
    const rows = JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' })) as unknown[][]
    expect(rows).toEqual([
      [1, TEXT[0], null, 12.5, '=SUM(D3:D4)'],
      [2, TEXT[1], null, 7.5, null],
      [3, TEXT[2], 'x', 0, null],
      ['合计', '共 3 件', null, 20, null],
      ['说明一行', null, null, null, null],
    ])
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import ExcelJS from 'exceljs'
import { idCheckChar } from '../shared/id-number'
import { nowIso } from '../shared/time'
import { openDatabase } from '../electron/database/open-database'
import { residentImport } from '../electron/people/import/resident-import'
import { ms, printTable } from './bench-kit'

/**
 * `npm run bench:import [-- --rows 10000]`
 *
 * 导入居民名册 at the scale: a roster workbook of 10,000 residents written by exceljs (as an
 * office's spreadsheet: a title row, then the header; dates, ID numbers, phones, 20 buildings), into
 * a data file that already holds 2,000 of them (so a fifth of the rows are updates). Times the
 * mapping step (reading the sheet), the preview and the import, each as the app runs them (the
 * import reads and checks the file again inside its transaction). Targets: preview < 3 s, import < 5 s.
 */
const PREVIEW_TARGET_MS = 3000
const IMPORT_TARGET_MS = 5000

function idNumber(i: number): string {
  const birth = `19${String(40 + (i % 60)).padStart(2, '0')}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`
  const first17 = `310104${birth}${String(i % 1000).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' } } })
  const rows = Number(values.rows)
  const dir = mkdtempSync(join(tmpdir(), 'import-bench-'))
  try {
    const opened = await openDatabase(join(dir, 'bench.sqlite'))
    const { db } = opened
    const at = nowIso()
    // A fifth of the sheet is already on the roster (same ID number).
    const existing = Math.floor(rows / 5)
    for (let i = 0; i < existing; i += 500) {
      await db
        .insertInto('residents')
        .values(
          Array.from({ length: Math.min(500, existing - i) }, (_, k) => ({
            name: `居民${i + k}`,
            building_id: null,
            id_number: idNumber(i + k),
            created_at: at,
            updated_at: at,
            deleted_at: null,
          })),
        )
        .execute()
    }
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('居民花名册')
    ws.addRow(['银杏社区居民花名册'])
    ws.mergeCells('A1:J1')
    ws.addRow(['姓名', '性别', '出生日期', '身份证号', '联系电话', '楼栋', '单元', '门牌号', '人员类型', '备注'])
    for (let i = 0; i < rows; i++) {
      const id = idNumber(i)
      const birth = new Date(Date.UTC(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14))))
      ws.addRow([
        `居民${i}`,
        Number(id[16]) % 2 ? '男' : '女',
        birth,
        id,
        `138${String(i).padStart(8, '0')}`,
        `${(i % 20) + 1}号楼`,
        String((i % 4) + 1),
        `${(i % 6) + 1}0${(i % 2) + 1}`,
        i % 3 ? '户籍' : '常住',
        '',
      ])
    }
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
    const file = { fileName: '居民花名册.xlsx', bytes }

    let t = performance.now()
    const layout = residentImport.readLayout(file)
    const layoutMs = performance.now() - t
    t = performance.now()
    const preview = await residentImport.preview(db, file, layout.guess)
    const previewMs = performance.now() - t
    t = performance.now()
    const result = await residentImport.commit(db, file, { mapping: layout.guess, createMissing: true })
    const importMs = performance.now() - t
    await opened.close()

    console.log(
      `导入 ${rows.toLocaleString('en-US')} 行（${(bytes.length / 1024).toFixed(0)} KB）：新增 ${preview.newCount}，更新 ${preview.updateCount}，问题 ${preview.problems.length}，新建楼栋 ${result.missingCreated}`,
    )
    printTable(
      ['step', 'ms', 'target', 'ok'],
      [
        ['read sheet (mapping step)', ms(layoutMs), '', ''],
        ['preview', ms(previewMs), String(PREVIEW_TARGET_MS), previewMs < PREVIEW_TARGET_MS ? 'yes' : 'NO'],
        ['import', ms(importMs), String(IMPORT_TARGET_MS), importMs < IMPORT_TARGET_MS ? 'yes' : 'NO'],
      ],
    )
    if (preview.problems.length || result.created + result.updated !== rows)
      throw new Error('bench rows were not all imported')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { openTempDb, type TempDb } from '../testing/temp-db'
import type { Importer } from '../registry/import/engine'
import { saveProblemRows, saveTemplate } from '../registry/import/import-files'
import { createBuilding, createGrid } from './community-service'
import { buildingImport, gridImport } from './import'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

async function xlsxOf(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('楼栋')
  for (const r of rows) ws.addRow(r)
  edit?.(ws)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
const file = (fileName: string, bytes: Uint8Array) => ({ fileName, bytes })
const buildings = () =>
  t.db
    .selectFrom('buildings as b')
    .leftJoin('grids as g', 'g.id', 'b.grid_id')
    .select(['b.name', 'g.name as grid', 'b.households', 'b.residents', 'b.note'])
    .orderBy('b.id')
    .execute()
const grids = () => t.db.selectFrom('grids').select(['name', 'note']).orderBy('id').execute()
const auditOf = (entity: string) => t.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).execute()

describe('importing buildings and grids', () => {
  it('finds the header under a title, updates buildings of the same name, offers missing grids, lists bad rows', async () => {
    const g = await createGrid(t.db, { name: '第一网格', note: '' })
    await createBuilding(t.db, { name: '1号楼', gridId: g.id, households: 10, residents: 30, note: '老楼' })
    const bytes = await xlsxOf(
      [
        ['银杏社区楼栋一览'],
        ['楼栋名称', '网格', '总户数', '居住人数', '备注'],
        ['1号楼', '', '48', '126', ''],
        ['2号楼', '第一网格', '36户', '1,020', '新楼'],
        ['3号楼', '第三网格', 24, 60, ''],
        ['4号楼', '第三网格', '二十', '', ''],
        ['5号楼', '', '50', '20', ''],
        ['2号楼', '第一网格', '1', '1', ''],
        ['', '第一网格', '1', '1', ''],
      ],
      (ws) => ws.mergeCells('A1:E1'),
    )
    const layout = buildingImport.readLayout(file('楼栋.xlsx', bytes))
    expect(layout.headerRow).toBe(2)
    expect(layout.guess).toEqual({ name: 0, grid: 1, households: 2, residents: 3, note: 4 })

    const preview = await buildingImport.preview(t.db, file('楼栋.xlsx', bytes))
    expect(preview).toMatchObject({
      total: 7,
      newCount: 2,
      updateCount: 1,
      missingLabel: '网格',
      missing: [{ name: '第三网格', rows: 1 }],
    })
    expect(preview.problems).toEqual([
      { row: 6, reason: '户数「二十」应为 0 到 100,000 之间的整数' },
      { row: 7, reason: '户数比人数还多，请核对：一户至少有一人' },
      { row: 8, reason: '与第 4 行是同一个楼栋' },
      { row: 9, reason: '楼栋没有填' },
    ])
    expect(await buildings()).toHaveLength(1) // the preview wrote nothing

    expect(await buildingImport.commit(t.db, file('楼栋.xlsx', bytes), { createMissing: true })).toEqual({
      created: 2,
      updated: 1,
      missingCreated: 1,
      skipped: 4,
    })
    expect(await buildings()).toEqual([
      // 所属网格 left empty keeps the building's grid; the counts given replace the old ones.
      { name: '1号楼', grid: '第一网格', households: 48, residents: 126, note: '老楼' },
      { name: '2号楼', grid: '第一网格', households: 36, residents: 1020, note: '新楼' },
      { name: '3号楼', grid: '第三网格', households: 24, residents: 60, note: '' },
    ])
    expect((await grids()).map((x) => x.name)).toEqual(['第一网格', '第三网格'])
    const log = await auditOf('楼栋导入')
    expect(JSON.parse(log[0]!.detail)).toEqual({ 文件: '楼栋.xlsx', 新增: 2, 更新: 1, 新建网格: 1, 未导入: 4 })

    const bad = await buildingImport.problemRows(t.db, file('楼栋.xlsx', bytes))
    expect(bad.rows.map((r) => r.at(-1))).toEqual([
      '第 6 行：户数「二十」应为 0 到 100,000 之间的整数',
      '第 7 行：户数比人数还多，请核对：一户至少有一人',
      '第 8 行：与第 4 行是同一个楼栋',
      '第 9 行：楼栋没有填',
    ])
  })

  it('skips buildings naming a grid that does not exist when the clerk does not create it', async () => {
    const bytes = await xlsxOf([
      ['楼栋', '所属网格'],
      ['甲楼', '新网格'],
      ['乙楼', ''],
    ])
    expect(await buildingImport.commit(t.db, file('a.xlsx', bytes), { createMissing: false })).toEqual({
      created: 1,
      updated: 0,
      missingCreated: 0,
      skipped: 1,
    })
    expect((await buildings()).map((b) => b.name)).toEqual(['乙楼'])
    expect(await grids()).toEqual([])
  })

  it('a bad file changes nothing: no header, merged cells, not a spreadsheet', async () => {
    const cases: Array<[string, Uint8Array, RegExp]> = [
      [
        'x.xlsx',
        await xlsxOf([
          ['甲', '乙'],
          ['1', '2'],
        ]),
        /没有找到表头：表格前 20 行里应有一行写着「楼栋」和「所属网格」/,
      ],
      [
        '合并.xlsx',
        await xlsxOf(
          [
            ['楼栋', '户数'],
            ['1号楼', 1],
            ['2号楼', 2],
          ],
          (ws) => ws.mergeCells('B2:B3'),
        ),
        /第 2—3 行「户数」有合并的单元格/,
      ],
      ['照片.xlsx', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]), /不是电子表格文件/],
    ]
    for (const [name, bytes, message] of cases) {
      await expect(buildingImport.preview(t.db, file(name, bytes))).rejects.toThrow(message)
      await expect(buildingImport.commit(t.db, file(name, bytes), { createMissing: true })).rejects.toThrow(message)
    }
    expect(await buildings()).toEqual([])
    expect(await grids()).toEqual([])
    expect(await auditOf('楼栋导入')).toEqual([])
  })

  it('grids: a one-column list of names; an existing grid keeps its note unless the row gives one', async () => {
    await createGrid(t.db, { name: '第一网格', note: '网格员：李' })
    const csv = '网格名称\r\n第一网格\r\n第二网格\r\n第二网格\r\n'
    const preview = await gridImport.preview(t.db, file('网格.csv', new TextEncoder().encode(csv)))
    expect(preview).toMatchObject({
      newCount: 1,
      updateCount: 1,
      problems: [{ row: 4, reason: '与第 3 行是同一个网格' }],
    })
    await gridImport.commit(t.db, file('网格.csv', new TextEncoder().encode(csv)), { createMissing: false })
    expect(await grids()).toEqual([
      { name: '第一网格', note: '网格员：李' },
      { name: '第二网格', note: '' },
    ])
  })

  it('each template has every header and an example row that imports; the 错误原因 file saves', async () => {
    for (const imp of [buildingImport, gridImport] as Array<Importer<string>>) {
      const saved = await saveTemplate(t.ctx, imp)
      expect(saved.path).toMatch(new RegExp(`${imp.kind.sheetName}导入模板\\.xlsx$`))
      const bytes = new Uint8Array(readFileSync(saved.path!))
      const wb = XLSX.read(bytes)
      const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false })
      expect(rows).toEqual([imp.template.headers, imp.template.example])
      expect(await imp.preview(t.db, file('模板.xlsx', bytes))).toMatchObject({ newCount: 1, problems: [] })
    }
    const bytes = await xlsxOf([
      ['楼栋', '户数'],
      ['1号楼', '-3'],
    ])
    const bad = await saveProblemRows(t.db, t.ctx, buildingImport, file('楼栋.xlsx', bytes), undefined)
    expect(bad.rows).toBe(1)
    const wb = XLSX.read(readFileSync(bad.path!))
    expect(XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 })).toEqual([
      ['楼栋', '户数', '错误原因'],
      ['1号楼', '-3', '第 2 行：户数「-3」应为 0 到 100,000 之间的整数'],
    ])
  })
})

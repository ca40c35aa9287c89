import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import * as CFB from 'cfb'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { idCheckChar } from '../../../shared/id-number'
import { createResident } from '../roster-service'
import { MAX_IMPORT_ROWS, parseDateCell, type ImportFile } from '../../registry/import/engine'
import { residentImport } from './resident-import'

const readLayout = (f: ImportFile) => residentImport.readLayout(f)
const previewImport = residentImport.preview
const problemRows = residentImport.problemRows
const TEMPLATE = residentImport.template
/** The roster's commit, with the option named as the dialog shows it (新建楼栋). */
const commitImport = (db: TempDb['db'], f: ImportFile, o: { createBuildings: boolean }) =>
  residentImport.commit(db, f, { createMissing: o.createBuildings })

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

/** A valid 18-character ID number for a birth date and sequence (odd = man). */
const idFor = (birth: string, seq: string) => {
  const first17 = `310104${birth.replace(/-/g, '')}${seq}`
  return first17 + idCheckChar(first17)
}

async function xlsxOf(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  for (const r of rows) ws.addRow(r)
  edit?.(ws)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const file = (fileName: string, bytes: Uint8Array) => ({ fileName, bytes })
const residents = () => t.db.selectFrom('residents').selectAll().where('deleted_at', 'is', null).orderBy('id').execute()
const auditRows = () => t.db.selectFrom('audit_log').selectAll().where('entity', '=', '居民导入').execute()

const HEAD = ['姓名', '性别', '出生日期', '身份证号', '联系电话', '楼栋', '单元', '门牌号', '人员类型', '备注']

describe('importing the resident roster', () => {
  it('finds the header below a merged title, reads every date form, previews, then imports the good rows in one go', async () => {
    const bytes = await xlsxOf(
      [
        ['银杏社区居民花名册'],
        HEAD,
        [
          '张三',
          '男',
          new Date(Date.UTC(1956, 2, 2)),
          idFor('1956-03-02', '001'),
          '13812345678',
          '1号楼',
          '2单元',
          '301',
          '户籍',
          '',
        ],
        ['李四', '女', '1960年3月2日', idFor('1960-03-02', '002'), '', '1号楼', '1', '101', '', ''],
        ['王五', '', '1970.3.2', '', '13912345678', '9号楼', '1', '102', '', '新楼'],
        ['赵六', '', '19800715', idFor('1980-07-15', '123').slice(0, 17) + 'Y', '', '', '', '', '', ''],
        ['钱七', '女', '1956-03-02', idFor('1956-03-02', '001'), '', '', '', '', '', ''],
        ['孙八', '', '1956.13.2', '', '12345', '', '', '', '', ''],
      ],
      (ws) => ws.mergeCells('A1:J1'),
    )
    await t.db
      .insertInto('buildings')
      .values({ name: '1号楼', grid_id: null, households: 1, residents: 1, note: '', created_at: 'x', updated_at: 'x' })
      .execute()
    const layout = readLayout(file('花名册.xlsx', bytes))
    expect(layout.headerRow).toBe(2)
    expect(layout.guess).toMatchObject({
      name: 0,
      gender: 1,
      birthDate: 2,
      idNumber: 3,
      phone: 4,
      building: 5,
      unit: 6,
      room: 7,
      kind: 8,
      note: 9,
    })

    const preview = await previewImport(t.db, file('花名册.xlsx', bytes))
    expect(preview).toMatchObject({
      total: 6,
      newCount: 3,
      updateCount: 0,
      missingLabel: '楼栋',
      missing: [{ name: '9号楼', rows: 1 }],
    })
    expect(preview.problems.map((p) => p.row)).toEqual([6, 7, 8])
    expect(preview.problems[0]!.reason).toContain('身份证号')
    expect(preview.problems[1]!.reason).toBe('身份证号表明性别是“男”，与性别“女”不一致；身份证号与第 3 行重复')
    expect(preview.problems[2]!.reason).toContain('出生日期「1956.13.2」看不懂')
    expect(preview.problems[2]!.reason).toContain('联系电话「12345」不像电话号码')
    expect(await residents()).toEqual([]) // the preview wrote nothing

    const result = await commitImport(t.db, file('花名册.xlsx', bytes), { createBuildings: true })
    expect(result).toEqual({ created: 3, updated: 0, missingCreated: 1, skipped: 3 })
    const rows = await residents()
    expect(rows.map((r) => [r.name, r.gender, r.birth_date, r.unit, r.room, r.kind])).toEqual([
      ['张三', '男', '1956-03-02', '2', '301', '户籍'],
      ['李四', '女', '1960-03-02', '1', '101', ''],
      ['王五', '', '1970-03-02', '1', '102', ''],
    ])
    const nine = await t.db.selectFrom('buildings').select('id').where('name', '=', '9号楼').executeTakeFirstOrThrow()
    expect(rows[2]!.building_id).toBe(nine.id)
    const log = await auditRows()
    expect(log).toHaveLength(1)
    expect(JSON.parse(log[0]!.detail)).toEqual({ 文件: '花名册.xlsx', 新增: 3, 更新: 0, 新建楼栋: 1, 未导入: 3 })

    // The bad rows as they were, with their reasons, to fix and import again.
    const bad = await problemRows(t.db, file('花名册.xlsx', bytes))
    expect(bad.headers.at(-1)).toBe('错误原因')
    expect(bad.rows.map((r) => r[0])).toEqual(['赵六', '钱七', '孙八'])
    expect(String(bad.rows[0]!.at(-1))).toMatch(/^第 6 行：/)
  })

  it('matches existing residents by ID number, or by name and phone, and updates only the columns given', async () => {
    const id = idFor('1950-01-01', '011')
    const a = await createResident(t.db, {
      name: '周一',
      buildingId: null,
      unit: '',
      room: '',
      phone: '',
      tags: ['党员'],
      note: '老党员',
    })
    await t.db.updateTable('residents').set({ id_number: id }).where('id', '=', a.id).execute()
    const b = await createResident(t.db, {
      name: '吴二',
      buildingId: null,
      unit: '3',
      room: '',
      phone: '138 1234 0000',
      tags: [],
      note: '',
    })
    const bytes = await xlsxOf([
      ['姓名', '身份证号', '手机号', '室'],
      ['周一', id, '13900001111', '501'],
      ['吴二', '', '13812340000', '602'],
      ['吴二', '', '13812349999', '603'],
    ])
    const preview = await previewImport(t.db, file('更新.xlsx', bytes))
    expect(preview).toMatchObject({ newCount: 1, updateCount: 2, problems: [] })
    expect(await commitImport(t.db, file('更新.xlsx', bytes), { createBuildings: false })).toMatchObject({
      created: 1,
      updated: 2,
    })
    const rows = await residents()
    expect(rows.find((r) => r.id === a.id)).toMatchObject({
      phone: '13900001111',
      room: '501',
      note: '老党员',
      tags: '["党员"]',
      birth_date: '1950-01-01',
      gender: '男',
    })
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ room: '602', unit: '3' })
    expect(rows).toHaveLength(3)
  })

  it('skips rows naming a building that does not exist when the clerk does not create it', async () => {
    const bytes = await xlsxOf([
      ['姓名', '楼栋'],
      ['甲', '新1号楼'],
      ['乙', ''],
    ])
    expect(await commitImport(t.db, file('a.xlsx', bytes), { createBuildings: false })).toEqual({
      created: 1,
      updated: 0,
      missingCreated: 0,
      skipped: 1,
    })
    expect((await residents()).map((r) => r.name)).toEqual(['乙'])
  })

  it('reads .xls (BIFF), UTF-8 CSV with and without BOM, and GBK CSV', async () => {
    const aoa = [
      ['姓名', '性别', '手机号码', '出生年月'],
      ['陈一', '男', '13800000001', '1956/3/2'],
      ['"林二"', '女', '', ''],
    ]
    const ws = XLSX.utils.aoa_to_sheet(aoa)
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1')
    const xls = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer)
    const csv = '姓名,性别,手机号码,出生年月\r\n陈一,男,13800000001,1956/3/2\r\n"""林二""",女,,\r\n'
    const utf8 = new TextEncoder().encode(csv)
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])
    const gbk = gbkEncode(csv)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow() // really not UTF-8
    for (const [name, bytes] of [
      ['a.xls', xls],
      ['a.csv', utf8],
      ['b.csv', bom],
      ['c.csv', gbk],
    ] as const) {
      const preview = await previewImport(t.db, file(name, bytes))
      expect(preview, name).toMatchObject({ total: 2, newCount: 2, problems: [] })
    }
    await commitImport(t.db, file('c.csv', gbk), { createBuildings: false })
    expect((await residents()).map((r) => [r.name, r.gender, r.phone, r.birth_date])).toEqual([
      ['陈一', '男', '13800000001', '1956-03-02'],
      ['"林二"', '女', '', ''],
    ])
  })

  it('takes a formula’s saved result, and says so', async () => {
    const bytes = await xlsxOf([['姓名', '单元', '门牌号']], (ws) => {
      ws.addRow(['甲', 1, { formula: '"30"&"1"', result: '301' }])
    })
    const preview = await previewImport(t.db, file('f.xlsx', bytes))
    expect(preview.notes).toEqual(['有 1 行含公式：按表格里保存的计算结果导入。'])
    await commitImport(t.db, file('f.xlsx', bytes), { createBuildings: false })
    expect((await residents())[0]).toMatchObject({ unit: '1', room: '301' })
  })

  it('reports an ID number Excel stored as a number (its last digits lost)', async () => {
    const bytes = await xlsxOf([
      ['姓名', '身份证号'],
      ['甲', 310104198007151234],
    ])
    const preview = await previewImport(t.db, file('n.xlsx', bytes))
    expect(preview.problems).toEqual([{ row: 2, reason: expect.stringContaining('存成了数字') as string }])
  })

  describe('bad files get a Chinese message and change nothing', () => {
    const refused = async (name: string, bytes: Uint8Array, message: RegExp) => {
      await expect(previewImport(t.db, file(name, bytes))).rejects.toThrow(message)
      await expect(commitImport(t.db, file(name, bytes), { createBuildings: true })).rejects.toThrow(message)
      expect(await residents()).toEqual([])
      expect(await t.db.selectFrom('buildings').selectAll().execute()).toEqual([])
      expect(await auditRows()).toEqual([])
    }
    it('an empty file', () => refused('空.xlsx', new Uint8Array(), /文件是空的/))
    it('a sheet with nothing in it', async () => refused('空表.xlsx', await xlsxOf([]), /没有任何内容/))
    it('a file that is not a spreadsheet', () =>
      refused('照片.xlsx', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), /不是电子表格文件/))
    it('a zip that is not a workbook', () =>
      refused('a.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), /打不开/))
    it('a password-protected workbook', () => {
      const cfb = CFB.utils.cfb_new()
      CFB.utils.cfb_add(cfb, 'EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]))
      CFB.utils.cfb_add(cfb, 'EncryptedPackage', new Uint8Array(64))
      const bytes = new Uint8Array(CFB.write(cfb, { type: 'array' }) as number[])
      return refused('加密.xlsx', bytes, /设置了打开密码/)
    })
    it('no recognisable header', async () =>
      refused(
        'x.xlsx',
        await xlsxOf([
          ['甲', '乙'],
          ['1', '2'],
        ]),
        /没有找到表头/,
      ))
    it('more than 100,000 rows', () => {
      const csv = '姓名,单元\n' + '某人,1\n'.repeat(MAX_IMPORT_ROWS + 1)
      return refused('大.csv', new TextEncoder().encode(csv), /超过 100,000 行/)
    })
    it('merged cells in the data', async () =>
      refused(
        '合并.xlsx',
        await xlsxOf(
          [
            ['姓名', '楼栋'],
            ['甲', '1号楼'],
            ['乙', ''],
          ],
          (ws) => ws.mergeCells('B2:B3'),
        ),
        /第 2—3 行「楼栋」有合并的单元格/,
      ))
  })

  it('reads the dates offices write', () => {
    expect(
      ['1956年3月2日', '1956.3.2', '19560302', '1956-03-02', '1956/3/2'].map((text) => parseDateCell({ text })),
    ).toEqual(Array(5).fill('1956-03-02'))
    expect(parseDateCell({ text: '1956.2.30' })).toBeNull()
    expect(parseDateCell({ text: '45000', number: 45000, date: '2023-03-15' })).toBe('2023-03-15')
  })

  it('the template’s headers are all recognised and its example row imports', async () => {
    const bytes = await xlsxOf([TEMPLATE.headers, TEMPLATE.example])
    expect(await previewImport(t.db, file('导入模板.xlsx', bytes))).toMatchObject({ newCount: 1, problems: [] })
  })
})

/** GBK bytes for the CSV's characters, found by decoding every double-byte code (the test has no encoder). */
function gbkEncode(text: string): Uint8Array {
  const table = new Map<string, number[]>()
  const dec = new TextDecoder('gbk')
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = dec.decode(new Uint8Array([hi, lo]))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo])
    }
  }
  const out: number[] = []
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0))
    else out.push(...table.get(ch)!)
  }
  return new Uint8Array(out)
}

describe('the files the import dialog saves', () => {
  it('导入模板.xlsx has every header and the example row; the bad rows file names each row and its reason', async () => {
    const { saveProblemRows, saveTemplate } = await import('../../registry/import/import-files')
    const template = await saveTemplate(t.ctx, residentImport)
    expect(template.path).toMatch(/导入模板\.xlsx$/)
    const wb = XLSX.read(readFileSync(template.path!))
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false })
    expect(rows).toEqual([TEMPLATE.headers, TEMPLATE.example])
    // The template, filled in by a clerk, imports.
    expect(
      await previewImport(t.db, file('导入模板.xlsx', new Uint8Array(readFileSync(template.path!)))),
    ).toMatchObject({ newCount: 1, problems: [] })

    const bytes = await xlsxOf([
      ['姓名', '性别'],
      ['甲', '男'],
      ['乙', '未知'],
      ['', '女'],
    ])
    const saved = await saveProblemRows(t.db, t.ctx, residentImport, file('名册.xlsx', bytes), undefined)
    expect(saved.rows).toBe(2)
    const bad = XLSX.read(readFileSync(saved.path!))
    expect(XLSX.utils.sheet_to_json<string[]>(bad.Sheets[bad.SheetNames[0]!]!, { header: 1 })).toEqual([
      ['姓名', '性别', '错误原因'],
      ['乙', '未知', '第 3 行：性别「未知」看不懂，只能填“男”或“女”'],
      ['', '女', '第 4 行：姓名没有填'],
    ])
    expect(readdirSync(join(t.dir, 'exports')).sort()).toEqual(['名册-未导入的行.xlsx', '导入模板.xlsx'].sort())
  })
})

import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { buildExport, runExport } from '../../testing/export-file'
import { saveProfile } from '../../community/community-service'
import { createSubfund, postEntry, reverseEntry, type EntryInput } from '../ledger-service'
import { DETAIL_HEADERS, fundRegister, SUMMARY_HEADERS } from './fund-xlsx'

/** 公益基金收支明细 read back with exceljs (an independent reader of the file written by the streaming writer). */
let t: TempDb
const NOW = '2026-11-21T02:00:00.000Z'

beforeEach(async () => {
  t = await openTempDb()
  await saveProfile(t.db, { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号', phone: '' })
  const elderly = (await createSubfund(t.db, { name: '助老关爱', restriction: '限定性', purpose: '独居老人助餐' }, NOW))
    .id
  await createSubfund(t.db, { name: '社区微更新', restriction: '非限定性', purpose: '' }, NOW)
  const post = (over: Partial<EntryInput>) =>
    postEntry(
      t.db,
      {
        subfundId: elderly,
        kind: '捐赠',
        entryDate: '2026-03-02',
        amount: 100_000,
        counterparty: '王建国',
        partyType: '个人',
        partyNamed: false,
        voucherNo: '',
        summary: '捐赠助老',
        ...over,
      },
      { now: NOW },
    )
  await post({ entryDate: '2025-12-31', amount: 50_000, summary: '上年捐赠' })
  await post({ amount: 123_456 })
  const wrong = await post({ entryDate: '2026-04-01', amount: 9_900, counterparty: '街角咖啡馆', partyType: '单位' })
  await reverseEntry(t.db, { entryId: wrong.id, reason: '重复登记', entryDate: '2026-04-02' }, { now: NOW })
  await post({
    kind: '公益支出',
    entryDate: '2026-05-01',
    amount: 30_000,
    counterparty: '长者食堂',
    partyType: '单位',
    summary: '五月助餐',
  })
})
afterEach(() => t.cleanup())

async function read(data: Uint8Array | string) {
  const wb = new ExcelJS.Workbook()
  const bytes = data as Uint8Array
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  const rows = (name: string) => {
    const ws = wb.getWorksheet(name)!
    const out: unknown[][] = []
    ws.eachRow({ includeEmpty: false }, (row) => out.push((row.values as unknown[]).slice(1)))
    return { ws, out }
  }
  return { wb, rows }
}

describe('export.fundXlsx', () => {
  it('has a summary and one sheet per sub-fund with 上年结转, entries, 本年合计 and 结转下年', async () => {
    const file = await buildExport(fundRegister, t.db, { year: 2026 }, new Date(NOW))
    expect((await fundRegister.prepare(t.db, { year: 2026 })).fileName).toBe('公益基金收支明细-2026年.xlsx')
    const { wb, rows } = await read(file.data)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '助老关爱', '社区微更新'])

    const s = rows('汇总').out
    expect(s[0]![0]).toBe('幸福里社区2026年公益基金收支明细')
    expect(s[1]).toEqual([...SUMMARY_HEADERS])
    expect(s[2]).toEqual(['助老关爱', '限定性', '独居老人助餐', 500, 1234.56, 300, 1434.56])
    // An empty text is written as an empty cell (with its borders), as Excel saves one: it reads back as undefined.
    expect(s[3]!.slice(0, 3)).toEqual(['社区微更新', '非限定性', undefined])
    expect(s[4]).toEqual(['合计', undefined, '共 2 个子基金', 500, 1234.56, 300, 1434.56])

    const { ws, out: d } = rows('助老关爱')
    expect(d[0]![0]).toBe('幸福里社区2026年公益基金收支明细（助老关爱）')
    expect(d[1]).toEqual([...DETAIL_HEADERS])
    expect(d[2]!.slice(1, 8)).toEqual([
      '2026年1月1日',
      undefined,
      undefined,
      '上年结转',
      undefined,
      undefined,
      undefined,
    ])
    expect(d[2]![8]).toBe(500)
    expect(d.slice(3, 7).map((r) => [r[2], r[3], r[5], r[6], r[7], r[8], r[9]])).toEqual([
      ['2026-0001', '捐赠', '王建国', 1234.56, undefined, 1734.56, undefined],
      ['2026-0002', '捐赠', '街角咖啡馆', 99, undefined, 1833.56, '已被 2026-0003 冲销'],
      ['2026-0003', '捐赠', '街角咖啡馆', -99, undefined, 1734.56, '冲销 2026-0002'],
      ['2026-0004', '公益支出', '长者食堂', undefined, 300, 1434.56, undefined],
    ])
    expect(d[7]!.slice(0, 8)).toEqual(['合计', undefined, undefined, undefined, '本年合计', undefined, 1234.56, 300])
    expect(d[8]![4]).toBe('结转下年')
    expect(d[8]![8]).toBe(1434.56)
    expect(ws.getCell('G4').numFmt).toBe('#,##0.00')
    expect(d[10]![0]).toContain('制表单位：幸福里社区居民委员会')
  })

  it('saves through the registry and logs the export', async () => {
    const res = await runExport(t.db, t.ctx, 'export.fundXlsx', { year: 2026 })
    if (!res.ok) throw new Error(res.message)
    expect(res.value?.state).toBe('done')
    const { wb } = await read(readFileSync(res.value!.path!))
    expect(wb.worksheets).toHaveLength(3)
    const log = await t.db.selectFrom('audit_log').select('entity').where('action', '=', '导出').execute()
    expect(log).toEqual([{ entity: '公益基金收支明细' }])
  })
})

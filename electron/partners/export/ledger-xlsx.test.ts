import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { runExport } from '../../testing/export-file'
import { createPartner } from '../partner-service'
import { addCommitment, createAgreement, signAgreement } from '../agreement-service'
import { getAgreement } from '../agreement-reads'
import { reportBase } from '../fulfilment-service'
import { AGREEMENT_HEADERS, COMMITMENT_HEADERS, PERIOD_HEADERS } from './ledger-xlsx'

/** 合伙人台账 .xlsx, saved through the registry (as the screen does) and read back with exceljs. */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

const values = (row: ExcelJS.Row) =>
  (row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : v))

describe('合伙人台账 .xlsx', () => {
  it('lists agreements (phones masked, state computed), both sides with their 履约率, and one year of periods', async () => {
    const p = await createPartner(t.db, {
      kind: '个体工商户',
      name: '幸福里咖啡',
      creditCode: '91350100M000100Y43',
      contactName: '周店长',
      contactPhone: '13912345678',
      address: '',
      note: '',
    })
    const a = await createAgreement(t.db, {
      partnerId: p.id,
      kind: '资源置换',
      number: '',
      title: '闲置用房换社区服务',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      noticeDays: 30,
      communitySignatory: '王芳',
      partnerSignatory: '周店长',
      note: '',
    })
    const base = {
      imputedYearlyFen: 0,
      weight: 1,
      carryPolicy: '不结转' as const,
      countsMeetings: false,
      note: '',
      category: '其他',
      dueDate: null,
      areaM2: null,
    }
    await addCommitment(t.db, a.id, {
      ...base,
      side: '社区提供',
      kind: '每期次数',
      category: '场地',
      title: '闲置用房',
      periodUnit: '月',
      quantity: 1,
      amountFen: 0,
      rateBp: 0,
      imputedYearlyFen: 9_600_000,
    })
    const profit = await addCommitment(t.db, a.id, {
      ...base,
      side: '合伙人承诺',
      kind: '比例分成',
      title: '利润 10%',
      periodUnit: '月',
      quantity: 0,
      amountFen: 0,
      rateBp: 1000,
    })
    await signAgreement(t.db, a.id, '2025-12-20', '2026-06-15T04:00:00Z')
    const periods = (await getAgreement(t.db, a.id, '2026-06-15T04:00:00Z')).commitments.find(
      (c) => c.id === profit.id,
    )!.periods
    await reportBase(t.db, periods[0]!.id, 1234567, '')

    const r = await runExport(t.db, t.ctx, 'export.partnerLedgerXlsx', { year: 2026 })
    if (!r.ok) throw new Error(r.message)
    const saved = r.value!
    expect(saved.state).toBe('done')
    expect(saved.count).toBe(1)

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(readFileSync(saved.path!) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['协议', '条款', '履约明细'])

    const s1 = wb.getWorksheet('协议')!
    expect(values(s1.getRow(2))).toEqual([...AGREEMENT_HEADERS])
    const row = values(s1.getRow(3))
    expect(row.slice(1, 5)).toEqual(['〔2026〕合字第1号', '幸福里咖啡', '资源置换', '闲置用房换社区服务'])
    expect(row[9]).toBe('周店长 139****5678')
    expect(JSON.stringify(values(s1.getRow(3)))).not.toContain('13912345678')

    const s2 = wb.getWorksheet('条款')!
    expect(values(s2.getRow(2))).toEqual([...COMMITMENT_HEADERS])
    const rows2 = [values(s2.getRow(3)), values(s2.getRow(4))]
    expect(rows2.map((x) => [x[2], x[4]])).toEqual([
      ['社区提供', '闲置用房'],
      ['合伙人承诺', '利润 10%'],
    ])
    // Months over by the day the file is made (the periods of 2026 all end by its last day).
    const partnerRow = rows2[1]!
    expect(partnerRow[5]).toContain('10%')
    expect(partnerRow[5]).toContain('四舍五入到分')

    const s3 = wb.getWorksheet('履约明细')!
    expect(values(s3.getRow(2))).toEqual([...PERIOD_HEADERS])
    const january = values(s3.getRow(3))
    expect(january.slice(2, 5)).toEqual(['闲置用房', '2026年1月1日—2026年1月31日', '1'])
    const profitJanuary = Array.from({ length: s3.rowCount }, (_, i) => values(s3.getRow(i + 1))).find(
      (v) => v[2] === '利润 10%' && String(v[3]).startsWith('2026年1月1日'),
    )!
    expect(profitJanuary[4]).toBe('¥1,234.57')
    // 12 months of each commitment.
    const dataRows = Array.from({ length: s3.rowCount }, (_, i) => values(s3.getRow(i + 1))).filter(
      (v) => v[0] === '〔2026〕合字第1号',
    )
    expect(dataRows).toHaveLength(24)
  })
})

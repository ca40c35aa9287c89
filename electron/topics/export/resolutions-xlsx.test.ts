import { readFileSync } from 'node:fs'
import * as XLSX from 'xlsx'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import type { Db } from '../../database/open-database'
import * as resolutions from '../resolution-service'
import * as feedback from '../../feedback/feedback-service'
import { seedCommunity, type Seeded } from '../../testing/test-seed'
import { PROGRESS_HEADERS, RESOLUTION_HEADERS, resolutionsRegister } from './resolutions-xlsx'
import { buildExport, runExport } from '../../testing/export-file'

/**
 * 决议督办台账 read back with SheetJS. Four resolutions of the 2026年3月12日 meeting go in through the
 * services: one done on time and rated, one done late, one overdue and untouched, one voided.
 */
let t: TempDb
let s: Seeded

const NOW = '2026-11-21T02:00:00.000Z'
const AFTER_MEETING = '2026-03-13T01:00:00.000Z'

async function seedResolutions(db: Db, itemId: number) {
  const create = (text: string, dueDate: string, coDepartments: string[] = []) =>
    resolutions.createResolution(
      db,
      itemId,
      { text, leadDepartment: '街道城建科', coDepartments, dueDate },
      AFTER_MEETING,
    )
  const onTime = await create('为3号楼加装电梯，年内完成方案报批', '2026-04-30', ['物业公司', '居委会'])
  await resolutions.addProgress(
    db,
    onTime.id,
    { text: '已联系设计单位现场勘查', at: '2026-03-15T10:00', reportedBy: '张工' },
    NOW,
  )
  await resolutions.completeResolution(
    db,
    onTime.id,
    { note: '方案已报街道', at: '2026-04-20T16:00', reportedBy: '张工' },
    NOW,
  )
  await feedback.addFeedback(
    db,
    { resolutionId: onTime.id },
    { channel: '微信群', toldAt: '2026-04-22T19:00', content: '加装电梯方案已报批', satisfaction: '满意' },
    NOW,
  )
  const late = await create('清理2号楼地下室杂物', '2026-03-31')
  await resolutions.completeResolution(db, late.id, { note: '已清理', at: '2026-04-10T09:00', reportedBy: '' }, NOW)
  const overdue = await create('修复小区北门路灯', '2026-05-31')
  const voided = await create('调整停车收费标准', '2026-06-30')
  await resolutions.voidResolution(db, voided.id, '并入街道统一方案', NOW)
  return { onTime, late, overdue, voided }
}

beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
  await seedResolutions(t.db, s.items.passed)
})
afterEach(async () => {
  await t.cleanup()
})

function read(data: Uint8Array | string) {
  const wb = XLSX.read(data, { type: 'buffer', bookFiles: true })
  const xml = (name: string) => {
    const file = (wb as unknown as { files: Record<string, { content: Uint8Array }> }).files[name]
    if (!file) throw new Error(`no ${name} in the workbook`)
    return Buffer.from(file.content).toString('utf8')
  }
  const rows = (sheet: string) =>
    XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet]!, { header: 1, raw: false, defval: '' })
  return { wb, xml, rows }
}

describe('export.resolutionsXlsx', () => {
  it('saves the year’s register through the registry and logs the export', async () => {
    const res = await runExport(t.db, t.ctx, 'export.resolutionsXlsx', { year: 2026 })
    if (!res.ok) throw new Error(res.message)
    expect(res.value).toMatchObject({ fileName: '决议督办台账-2026年.xlsx', count: 4 })
    const { wb } = read(readFileSync((res.value as { path: string }).path))
    expect(wb.SheetNames).toEqual(['决议督办台账', '办理进展'])
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()
    expect(log.map((l) => l.entity)).toEqual(['决议督办台账'])
    expect(await runExport(t.db, t.ctx, 'export.resolutionsXlsx', { year: 1999 })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    })
  })

  it('决议督办台账: every number in order, 逾期N天 as of today, on time or not, feedback and satisfaction', async () => {
    const file = await buildExport(resolutionsRegister, t.db, { year: 2026 }, new Date(NOW))
    const { wb, rows } = read(file.data)
    const r = rows('决议督办台账')
    expect(r[0]![0]).toBe('幸福里社区2026年决议督办台账')
    expect(wb.Sheets['决议督办台账']!['!merges']).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: 12 } })
    expect(r[1]).toEqual([...RESOLUTION_HEADERS])
    const meeting = '三月议事会例会（2026年3月12日）'
    expect(r[2]).toEqual([
      '1',
      '〔2026〕议字第1号',
      meeting,
      '为3号楼加装电梯，年内完成方案报批',
      '街道城建科',
      '物业公司、居委会',
      '2026年4月30日',
      '已评价',
      '2026年3月15日 10:00',
      '2026年4月20日',
      '是',
      '微信群 2026年4月22日',
      '满意',
    ])
    expect(r[3]).toEqual([
      '2',
      '〔2026〕议字第2号',
      meeting,
      '清理2号楼地下室杂物',
      '街道城建科',
      '',
      '2026年3月31日',
      '已办结',
      '2026年4月10日 09:00', // done without a progress note: completion is the first action
      '2026年4月10日',
      '否（超期10天）',
      '',
      '',
    ])
    // 2026-05-31 → 2026-11-21 is 174 days.
    expect(r[4]!.slice(1, 13)).toEqual([
      '〔2026〕议字第3号',
      meeting,
      '修复小区北门路灯',
      '街道城建科',
      '',
      '2026年5月31日',
      '逾期174天',
      '',
      '',
      '否',
      '',
      '',
    ])
    expect(r[5]!.slice(1, 2)).toEqual(['〔2026〕议字第4号'])
    expect(r[5]![7]).toBe('已撤销：并入街道统一方案')
    expect(r[5]![10]).toBe('')
    expect(r[6]!.slice(0, 4)).toEqual([
      '合计',
      '共 4 件',
      '',
      '已办结 2 件（按时 1 件），未办结 1 件（其中逾期 1 件），已撤销 1 件',
    ])
    expect(r[7]![0]).toContain('逾期天数按制表当日（2026年11月21日）计算')
    expect(r[8]![0]).toBe('制表单位：幸福里社区居民委员会　　制表人：　　　　　　制表日期：2026年11月21日')
  })

  it('逾期 follows the day the file is made', async () => {
    const r = read(
      (await buildExport(resolutionsRegister, t.db, { year: 2026 }, new Date('2026-06-02T02:00:00Z'))).data,
    ).rows('决议督办台账')
    expect(r[4]![7]).toBe('逾期2天')
    const before = read(
      (await buildExport(resolutionsRegister, t.db, { year: 2026 }, new Date('2026-05-31T02:00:00Z'))).data,
    ).rows('决议督办台账')
    expect(before[4]![7]).toBe('待办') // due today: not yet overdue
    expect(before[4]![10]).toBe('')
  })

  it('办理进展 lists every progress note with its time, kind and reporter', async () => {
    const file = await buildExport(resolutionsRegister, t.db, { year: 2026 }, new Date(NOW))
    const r = read(file.data).rows('办理进展')
    expect(r[0]![0]).toBe('幸福里社区2026年决议办理进展')
    expect(r[1]).toEqual([...PROGRESS_HEADERS])
    expect(r.slice(2, 6)).toEqual([
      ['〔2026〕议字第1号', '2026年3月15日 10:00', '进展', '已联系设计单位现场勘查', '张工'],
      ['〔2026〕议字第1号', '2026年4月20日 16:00', '办结', '方案已报街道', '张工'],
      ['〔2026〕议字第2号', '2026年4月10日 09:00', '办结', '已清理', ''],
      ['〔2026〕议字第4号', '2026年11月21日 10:00', '撤销', '撤销决议。原因：并入街道统一方案', ''],
    ])
    expect(r[6]![0]).toMatch(/^共 4 条。/)
  })

  it('freezes the header, prints landscape on A4, and an empty year still has headers and a zero total', async () => {
    const { xml } = read((await buildExport(resolutionsRegister, t.db, { year: 2026 }, new Date(NOW))).data)
    const sheet = xml('xl/worksheets/sheet1.xml')
    expect(sheet).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/)
    expect(sheet).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/)
    expect(sheet).toMatch(/<col min="4" max="4" width="40" customWidth="1"\/>/)
    expect(xml('xl/workbook.xml')).toContain('&apos;决议督办台账&apos;!$A$1:$M$9</definedName>')

    const empty = read((await buildExport(resolutionsRegister, t.db, { year: 2025 }, new Date(NOW))).data).rows(
      '决议督办台账',
    )
    expect(empty[0]![0]).toBe('幸福里社区2025年决议督办台账')
    expect(empty[1]).toEqual([...RESOLUTION_HEADERS])
    expect(empty[2]!.slice(0, 2)).toEqual(['合计', '共 0 件'])
  })
})

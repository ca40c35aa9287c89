import { readFileSync } from 'node:fs'
import * as XLSX from 'xlsx'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import { attendanceSummary } from '../attendance-service'
import { getAgenda } from '../agenda-service'
import { meetingLedger } from './ledger'
import { ATTENDANCE_HEADERS, LEDGER_HEADERS, VOTE_HEADERS } from './xlsx-export'
import { runExport } from '../../testing/export-file'
import { seedCommunity, type Seeded } from '../../testing/test-seed'

/**
 * The ledger is written with exceljs and read back with SheetJS (a different implementation), cell
 * values as well as the raw sheet XML for what SheetJS does not model (the frozen pane, fonts).
 */
let t: TempDb
let s: Seeded

beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => {
  await t.cleanup()
})

async function exportXlsx(from = '2026-01-01', to = '2026-12-31') {
  const res = await runExport(t.db, t.ctx, 'export.meetingsXlsx', { from, to })
  if (!res.ok) throw new Error(res.message)
  const { path } = res.value as { path: string }
  const wb = XLSX.read(readFileSync(path), { type: 'buffer', bookFiles: true })
  const xml = (name: string) => {
    const file = (wb as unknown as { files: Record<string, { content: Uint8Array }> }).files[name]
    if (!file) throw new Error(`no ${name} in the workbook`)
    return Buffer.from(file.content).toString('utf8')
  }
  /** Rows as the user sees them (formatted text), blank cells as ''. */
  const rows = (sheet: string) =>
    XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet]!, { header: 1, raw: false, defval: '' })
  return { path, wb, xml, rows }
}

describe('export.meetingsXlsx', () => {
  it('names the committee once when the profile already carries 居民委员会 (the form’s example)', async () => {
    await t.db.updateTable('community').set({ name: '幸福里社区居民委员会' }).where('id', '=', 1).execute()
    const r = (await exportXlsx()).rows('会议台账')
    const footer = r.find((row) => String(row[0]).startsWith('制表：'))![0]
    expect(footer).toMatch(/^制表：幸福里社区居民委员会　　制表日期：/)
    expect(JSON.stringify(r)).not.toContain('居民委员会居民委员会')
  })

  it('writes a workbook with the three sheets, named after the period', async () => {
    const { path, wb } = await exportXlsx()
    expect(path).toMatch(/议事会台账-2026-01-01至2026-12-31\.xlsx$/)
    expect(wb.SheetNames).toEqual(['会议台账', '出席明细', '表决记录'])
  })

  it('会议台账: merged title, Chinese headers, one row per meeting with Chinese dates, and a 合计 row', async () => {
    const { wb, rows } = await exportXlsx()
    const ws = wb.Sheets['会议台账']!
    const r = rows('会议台账')
    expect(r[0]![0]).toBe('「幸福里社区」议事会会议台账（2026年1月1日—2026年12月31日）')
    expect(ws['!merges']).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: 13 } })
    expect(r[1]).toEqual([...LEDGER_HEADERS])

    // 序号 会议名称 类型 日期 时间 地点 主持人 状态 应到 实到 参与人数 参与率 表决事项数 通过数
    expect(r[2]).toEqual([
      '1',
      '三月议事会例会',
      '议事会例会',
      '2026年3月12日',
      '19:00—21:00',
      '社区议事厅',
      '王芳',
      '纪要已确认',
      '5', // six members, one of them 列席 without a vote
      '3', // 王芳, 李建国, 赵磊 (张秀英 by proxy, 刘洋 on leave)
      '9', // 3 present + 1 列席 + 5 other residents
      '9.0%', // of 100 households
      '2',
      '1',
    ])
    expect(r[3]!.slice(0, 8)).toEqual([
      '2',
      '四月议事会例会',
      '议事会例会',
      '2026年4月9日',
      '19:00—21:00',
      '社区议事厅',
      '王芳',
      '取消',
    ])
    expect(r[3]!.slice(8, 12)).toEqual(['', '', '', '']) // not held: no figures, not zeros
    // 07:30 in Shanghai on 5月16日 is 23:30 UTC on 5月15日: the ledger shows the office's date.
    expect(r[4]!.slice(1, 5)).toEqual(['早间协调会', '协调会', '2026年5月16日', '07:30—08:30'])
    expect(r[5]![1]).toBe('物业协调会')
    expect(r.map((row) => row[1])).not.toContain('新年议事会')
    expect(r.map((row) => row[1])).not.toContain('年终议事会')

    const totals = r[6]!
    expect(totals.slice(0, 2)).toEqual(['合计', '共 4 次会议'])
    expect(totals.slice(8)).toEqual(['5', '3', '9', '9.0%', '2', '1'])
    // Real formulas with their results, so the totals follow if a clerk corrects a row in Excel.
    expect(ws['I7']).toMatchObject({ f: 'SUM(I3:I6)', v: 5 })
    expect(ws['L3']).toMatchObject({ t: 'n', v: 0.09, w: '9.0%' }) // a number shown as a percentage
    expect(r[7]![0]).toContain('参与率＝参与人数÷社区总户数（100 户）')
    expect(r[8]![0]).toMatch(/^制表：幸福里社区居民委员会　　制表日期：\d{4}年\d{1,2}月\d{1,2}日$/)
  })

  it('freezes the header, sets widths, borders, a CJK font and A4 printing', async () => {
    const { xml } = await exportXlsx()
    for (const sheet of ['sheet1', 'sheet2', 'sheet3']) {
      const x = xml(`xl/worksheets/${sheet}.xml`)
      expect(x).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/)
      expect(x).toMatch(/<col min="2" max="2" width="\d+(\.\d+)?" customWidth="1"\/>/)
      expect(x).toMatch(/<pageSetup [^>]*paperSize="9"/)
      expect(x).toContain('<autoFilter ref="A2:')
    }
    const styles = xml('xl/styles.xml')
    expect(styles).toContain('<name val="宋体"/>')
    expect(styles).toContain('<charset val="134"/>')
    expect(styles).toContain(
      '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>',
    )
    // The header row repeats on every printed page.
    expect(xml('xl/workbook.xml')).toContain(
      '<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;会议台账&apos;!$2:$2</definedName>',
    )
    // No phone number anywhere (the roster has them; the ledger must not).
    expect(xml('xl/sharedStrings.xml')).not.toMatch(/1380013/)
  })

  it('出席明细 lists the roster of the held meeting with statuses and the proxy holder', async () => {
    const { rows } = await exportXlsx()
    const r = rows('出席明细')
    expect(r[0]![0]).toBe('「幸福里社区」议事会出席明细（2026年1月1日—2026年12月31日）')
    expect(r[1]).toEqual([...ATTENDANCE_HEADERS])
    expect(r.slice(2)).toEqual([
      ['三月议事会例会', '2026年3月12日', '王芳', '召集人', '出席', ''],
      ['三月议事会例会', '2026年3月12日', '李建国', '成员', '出席', ''],
      ['三月议事会例会', '2026年3月12日', '张秀英', '成员', '委托', '王芳'],
      ['三月议事会例会', '2026年3月12日', '刘洋', '成员', '请假', ''],
      ['三月议事会例会', '2026年3月12日', '陈静', '列席', '列席', ''],
      ['三月议事会例会', '2026年3月12日', '赵磊', '记录人', '出席', ''],
    ])
  })

  it('表决记录 lists every vote with counts, rule and the computed result', async () => {
    const { rows } = await exportXlsx()
    const r = rows('表决记录')
    expect(r[1]).toEqual([...VOTE_HEADERS])
    expect(r.slice(2)).toEqual([
      ['三月议事会例会', '2026年3月12日', '关于加装电梯的表决', '3', '1', '0', '4', '过半数', '通过'],
      ['三月议事会例会', '2026年3月12日', '关于调整停车收费的表决', '2', '1', '1', '4', '过半数', '未通过'],
    ])
  })

  it('an empty period still gives a valid ledger with headers and a zero 合计', async () => {
    const { rows } = await exportXlsx('2030-01-01', '2030-12-31')
    const r = rows('会议台账')
    expect(r[1]).toEqual([...LEDGER_HEADERS])
    expect(r[2]!.slice(0, 2)).toEqual(['合计', '共 0 次会议'])
  })

  it('logs the export, and refuses a period over ten years', async () => {
    await exportXlsx()
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()
    expect(log.map((l) => l.entity)).toEqual(['议事会台账'])
    expect(await runExport(t.db, t.ctx, 'export.meetingsXlsx', { from: '2000-01-01', to: '2026-12-31' })).toMatchObject(
      { ok: false, code: 'INVALID_INPUT', message: '一次最多导出十年的会议，请缩短时间段。' },
    )
  })
})

describe('meetingLedger', () => {
  it('gives, meeting by meeting, the same figures as attendanceSummary() and getAgenda()', async () => {
    const ledger = await meetingLedger(t.db, { from: '2025-01-01', to: '2027-12-31' })
    expect(ledger.meetings).toHaveLength(6)
    for (const m of ledger.meetings) {
      expect(m.summary).toEqual(await attendanceSummary(t.db, m.id))
      const agenda = await getAgenda(t.db, m.id)
      expect(m.agenda.map((a) => [a.title, a.type, a.vote])).toEqual(agenda.items.map((a) => [a.title, a.type, a.vote]))
    }
    expect(ledger.meetings.find((m) => m.id === s.m.noCouncil)!.roster).toEqual([])
  })
})

describe('export.meetingXlsx', () => {
  it('writes one meeting: its row in 会议台账, its attendance and votes, named after its day and title', async () => {
    const res = await runExport(t.db, t.ctx, 'export.meetingXlsx', { meetingId: s.m.held })
    if (!res.ok) throw new Error(res.message)
    const { path, fileName, count } = res.value as { path: string; fileName: string; count: number }
    expect(count).toBe(1)
    const whole = await meetingLedger(t.db, { from: '2025-01-01', to: '2027-12-31' })
    const held = whole.meetings.find((m) => m.id === s.m.held)!
    expect(fileName).toBe(`议事会台账-${held.date}-${held.title}.xlsx`)
    const wb = XLSX.read(readFileSync(path), { type: 'buffer' })
    const rows = (sheet: string) =>
      XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet]!, { header: 1, raw: false, defval: '' })
    const ledger = rows('会议台账')
    expect(ledger[2]![1]).toBe(held.title)
    expect(ledger[3]!.slice(0, 2)).toEqual(['合计', '共 1 次会议'])
    // The same attendance rows as the period's ledger holds for this meeting.
    const mine = (r: string[][]) => r.filter((row) => row.includes(held.title))
    const period = await runExport(t.db, t.ctx, 'export.meetingsXlsx', { from: held.date, to: held.date })
    if (!period.ok) throw new Error(period.message)
    const pwb = XLSX.read(readFileSync((period.value as { path: string }).path), { type: 'buffer' })
    for (const sheet of ['出席明细', '表决记录']) {
      const prow = XLSX.utils.sheet_to_json<string[]>(pwb.Sheets[sheet]!, { header: 1, raw: false, defval: '' })
      expect(mine(rows(sheet)).length).toBeGreaterThan(0)
      expect(mine(rows(sheet))).toEqual(mine(prow))
    }
    expect(await runExport(t.db, t.ctx, 'export.meetingXlsx', { meetingId: 99999 })).toMatchObject({
      ok: false,
    })
  })
})

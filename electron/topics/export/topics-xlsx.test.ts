import { readFileSync } from 'node:fs'
import * as XLSX from 'xlsx'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import type { Db } from '../../database/open-database'
import * as topics from '../topic-service'
import * as feedback from '../../feedback/feedback-service'
import { TOPIC_CHANNELS } from '../../../shared/followup-values'
import { seedCommunity, type Seeded } from '../../testing/test-seed'
import { TOPIC_HEADERS, topicsRegister } from './topics-xlsx'
import { rowHeight } from '../../registry/xlsx-register'
import { buildExport, runExport } from '../../testing/export-file'

/**
 * 议题征集台账 written with exceljs's streaming writer and read back with SheetJS. The topics go in
 * through the services, each step at a fixed moment, so dates, the 按时 judgement and 告知 are known.
 */
let t: TempDb
let s: Seeded

const NOW = '2026-11-21T02:00:00.000Z'

async function idOf(db: Db, table: 'residents' | 'topic_categories' | 'buildings', name: string): Promise<number> {
  const row = await db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()
  return row.id
}

/** Five topics: one the day before the year, then 转办+答复+告知, 不予采纳 (anonymous), 上会, a duplicate. */
async function seedTopics(db: Db) {
  const env = await idOf(db, 'topic_categories', '环境卫生')
  const other = await idOf(db, 'topic_categories', '其他')
  const base = { gridId: null, buildingId: null, urgency: '一般' as const, duplicateOfId: null }
  const at = (local: string, channel: (typeof TOPIC_CHANNELS)[number], residentId: number | null, extra = {}) => ({
    ...base,
    receivedAt: local,
    channel,
    residentId,
    categoryId: env,
    description: '',
    ...extra,
  })
  // 23:50 on New Year's Eve in Shanghai is still 2025 (and 15:50 UTC): outside the 2026 register.
  await topics.createTopic(db, { ...at('2025-12-31T23:50', '电话', null), description: '去年的议题' }, NOW)
  const routed = await topics.createTopic(
    db,
    at('2026-01-01T00:10', '微信群', await idOf(db, 'residents', '李建国'), {
      urgency: '紧急',
      description: '2号楼楼道堆放杂物，影响通行',
    }),
    NOW,
  )
  await topics.routeTopic(db, routed.id, { department: null, reason: '请城管中队清理' }, '2026-01-02T01:00:00.000Z')
  await topics.recordDepartmentReply(db, routed.id, { text: '已清理完毕', at: '2026-01-02T15:00' }, NOW)
  await feedback.addFeedback(
    db,
    { topicId: routed.id },
    { channel: '微信群', toldAt: '2026-01-03T10:00', content: '杂物已清理', satisfaction: '满意' },
    NOW,
  )
  const rejected = await topics.createTopic(
    db,
    at('2026-02-14T09:30', '意见箱', null, {
      buildingId: await idOf(db, 'buildings', '1号楼'),
      categoryId: other,
      description: '希望小区统一更换门禁',
    }),
    NOW,
  )
  await topics.rejectTopic(db, rejected.id, '属于业主自治事项，建议提交业主大会', '2026-02-15T02:00:00.000Z')
  const onAgenda = await topics.createTopic(
    db,
    at('2026-03-01T10:00', '走访', await idOf(db, 'residents', '张秀英'), { description: '小区北门晚上没有路灯' }),
    NOW,
  )
  await topics.putOnAgenda(
    db,
    onAgenda.id,
    { meetingId: s.m.nextYear, title: '北门路灯', type: '讨论', plannedMinutes: 20, presenter: '' },
    NOW,
  )
  await topics.createTopic(
    db,
    at('2026-03-05T08:00', '电话', await idOf(db, 'residents', '王芳'), {
      description: '北门路灯不亮',
      duplicateOfId: onAgenda.id,
    }),
    NOW,
  )
}

beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
  await seedTopics(t.db)
})
afterEach(async () => {
  await t.cleanup()
})

function read(data: Uint8Array | string) {
  const wb = XLSX.read(data, { type: typeof data === 'string' ? 'string' : 'buffer', bookFiles: true })
  const xml = (name: string) => {
    const file = (wb as unknown as { files: Record<string, { content: Uint8Array }> }).files[name]
    if (!file) throw new Error(`no ${name} in the workbook`)
    return Buffer.from(file.content).toString('utf8')
  }
  const rows = (sheet: string) =>
    XLSX.utils.sheet_to_json<string[]>(wb.Sheets[sheet]!, { header: 1, raw: false, defval: '' })
  return { wb, xml, rows }
}

describe('export.topicsXlsx', () => {
  it('saves the register through the registry, named after the period, and logs the export', async () => {
    const res = await runExport(t.db, t.ctx, 'export.topicsXlsx', { from: '2026-01-01', to: '2026-12-31' })
    if (!res.ok) throw new Error(res.message)
    expect(res.value).toMatchObject({ fileName: '议题征集台账-2026-01-01至2026-12-31.xlsx', count: 4 })
    const { wb } = read(readFileSync((res.value as { path: string }).path))
    expect(wb.SheetNames).toEqual(['议题征集台账', '按渠道统计'])
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()
    expect(log.map((l) => l.entity)).toEqual(['议题征集台账'])
  })

  it('议题征集台账: title, headers, masked names or 匿名, Chinese dates, where it went, the answer, 告知', async () => {
    const file = await buildExport(topicsRegister, t.db, { from: '2026-01-01', to: '2026-12-31' }, new Date(NOW))
    const { wb, rows } = read(file.data)
    const r = rows('议题征集台账')
    expect(r[0]![0]).toBe('幸福里社区2026年议题征集台账')
    expect(wb.Sheets['议题征集台账']!['!merges']).toContainEqual({ s: { r: 0, c: 0 }, e: { r: 0, c: 12 } })
    expect(r[1]).toEqual([...TOPIC_HEADERS])
    expect(r[2]).toEqual([
      '1',
      '2026-0001',
      '2026年1月1日', // 00:10 in Shanghai: the office's date, not UTC's (12月31日)
      '微信群',
      '李*国',
      '2号楼 / 第一网格', // from the resident's home
      '环境卫生',
      '紧急',
      '2号楼楼道堆放杂物，影响通行',
      '转办',
      '转办城管：请城管中队清理',
      '按时答复（2026年1月2日 15:00）：已清理完毕',
      '是（2026年1月3日）',
    ])
    expect(r[3]).toEqual([
      '2',
      '2026-0002',
      '2026年2月14日',
      '意见箱',
      '匿名',
      '1号楼 / 第一网格',
      '其他',
      '一般',
      '希望小区统一更换门禁',
      '不予采纳',
      '属于业主自治事项，建议提交业主大会',
      '已说明不予采纳的理由（2026年2月15日）',
      '否',
    ])
    expect(r[4]!.slice(4)).toEqual([
      '张*英',
      '1号楼 / 第一网格',
      '环境卫生',
      '一般',
      '小区北门晚上没有路灯',
      '已上会',
      '新年议事会（2027年1月5日）',
      '待会议讨论',
      '尚无答复',
    ])
    expect(r[5]!.slice(4, 5)).toEqual(['王*'])
    expect(r[5]!.slice(9)).toEqual(['征集中', '（与 2026-0003 重复）', '', '尚无答复'])
    // Full names never reach the file.
    expect(JSON.stringify(r)).not.toMatch(/李建国|张秀英|王芳/)
    expect(r.map((row) => row[8])).not.toContain('去年的议题')

    expect(r[6]!.slice(0, 2)).toEqual(['合计', '共 4 件'])
    expect(r[6]![8]).toBe('其中征集中 1 件，已上会 1 件，转办 1 件，不予采纳 1 件')
    expect(r[7]![0]).toContain('反映人姓名隐去中间的字')
    expect(r[8]![0]).toBe('制表单位：幸福里社区居民委员会　　制表人：　　　　　　制表日期：2026年11月21日')
  })

  it('freezes the header, sets widths and filters, prints landscape on A4 within the print area', async () => {
    const file = await buildExport(topicsRegister, t.db, { from: '2026-01-01', to: '2026-12-31' }, new Date(NOW))
    const { xml } = read(file.data)
    const sheet = xml('xl/worksheets/sheet1.xml')
    expect(sheet).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/)
    expect(sheet).toMatch(/<col min="9" max="9" width="40" customWidth="1"\/>/)
    expect(sheet).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/)
    expect(sheet).toContain('<autoFilter ref="A2:M2"/>')
    const workbook = xml('xl/workbook.xml')
    expect(workbook).toContain(
      '<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;议题征集台账&apos;!$A$1:$M$9</definedName>',
    )
    expect(workbook).toContain(
      '<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;议题征集台账&apos;!$2:$2</definedName>',
    )
    expect(xml('xl/styles.xml')).toContain('<name val="宋体"/>')
    // Rows are as tall as their wrapped text (programs keep the stored height rather than fit it):
    // the first topic's answer takes two lines of its 32-wide column, the duplicate's row one.
    expect(sheet).toMatch(/<row r="3" ht="35" customHeight="1"/)
    expect(sheet).toMatch(/<row r="6" ht="20" customHeight="1"/)
  })

  it('sizes a row by its longest wrapped cell', () => {
    expect(rowHeight(['短'], [10])).toBe(20)
    // 60 CJK characters are 120 units; a 40-wide column holds 38.5 a line: four lines.
    expect(rowHeight([1, '字'.repeat(60)], [6, 40])).toBe(65)
    expect(rowHeight(['第一行\n第二行\n第三行'], [20])).toBe(50)
    // Bold glyphs are wider, so the same text may need one more line.
    expect(rowHeight(['字'.repeat(19)], [40], true)).toBe(35)
    expect(rowHeight(['字'.repeat(19)], [40])).toBe(20)
  })

  it('按渠道统计: channels by month with totals that are formulas', async () => {
    const file = await buildExport(topicsRegister, t.db, { from: '2026-01-01', to: '2026-12-31' }, new Date(NOW))
    const { wb, rows } = read(file.data)
    const r = rows('按渠道统计')
    expect(r[0]![0]).toBe('幸福里社区2026年议题来源渠道统计')
    expect(r[1]).toEqual(['来源渠道', ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`), '合计'])
    expect(r.slice(2, 9).map((row) => row[0])).toEqual([...TOPIC_CHANNELS])
    const row = (channel: string) => r.find((x) => x[0] === channel)!
    expect(row('微信群')).toEqual(['微信群', '1', ...Array(11).fill('0'), '1'])
    expect(row('电话').slice(1, 4)).toEqual(['0', '0', '1'])
    expect(row('合计')).toEqual(['合计', '1', '1', '2', ...Array(9).fill('0'), '4'])
    const ws = wb.Sheets['按渠道统计']!
    expect(ws['N3']).toMatchObject({ f: 'SUM(B3:M3)', v: 1 }) // 走访, in March
    expect(ws['N10']).toMatchObject({ f: 'SUM(N3:N9)', v: 4 })
  })

  it('a period is inclusive of both days, and months across years are named with the year', async () => {
    const file = await buildExport(topicsRegister, t.db, { from: '2025-12-31', to: '2026-03-01' }, new Date(NOW))
    const { rows } = read(file.data)
    const r = rows('议题征集台账')
    expect(r[0]![0]).toBe('幸福里社区议题征集台账（2025年12月31日—2026年3月1日）')
    expect(r.slice(2, 6).map((x) => x[1])).toEqual(['2025-0001', '2026-0001', '2026-0002', '2026-0003'])
    expect(r[6]!.slice(0, 2)).toEqual(['合计', '共 4 件'])
    expect(rows('按渠道统计')[1]).toEqual(['来源渠道', '2025年12月', '2026年1月', '2026年2月', '2026年3月', '合计'])
  })

  it('an empty period gives headers and a zero total; a reversed or over-long period is refused in Chinese', async () => {
    const file = await buildExport(topicsRegister, t.db, { from: '2030-01-01', to: '2030-12-31' }, new Date(NOW))
    const r = read(file.data).rows('议题征集台账')
    expect(r[1]).toEqual([...TOPIC_HEADERS])
    expect(r[2]!.slice(0, 2)).toEqual(['合计', '共 0 件'])
    expect(await runExport(t.db, t.ctx, 'export.topicsXlsx', { from: '2026-02-01', to: '2026-01-01' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '结束日期要晚于开始日期',
    })
    expect(await runExport(t.db, t.ctx, 'export.topicsXlsx', { from: '2000-01-01', to: '2026-12-31' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '一次最多导出十年的议题，请缩短时间段。',
    })
  })
})

/**
 * 20,000 topics, the benchmark's year: the register is built from set-based queries and streamed,
 * so it is made in a child process whose heap is capped at 128 MB (the in-memory exceljs workbook
 * needs ~420 MB for the same rows and dies there).
 */
describe('export.topicsXlsx with 20,000 topics', () => {
  const N = 20_000

  async function bulkTopics(db: Db) {
    // Volume only (the behaviour is covered above through the services): plain inserts in one transaction.
    const category = await idOf(db, 'topic_categories', '环境卫生')
    const residents = await db.selectFrom('residents').select('id').execute()
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < N; start += 500) {
        const values = Array.from({ length: 500 }, (_, k) => {
          const i = start + k
          const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
          return {
            year: 2026,
            seq: i + 100, // after the four seeded above
            received_at: `${day}T02:00:00.000Z`,
            received_on: day,
            channel: TOPIC_CHANNELS[i % TOPIC_CHANNELS.length]!,
            resident_id: i % 3 ? residents[i % residents.length]!.id : null,
            grid_id: null,
            building_id: null,
            category_id: category,
            urgency: '一般',
            description: `第${i + 1}件：楼道堆放杂物很久没人清理，影响通行，希望尽快处理`,
            status: '征集中' as const,
            created_at: NOW,
            updated_at: NOW,
          }
        })
        await trx.insertInto('topics').values(values).execute()
      }
    })
  }

  it('writes every row with a 128 MB heap', { timeout: 60_000 }, async () => {
    await bulkTopics(t.db)
    const out = `${t.dir}/big.xlsx`
    const script = `
      const load = async (p) => { const m = await import(p); return m.default ?? m }
      const { openDatabase } = await load(${JSON.stringify(new URL('../../database/open-database.ts', import.meta.url).pathname)})
      const { topicsRegister } = await load(${JSON.stringify(new URL('./topics-xlsx.ts', import.meta.url).pathname)})
      const { buildToFile } = await load(${JSON.stringify(new URL('../../registry/export-run.ts', import.meta.url).pathname)})
      const opened = await openDatabase(${JSON.stringify(t.file)})
      const control = { cancelled: () => false, progress: () => undefined }
      const range = { from: '2026-01-01', to: '2026-12-31' }
      const file = await buildToFile(topicsRegister, opened.db, range, ${JSON.stringify(out)}, new Date(), control)
      await opened.close()
      console.log(file.count)
    `
    const { execFileSync } = await import('node:child_process')
    const stdout = execFileSync(
      process.execPath,
      ['--max-old-space-size=128', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 50_000 },
    )
    expect(stdout.trim().split('\n').pop()).toBe(String(N + 4))
    const { rows } = read(readFileSync(out))
    const r = rows('议题征集台账')
    expect(r).toHaveLength(2 + N + 4 + 1 + 2) // title, header, rows, 合计, two notes
    expect(r[N + 6]!.slice(0, 2)).toEqual(['合计', `共 ${N + 4} 件`])
    expect(
      rows('按渠道统计')
        .find((x) => x[0] === '合计')!
        .at(-1),
    ).toBe(String(N + 4))
  })
})

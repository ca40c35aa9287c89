import { readFileSync } from 'node:fs'
import ICAL from 'ical.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../../testing/temp-db'
import * as agenda from '../agenda-service'
import { foldOctets } from './ics-export'
import { runExport } from '../../testing/export-file'
import { seedCommunity, type Seeded } from '../../testing/test-seed'

/** Exports go through the real registry channel and are read back with ical.js (Mozilla's parser, used by Thunderbird). */
let t: TempDb
let s: Seeded

beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => {
  await t.cleanup()
})

async function exportIcs(channel: 'export.meetingIcs' | 'export.meetingsIcs', input: unknown) {
  const res = await runExport(t.db, t.ctx, channel, input)
  if (!res.ok) throw new Error(res.message)
  const { path } = res.value as { path: string }
  return { path, text: readFileSync(path, 'utf8') }
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text))
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v)
    return {
      uid: e.uid,
      summary: e.summary,
      location: e.location,
      description: e.description,
      status: String(v.getFirstPropertyValue('status')),
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startIsUtc: e.startDate.zone?.tzid === 'UTC',
    }
  })
}

/** The wall-clock time a calendar in Shanghai shows for a moment. */
const shanghai = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))

describe('export.meetingsIcs', () => {
  it('writes every meeting of the period with Shanghai times in UTC, room, kind, host and agenda', async () => {
    const { path, text } = await exportIcs('export.meetingsIcs', { from: '2026-01-01', to: '2026-12-31' })
    expect(path).toMatch(/议事会日程-2026-01-01至2026-12-31\.ics$/)
    expect(path.startsWith(t.dir)).toBe(true)

    const cal = new ICAL.Component(ICAL.parse(text))
    expect(cal.getFirstPropertyValue('version')).toBe('2.0')
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('「幸福里社区」议事会日程')

    const all = events(text)
    // 2025-12-31 and 2027-01-05 are outside; the 07:30 meeting of 5月16日 is inside although its UTC date is 5月15日.
    expect(all.map((e) => e.summary)).toEqual([
      '三月议事会例会',
      '【已取消】四月议事会例会',
      '早间协调会',
      '物业协调会',
    ])

    const held = all[0]!
    expect(held.start).toBe('2026-03-12T11:00:00.000Z')
    expect(held.end).toBe('2026-03-12T13:00:00.000Z')
    expect(held.startIsUtc).toBe(true)
    expect(shanghai(held.start)).toBe('2026/03/12 19:00')
    expect(text).toContain('DTSTART:20260312T110000Z')
    expect(held.location).toBe('社区议事厅')
    expect(held.status).toBe('CONFIRMED')
    expect(held.description).toContain('会议类型：议事会例会')
    expect(held.description).toContain('主持人：王芳')
    expect(held.description).toContain('1. 上月工作通报（通报）')
    expect(held.description).toContain('3. 关于加装电梯的表决（表决）')
    expect(held.description).toContain('4. 关于调整停车收费的表决（表决）')

    const cancelled = all[1]!
    expect(cancelled.status).toBe('CANCELLED')
    expect(cancelled.description).toContain('原因：与社区消防演练冲突')

    const morning = all[2]!
    expect(morning.start).toBe('2026-05-15T23:30:00.000Z')
    expect(shanghai(morning.start)).toBe('2026/05/16 07:30')
  })

  it('gives each meeting a UID that stays the same from one export to the next', async () => {
    const first = events((await exportIcs('export.meetingsIcs', { from: '2026-01-01', to: '2026-12-31' })).text)
    const again = events((await exportIcs('export.meetingsIcs', { from: '2026-03-01', to: '2026-03-31' })).text)
    const single = events((await exportIcs('export.meetingIcs', { meetingId: s.m.held })).text)
    expect(new Set(first.map((e) => e.uid)).size).toBe(first.length)
    expect(again.map((e) => e.uid)).toEqual([first[0]!.uid])
    expect(single.map((e) => e.uid)).toEqual([first[0]!.uid])
    expect(first[0]!.uid).toMatch(new RegExp(`^meeting-${s.m.held}-\\d+@`))
  })

  it('keeps every content line within 75 octets and ends lines with CRLF, Chinese included', async () => {
    const long = '关于小区加装电梯、楼道堆物清理、停车收费调整和绿化改造等若干事项的讨论与表决'.repeat(2)
    await agenda.addItem(t.db, s.m.morning, { title: long, type: '讨论', presenter: '', plannedMinutes: 30 })
    const { text } = await exportIcs('export.meetingIcs', { meetingId: s.m.morning })
    const lines = text.split('\r\n')
    expect(lines.at(-1)).toBe('')
    for (const line of lines) {
      expect(line.includes('\n')).toBe(false)
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    }
    // Unfolded again by the parser, the long title is whole.
    expect(events(text)[0]!.description).toContain(`1. ${long}（讨论）`)
  })

  it('a single meeting: file named after its date and title', async () => {
    const { path, text } = await exportIcs('export.meetingIcs', { meetingId: s.m.held })
    expect(path).toMatch(/会议-2026-03-12-三月议事会例会\.ics$/)
    const [e] = events(text)
    expect(e).toMatchObject({ summary: '三月议事会例会', start: '2026-03-12T11:00:00.000Z', location: '社区议事厅' })
  })

  it('returns {path: null} when the save dialog is cancelled, and logs only saved files', async () => {
    const cancelledCtx = { ...t.ctx, pickSaveTarget: async () => null }
    const res = await runExport(t.db, cancelledCtx, 'export.meetingsIcs', {
      from: '2026-01-01',
      to: '2026-12-31',
    })
    expect(res).toEqual({ ok: true, value: null })
    expect(await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()).toEqual([])

    await exportIcs('export.meetingsIcs', { from: '2026-01-01', to: '2026-12-31' })
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', '导出').execute()
    expect(log.map((l) => l.entity)).toEqual(['议事会日程'])
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ from: '2026-01-01', to: '2026-12-31', count: 4 })
  })

  it('refuses bad input and an empty period in Chinese', async () => {
    expect(await runExport(t.db, t.ctx, 'export.meetingsIcs', { from: '2026-12-31', to: '2026-01-01' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '结束日期要晚于开始日期',
    })
    expect(await runExport(t.db, t.ctx, 'export.meetingsIcs', { from: '2026-02-30', to: '2026-03-01' })).toMatchObject({
      ok: false,
      message: '「开始日期」不是有效的日期',
    })
    expect(await runExport(t.db, t.ctx, 'export.meetingsIcs', { from: '2030-01-01', to: '2030-12-31' })).toMatchObject({
      ok: false,
      code: 'NOTHING_TO_EXPORT',
      message: '2030年1月1日至2030年12月31日没有会议，没有可导出的日程。',
    })
    expect(await runExport(t.db, t.ctx, 'export.meetingIcs', { meetingId: 9999 })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    })
  })
})

describe('foldOctets', () => {
  it('folds by octets without splitting a character and unfolds back to the same text', () => {
    const line = `DESCRIPTION:${'议事'.repeat(40)}abc😀${'会'.repeat(30)}`
    const folded = foldOctets(`BEGIN:VCALENDAR\r\n${line}\r\nEND:VCALENDAR\r\n`)
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe(`BEGIN:VCALENDAR\r\n${line}\r\nEND:VCALENDAR\r\n`)
    expect(folded).not.toContain('\uFFFD')
  })
})

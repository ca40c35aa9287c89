import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registry } from '.'
import { date, localDateTime, oneOf } from './fields'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { registryCalls } from '../testing/registry-calls'

/** The rules the boundary holds for every channel: phones, counts, dates, choices — refused in Chinese. */
let t: TempDb
beforeAll(async () => {
  t = await openTempDb()
})
afterAll(async () => t.cleanup())

const calls = registryCalls(() => t)
const call = calls.call
const refused = (channel: keyof typeof registry, input: unknown) => calls.refused(channel, input, 'INVALID_INPUT')
const rows = async (table: 'community' | 'residents' | 'rooms' | 'buildings') =>
  (await t.db.selectFrom(table).selectAll().execute()).length

describe('phone numbers', () => {
  const profile = { name: '幸福里社区', kind: '城市社区', address: '幸福路 88 号' }
  const resident = { name: '王芳', buildingId: null, unit: '', room: '', tags: [], note: '' }

  it('refuses a mistyped number on every phone field, naming the field', async () => {
    for (const phone of [
      '123',
      '12345',
      '1381234',
      '1381234567',
      '138123456789',
      '12345678',
      '2026-03-12',
      'call me',
    ]) {
      expect(await refused('community.saveProfile', { ...profile, phone })).toContain('「办公电话」不像电话号码')
      expect(await refused('people.create', { ...resident, phone })).toContain('「电话」不像电话号码')
    }
    expect(await rows('community')).toBe(0)
    expect(await rows('residents')).toBe(0)
  })

  it('accepts mobiles and landlines as offices write them, and no number at all', async () => {
    for (const phone of [
      '',
      '13812345678',
      '138 1234 5678',
      '+86 138 1234 5678',
      '62188000',
      '021-62188000',
      '(0571)88886666',
      '021-62188000转123',
    ]) {
      expect(await call('community.saveProfile', { ...profile, phone }), phone).toMatchObject({ ok: true })
      expect(await call('people.create', { ...resident, phone }), phone).toMatchObject({ ok: true })
    }
    expect(await rows('residents')).toBe(8)
  })
})

describe('counts', () => {
  it('refuses a negative room capacity, household or resident count instead of storing 未填 or 0', async () => {
    expect(await refused('meetings.createRoom', { name: '活动室', capacity: -10, note: '' })).toContain(
      '「容纳人数」不能是负数',
    )
    expect(await refused('meetings.createRoom', { name: '活动室', capacity: 1.5, note: '' })).toContain(
      '「容纳人数」应当是整数',
    )
    const building = { name: '1号楼', gridId: null, households: 40, residents: 100, note: '' }
    expect(await refused('community.createBuilding', { ...building, households: -5 })).toContain('「户数」不能是负数')
    expect(await refused('community.createBuilding', { ...building, residents: -1 })).toContain('「人数」不能是负数')
    expect(await refused('meetings.recordVote', { id: 1, for: -1, against: 0, abstain: 0 })).toContain(
      '「赞成票」不能是负数',
    )
    expect(await refused('meetings.recordAttendance', { meetingId: 1, guestCount: -3, entries: [] })).toContain(
      '不能是负数',
    )
    expect(await rows('rooms')).toBe(0)
    expect(await rows('buildings')).toBe(0)
    // Zero is a real answer (未填 for a room), and is kept.
    expect(await call('meetings.createRoom', { name: '活动室', capacity: 0, note: '' })).toMatchObject({ ok: true })
  })
})

describe('dates', () => {
  it('accepts 1900-01-01 to 2200-12-31 and nothing outside, on dates and date-times', () => {
    const d = date('日期')
    const dt = localDateTime('时间')
    for (const ok of ['1900-01-01', '2026-03-12', '2200-12-31']) {
      expect(d.safeParse(ok).success, ok).toBe(true)
      expect(dt.safeParse(`${ok}T19:00`).success, ok).toBe(true)
    }
    for (const far of ['1899-12-31', '2201-01-01', '9999-12-31', '0001-01-01']) {
      expect(d.safeParse(far).error?.issues.map((i) => i.message)).toEqual([
        '「日期」应在 1900 年到 2200 年之间，请检查年份',
      ])
      expect(dt.safeParse(`${far}T19:00`).success, far).toBe(false)
    }
  })

  it('refuses a far date on the calendar, a meeting, a series and a resolution', async () => {
    expect(await refused('meetings.list', { from: '9999-12-01', to: '9999-12-31' })).toContain('1900 年到 2200 年')
    expect(await refused('meetings.calendar', { from: '2026-01-01', to: '9999-12-31' })).toContain('2200 年')
    expect(await refused('meetings.calendar', { from: '2026-01-01', to: '2026-03-31' })).toBe('日历一次最多显示 62 天')
    const meeting = { kind: '议事会例会', title: '例会', roomId: null, councilId: null }
    expect(
      await refused('meetings.create', { ...meeting, start: '9999-12-31T19:00', end: '9999-12-31T21:00' }),
    ).toContain('「开始时间」应在 1900 年到 2200 年之间')
    expect(
      await refused('meetings.createSeries', {
        kind: '议事会例会',
        title: '例会',
        councilId: null,
        rule: { freq: 'weekly', interval: 1, weekday: 3 },
        startTime: '19:00',
        durationMinutes: 90,
        startsOn: '2026-01-07',
        end: { type: 'date', date: '9999-12-31', count: null },
        holidayPolicy: 'next',
        roomId: null,
      }),
    ).toContain('「结束日期」应在 1900 年到 2200 年之间')
    expect(await refused('dashboard.figures', { from: '1800-01-01', to: '2026-01-01' })).toContain('1900 年')
  })
})

describe('choices and structure', () => {
  it('lists the Chinese labels of a choice, never the program words', async () => {
    const message = await refused('meetings.moveItem', { id: 1, direction: 'sideways' })
    expect(message).toBe('「方向」只能选：上移、下移')
    expect(await refused('projection.control', { action: 'jump' })).toContain('开始投屏、下一项、上一项')
  })

  it('will not build a choice whose values a clerk cannot read, unless they come with labels', () => {
    expect(() => oneOf('方向', ['up', 'down'] as const)).toThrow(/不是中文/)
    expect(() => oneOf('方向', { up: 'Up', down: '下移' })).toThrow(/不是中文/)
    expect(oneOf('方向', { up: '上移', down: '下移' }).safeParse('up').success).toBe(true)
  })

  it("says what is wrong in a clerk's words where a schema has no message of its own", async () => {
    const series = {
      kind: '议事会例会',
      title: '例会',
      councilId: null,
      rule: { freq: 'weekly', interval: 1, weekday: 3 },
      startTime: '19:00',
      durationMinutes: 90,
      startsOn: '2026-01-07',
      end: { type: 'never', date: null, count: null },
      holidayPolicy: 'next',
      roomId: null,
    }
    expect(await refused('meetings.createSeries', { ...series, end: 'never' })).toBe('「结束方式」格式不对')
    expect(await refused('meetings.createSeries', { ...series, end: { ...series.end, extra: 1 } })).toBe(
      '提交的内容里有多余的项目，请刷新后重试',
    )
    expect(await refused('meetings.recordAttendance', { meetingId: 1, guestCount: 0, entries: ['张三'] })).toBe(
      '「出席名单」第 1 项格式不对',
    )
    expect(
      await refused('meetings.saveMinutes', {
        meetingId: 1,
        body: '',
        outcomes: Array.from({ length: 201 }, (_, i) => ({ itemId: i + 1, outcome: '' })),
      }),
    ).toBe('「议定结果」最多 200 项')
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { bookFrom, holidayBook, lastKnownHolidayYear } from './calendar-days'
import { holidayYear, saveHolidayYear } from './holiday-service'
import * as meetings from './meeting-service'
import * as series from './series-service'
import { adviseSchedule } from './schedule-check'
import { registry } from '../registry'

/**
 * The first year the `chinese-days` package does not know (2027 at the time of writing; it moves on
 * by itself when the package is updated, so these tests never depend on the package's lag).
 */
const Y = lastKnownHolidayYear() + 1
const KNOWN = lastKnownHolidayYear()
const NOW = `${Y - 1}-12-01T02:00:00.000Z`

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

/** A Spring Festival week in the unknown year, and two weekend days worked for it. */
async function weekendDays(year: number, n: number): Promise<string[]> {
  const out: string[] = []
  for (let d = new Date(`${year}-02-01T00:00:00Z`); out.length < n; d.setUTCDate(d.getUTCDate() + 1)) {
    if ([0, 6].includes(d.getUTCDay())) out.push(d.toISOString().slice(0, 10))
  }
  return out
}
const festival = { name: '春节', from: `${Y}-02-10`, to: `${Y}-02-16` }

describe('holidays the office enters', () => {
  it('marks the days of a year the package does not know, and the package keeps the years it knows', async () => {
    expect((await holidayBook(t.db)).dayInfo(`${Y}-02-11`)).toMatchObject({ known: false, holiday: null })
    const [sat] = await weekendDays(Y, 1)
    const workday = { date: sat!, name: '春节' }
    await saveHolidayYear(t.db, { year: Y, holidays: [festival], workdays: [workday] }, NOW)

    const book = await holidayBook(t.db)
    expect(book.officeYears).toEqual([Y])
    expect(book.dayInfo(`${Y}-02-11`)).toMatchObject({ holiday: '春节', workday: false, known: true, source: 'office' })
    expect(book.dayInfo(workday.date)).toMatchObject({ workday: true, adjustedWorkday: true, source: 'office' })
    expect(book.dayInfo(`${Y}-03-03`)).toMatchObject({ holiday: null, known: true })
    const days = meetings.calendarDays(`${Y}-02-09`, `${Y}-02-17`, book)
    expect(days.filter((d) => d.holiday === '春节').map((d) => d.date)).toHaveLength(7)
    // The scheduling advice sees the holiday too.
    expect(adviseSchedule(`${Y}-02-11T19:00`, `${Y}-02-11T21:00`, book).warnings.join()).toContain('春节')

    // For a year the package knows, the office's entries (typed before the update) are not used.
    const stale = bookFrom([{ date: `${KNOWN}-03-03`, year: KNOWN, kind: '休', name: '错录' }])
    expect(stale.dayInfo(`${KNOWN}-03-03`)).toMatchObject({ holiday: null, source: 'package' })
    expect(stale.dayInfo(`${KNOWN}-10-01`)).toMatchObject({ holiday: '国庆节', source: 'package' })
    expect(stale.officeYears).toEqual([])
  })

  it('says on the screen which source is used, and refuses entering a year the package knows', async () => {
    await saveHolidayYear(t.db, { year: Y, holidays: [festival], workdays: [] }, NOW)
    const mine = await holidayYear(t.db, Y)
    expect(mine).toMatchObject({ source: 'office', packageKnows: false })
    expect(mine.inUse.holidays).toEqual([festival])
    const known = await holidayYear(t.db, KNOWN)
    expect(known).toMatchObject({ source: 'package', packageKnows: true, office: null })
    expect(known.inUse.holidays.map((h) => h.name)).toContain('国庆节')
    await expect(saveHolidayYear(t.db, { year: KNOWN, holidays: [festival], workdays: [] }, NOW)).rejects.toThrow(
      '以程序里的为准',
    )
    // An entry kept from before the package knew the year is shown as overridden.
    await t.db
      .insertInto('office_holidays')
      .values({ date: `${KNOWN}-02-20`, year: KNOWN, kind: '休', name: '春节', updated_at: NOW })
      .execute()
    const overridden = await holidayYear(t.db, KNOWN)
    expect(overridden.source).toBe('package')
    expect(overridden.office?.holidays).toEqual([{ name: '春节', from: `${KNOWN}-02-20`, to: `${KNOWN}-02-20` }])
    const log = await t.db.selectFrom('audit_log').select('entity').where('entity', '=', '节假日安排').execute()
    expect(log).toHaveLength(1)
  })

  it('refuses entries a notice cannot have, in words a clerk understands', async () => {
    const save = (holidays: (typeof festival)[], workdays: Array<{ date: string; name: string }> = []) =>
      saveHolidayYear(t.db, { year: Y, holidays, workdays }, NOW)
    await expect(save([{ ...festival, from: `${Y}-02-16`, to: `${Y}-02-10` }])).rejects.toThrow('最后一天要晚于第一天')
    await expect(save([{ ...festival, from: `${Y + 1}-02-10`, to: `${Y + 1}-02-16` }])).rejects.toThrow(`不在${Y}年内`)
    await expect(save([festival, { name: '元宵', from: `${Y}-02-16`, to: `${Y}-02-17` }])).rejects.toThrow('同时填在')
    await expect(save([{ ...festival, to: `${Y}-03-10` }])).rejects.toThrow('超过 15 天')
    const monday = [...Array(7)]
      .map((_, i) => `${Y}-03-0${i + 1}`)
      .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1)!
    await expect(save([festival], [{ date: monday, name: '春节' }])).rejects.toThrow('本来就上班')
    const [sat] = await weekendDays(Y, 1)
    await expect(save([festival], [{ date: sat!, name: '清明节' }])).rejects.toThrow('要对应上面填写的某个节日')
    expect(await t.db.selectFrom('office_holidays').select('date').execute()).toEqual([])
  })

  it('re-places untouched series meetings that fall in the holidays once they are entered', async () => {
    // Every Thursday from January of the unknown year, moved to the next working day on a holiday.
    const { seriesId } = await series.createSeries(t.db, {
      kind: '议事会例会',
      title: '周四例会',
      councilId: null,
      rule: { freq: 'weekly', interval: 1, weekday: 4 },
      startTime: '19:00',
      durationMinutes: 90,
      startsOn: `${Y}-01-01`,
      end: { type: 'date', date: `${Y}-03-31` },
      holidayPolicy: 'skip',
      roomId: null,
      host: '',
      recorder: '',
    })
    const thursday = [10, 11, 12, 13, 14, 15, 16]
      .map((d) => `${Y}-02-${d}`)
      .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 4)!
    const dates = async () =>
      (await t.db.selectFrom('meetings').select('occurrence_date').where('series_id', '=', seriesId).execute()).map(
        (m) => m.occurrence_date,
      )
    expect(await dates()).toContain(thursday)
    // Through the registry, as the screen calls it.
    const res = await registry['holidays.saveYear'].run(t.db, { year: Y, holidays: [festival], workdays: [] }, t.ctx)
    expect(res).toMatchObject({ days: 7, removed: 1 })
    expect(await dates()).not.toContain(thursday)
    // Taking the holiday out again brings the meeting back.
    await saveHolidayYear(t.db, { year: Y, holidays: [], workdays: [] }, NOW)
    expect(await dates()).toContain(thursday)
  })
})

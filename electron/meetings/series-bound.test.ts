import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { nowIso, officeDate } from '../../shared/time'
import { addDays } from '../../shared/dates'
import * as meetings from './meeting-service'
import * as series from './series-service'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const today = officeDate(nowIso())
const weekly = (over: Partial<series.SeriesInput> = {}): series.SeriesInput => ({
  kind: '议事会例会',
  title: '周四议事会',
  councilId: null,
  rule: { freq: 'weekly', interval: 1, weekday: 4 },
  startTime: '19:00',
  durationMinutes: 120,
  startsOn: today,
  end: { type: 'never' },
  holidayPolicy: 'keep',
  roomId: null,
  host: '',
  recorder: '',
  ...over,
})
const count = async () =>
  Number(
    (
      await t.db
        .selectFrom('meetings')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const PLAIN = /^\d{4}-\d{2}-\d{2}$/

describe('series materialisation is bounded', () => {
  it('never creates occurrences past today + 2 years, however far the calendar is browsed', async () => {
    await series.createSeries(t.db, weekly())
    const horizon = series.seriesHorizon()
    const to2099 = await meetings.listMeetings(t.db, { from: today, to: '2099-12-31' })
    // Weekly for two years: about 105, not the thousands a list up to 2099 used to make.
    expect(to2099.length).toBeGreaterThan(100)
    expect(to2099.length).toBeLessThanOrEqual(106)
    expect(to2099.every((m) => m.start.slice(0, 10) < horizon)).toBe(true)
    const s = await t.db.selectFrom('meeting_series').select('materialized_until').executeTakeFirstOrThrow()
    expect(s.materialized_until).toBe(horizon)
    // Browsing the same range again creates nothing more.
    await meetings.listMeetings(t.db, { from: today, to: '2199-12-31' })
    expect(await count()).toBe(to2099.length)
  })

  it('refuses December 9999 with a clear message and leaves no date outside 4-digit years', async () => {
    await series.createSeries(t.db, weekly())
    await expect(meetings.listMeetings(t.db, { from: '9999-12-01', to: '9999-12-31' })).rejects.toMatchObject({
      code: 'DATE_OUT_OF_RANGE',
      message: expect.stringContaining('日期超出了能处理的范围'),
    })
    const rows = await t.db.selectFrom('meetings').select(['occurrence_date', 'starts_at']).execute()
    expect(rows.every((r) => PLAIN.test(r.occurrence_date!) && PLAIN.test(r.starts_at.slice(0, 10)))).toBe(true)
    const s = await t.db.selectFrom('meeting_series').select('materialized_until').executeTakeFirstOrThrow()
    expect(PLAIN.test(s.materialized_until) && s.materialized_until <= series.seriesHorizon()).toBe(true)
    // And the calendar still lists afterwards.
    const month = await meetings.listMeetings(t.db, { from: today, to: addDays(today, 30) })
    expect(month.length).toBeGreaterThanOrEqual(4)
  })

  it('creates at most a few hundred rows per call and finishes the rest on the next, keeping each rhythm', async () => {
    // Five series created with nothing yet materialised (as if the office had not opened the app for a year).
    for (const weekday of [1, 2, 3, 4, 5]) {
      const rule = { freq: 'weekly' as const, interval: weekday === 5 ? 2 : 1, weekday }
      await t.db
        .insertInto('meeting_series')
        .values({
          council_id: null,
          kind: '议事会例会',
          title: `系列${weekday}`,
          rule: JSON.stringify(rule),
          start_time: '19:00',
          duration_minutes: 60,
          starts_on: today,
          end_type: 'never',
          end_date: null,
          end_count: null,
          holiday_policy: 'keep',
          room_id: null,
          host: '',
          recorder: '',
          materialized_until: today,
          created_at: nowIso(),
        })
        .execute()
    }
    await series.ensureSeriesMaterialized(t.db, '2199-12-31')
    expect(await count()).toBe(series.MAX_NEW_OCCURRENCES)
    await series.ensureSeriesMaterialized(t.db, '2199-12-31')
    const all = await t.db
      .selectFrom('meetings as m')
      .innerJoin('meeting_series as s', 's.id', 'm.series_id')
      .select(['s.title', 'm.occurrence_date'])
      .orderBy('m.occurrence_date')
      .execute()
    const horizon = series.seriesHorizon()
    // Four weekly series and one fortnightly, two years each, no gaps, no repeats.
    const fortnightly = all.filter((m) => m.title === '系列5').map((m) => m.occurrence_date!)
    expect(fortnightly.slice(1).every((d, i) => d === addDays(fortnightly[i]!, 14))).toBe(true)
    const tuesdays = all.filter((m) => m.title === '系列2').map((m) => m.occurrence_date!)
    expect(tuesdays.slice(1).every((d, i) => d === addDays(tuesdays[i]!, 7))).toBe(true)
    expect(addDays(tuesdays.at(-1)!, 7) >= horizon).toBe(true)
    expect(all.every((m) => m.occurrence_date! < horizon)).toBe(true)
    expect(all.length).toBeGreaterThan(series.MAX_NEW_OCCURRENCES)
    expect(all.length).toBeLessThanOrEqual(4 * 105 + 53)
  })

  it('creates a long counted series as far as the horizon, then extends it to its last meeting', async () => {
    const created = await series.createSeries(t.db, weekly({ end: { type: 'count', count: 200 } }))
    expect(created.created).toBeLessThanOrEqual(106)
    const s = await t.db.selectFrom('meeting_series').select('materialized_until').executeTakeFirstOrThrow()
    expect(s.materialized_until).toBe(series.seriesHorizon())
    // Two years later the horizon has moved: the series goes on to exactly 200, then is complete.
    const later = addDays(today, 366 * 3)
    await series.ensureSeriesMaterialized(t.db, addDays(later, 400), later)
    await series.ensureSeriesMaterialized(t.db, addDays(later, 800), addDays(later, 400))
    expect(await count()).toBe(200)
    const done = await t.db.selectFrom('meeting_series').select('materialized_until').executeTakeFirstOrThrow()
    expect(done.materialized_until).toBe(series.SERIES_COMPLETE)
  })

  it('refuses a series that starts beyond the horizon, and tells the calendar where occurrences stop', async () => {
    await expect(
      series.createSeries(t.db, weekly({ startsOn: addDays(series.seriesHorizon(), 10) })),
    ).rejects.toMatchObject({ code: 'TOO_FAR_AHEAD' })
    expect(await series.seriesScheduledUntil(t.db, '2199-12-31')).toBeNull() // no series yet
    await series.createSeries(t.db, weekly())
    expect(await series.seriesScheduledUntil(t.db, addDays(today, 30))).toBeNull()
    expect(await series.seriesScheduledUntil(t.db, '2199-12-31')).toBe(addDays(series.seriesHorizon(), -1))
  })
})

describe('addDays', () => {
  it('stays within 4-digit years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(() => addDays('9999-12-31', 1)).toThrow('日期超出了能处理的范围')
    expect(() => addDays('not a date', 1)).toThrow('日期超出了能处理的范围')
  })

  it('lets the calendar day facts reach the last day of year 9999 without asking for the day after', () => {
    expect(meetings.calendarDays('9999-12-25', '9999-12-31').map((d) => d.date)).toHaveLength(7)
  })
})

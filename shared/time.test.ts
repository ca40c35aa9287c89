import { describe, expect, it } from 'vitest'
import { fileStamp, OFFICE_TIME_ZONE, officeDate, officeDateTime, officeLocalToUtc } from './time'

/** The reference: Intl with the real time-zone database, as the copies this file replaced did it. */
const INTL = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})
function intlWallClock(ms: number): string {
  const p = Object.fromEntries(INTL.formatToParts(ms).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`
}

/** Deterministic spread of moments: every year from 1992 to 2199, plus the edges of days and years. */
function moments(): number[] {
  let seed = 20260312
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const from = Date.UTC(1992, 0, 1)
  const to = Date.UTC(2200, 0, 1)
  const out: number[] = []
  for (let i = 0; i < 3000; i++) out.push(Math.floor(from + random() * (to - from)))
  for (let year = 1992; year < 2200; year += 7) {
    // Office midnight is 16:00 UTC the day before: one millisecond either side, and New Year's Eve.
    for (const ms of [
      Date.UTC(year, 0, 1, 16) - 1,
      Date.UTC(year, 0, 1, 16),
      Date.UTC(year, 11, 31, 15, 59, 59, 999),
    ]) {
      out.push(ms)
    }
    out.push(Date.UTC(year, 1, 28, 16), Date.UTC(year, 1, 29, 15, 59)) // 29 Feb or 1 Mar, leap years or not
  }
  return out
}

describe('办公室的钟：固定 +08:00（中国自 1992 年起全年不实行夏令时）', () => {
  const all = moments()

  it(`reads ${all.length} moments across two centuries exactly as Intl's Asia/Shanghai does`, () => {
    expect(all.length).toBeGreaterThan(1000)
    const differ = all.filter((ms) => {
      const intl = intlWallClock(ms)
      return (
        officeDateTime(ms) !== intl.slice(0, 16) ||
        officeDateTime(new Date(ms)) !== intl.slice(0, 16) ||
        officeDateTime(new Date(ms).toISOString()) !== intl.slice(0, 16) ||
        officeDate(ms) !== intl.slice(0, 10) ||
        fileStamp(ms) !== intl.replace(/-|:/g, '').replace('T', '-')
      )
    })
    expect(differ.map((ms) => new Date(ms).toISOString())).toEqual([])
  })

  it('an office-local time converts back to the same moment', () => {
    for (const ms of all) {
      const minute = ms - (((ms % 60_000) + 60_000) % 60_000)
      expect(officeLocalToUtc(officeDateTime(ms))).toBe(new Date(minute).toISOString())
    }
  })

  it('the date turns at midnight in the office, not at the machine’s midnight', () => {
    expect(officeDate('2026-11-20T16:30:00Z')).toBe('2026-11-21')
    expect(officeDate('2026-11-20T15:59:59.999Z')).toBe('2026-11-20')
    expect(officeDateTime('2026-12-31T16:00:00.000Z')).toBe('2027-01-01T00:00')
    expect(fileStamp(new Date('2026-11-21T10:30:05Z'))).toBe('20261121-183005')
    expect(officeLocalToUtc('2026-03-12 19:00')).toBe('2026-03-12T11:00:00.000Z')
  })

  it('today and now by default', () => {
    const before = Date.now()
    const date = officeDate()
    const dateTime = officeDateTime()
    const after = Date.now()
    expect([officeDate(before), officeDate(after)]).toContain(date)
    expect([officeDateTime(before), officeDateTime(after)]).toContain(dateTime)
  })

  it('an invalid moment is refused as Intl refuses it', () => {
    expect(() => officeDate('not a date')).toThrow(RangeError)
    expect(() => INTL.format(new Date('not a date'))).toThrow(RangeError)
  })
})

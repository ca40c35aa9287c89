import { describe, expect, it } from 'vitest'
import {
  ageOn,
  addClock,
  addDays,
  addMonths,
  chineseDate,
  daysBetween,
  isDate,
  isoWeekday,
  meetingWhen,
  minutesBetween,
  mmss,
  monthEnd,
  startOfWeek,
  whenText,
} from './dates'
import { officeDate } from './time'

describe('日程的日期计算（按办公室的日历，不受电脑时区影响）', () => {
  it('加减天数：每个日期、每种跨度都与按 Date 解析的结果相同，超出 1000—9999 年仍然拒绝', () => {
    // The reference: parse, add, print (what addDays did before its fast path).
    const viaDate = (date: string, days: number) => {
      const d = new Date(`${date}T00:00:00Z`)
      d.setUTCDate(d.getUTCDate() + days)
      const out = d.toISOString().slice(0, 10)
      return /^\d{4}-\d{2}-\d{2}$/.test(out) && out >= '1000-01-01' ? out : 'refused'
    }
    const tried = (date: string, days: number) => {
      try {
        return addDays(date, days)
      } catch {
        return 'refused'
      }
    }
    const differ: string[] = []
    for (let ms = Date.UTC(1000, 0, 1); ms <= Date.UTC(9999, 11, 31); ms += 86_400_000 * 97) {
      const date = new Date(ms).toISOString().slice(0, 10)
      for (const days of [-400, -29, -1, 0, 1, 6, 28, 41, 366]) {
        if (tried(date, days) !== viaDate(date, days)) differ.push(`${date} ${days}`)
      }
    }
    // Every day of a leap year and its neighbours, every span within a month either way.
    for (let ms = Date.UTC(2023, 11, 1); ms <= Date.UTC(2025, 2, 1); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10)
      for (let days = -31; days <= 31; days++) {
        if (tried(date, days) !== viaDate(date, days)) differ.push(`${date} ${days}`)
      }
    }
    expect(differ).toEqual([])
    for (const [date, days] of [
      ['2026-02-28', 1],
      ['2024-02-28', 1],
      ['2026-12-31', 1],
      ['9999-12-25', 7],
      ['1000-01-01', -1],
      ['2026-02-30', 1],
      ['2026-02-29', -1],
      ['2024-02-29', 0],
      ['2026-04-31', -1],
    ] as const) {
      expect(tried(date, days), `${date} + ${days}`).toBe(viaDate(date, days))
    }
  })

  it('是否日期、星期几：按算术判断，与按 Date 解析的结果逐日相同（含闰年、每月 29—32 日、0000—9999 年）', () => {
    const viaDate = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }
    const weekdayViaDate = (s: string) => {
      const day = new Date(`${s}T00:00:00Z`).getUTCDay()
      return day === 0 ? 7 : day
    }
    const pad = (n: number, w: number) => String(n).padStart(w, '0')
    const differ: string[] = []
    const years = [0, 1, 4, 99, 100, 400, 999, 1000, 1600, 1700, 1800, 1900, 2000, 2023, 2024, 2100, 2400, 9999]
    for (let y = 1990; y <= 2040; y++) years.push(y)
    for (const y of years) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`
          if (isDate(s) !== viaDate(s)) differ.push(`isDate ${s}`)
          if (viaDate(s) && isoWeekday(s) !== weekdayViaDate(s)) differ.push(`isoWeekday ${s}`)
        }
      }
    }
    for (let ms = Date.parse('0000-01-01T00:00:00Z'); ms <= Date.UTC(9999, 11, 31); ms += 86_400_000 * 13) {
      const s = new Date(ms).toISOString().slice(0, 10)
      if (/^\d{4}-/.test(s) && isoWeekday(s) !== weekdayViaDate(s)) differ.push(`isoWeekday ${s}`)
    }
    expect(differ).toEqual([])
    for (const s of ['2026-1-01', '2026-01-1', ' 2026-01-01', '2026-01-01\n', '２０２６-01-01', '2026/01/01', '']) {
      expect(isDate(s), s).toBe(false)
    }
  })

  it('月历从周一开始：2026 年 10 月的格子是 9 月 28 日到 11 月 1 日', () => {
    expect(isoWeekday('2026-10-01')).toBe(4)
    expect(startOfWeek('2026-10-01')).toBe('2026-09-28')
    expect(monthEnd('2026-10-15')).toBe('2026-10-31')
    expect(addDays(startOfWeek(monthEnd('2026-10-01')), 6)).toBe('2026-11-01')
    expect(startOfWeek('2026-11-01')).toBe('2026-10-26') // a Sunday belongs to the week before
  })

  it('上个月、下个月跨年也对；二月底和闰年', () => {
    expect(addMonths('2026-12-31', 1)).toBe('2027-01-01')
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-01')
    expect(addMonths('2026-10-08', -22)).toBe('2024-12-01')
    expect(monthEnd('2028-02-03')).toBe('2028-02-29')
    expect(monthEnd('2026-02-03')).toBe('2026-02-28')
  })

  it('“今天”按北京时间算：UTC 16:30 已是第二天', () => {
    expect(officeDate(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-21')
    expect(officeDate(new Date('2026-11-20T15:59:00Z'))).toBe('2026-11-20')
  })

  it('时间与时长', () => {
    expect(minutesBetween('19:00', '21:00')).toBe(120)
    expect(minutesBetween('19:30', '18:00')).toBe(-90)
    expect(addClock('19:00', 90)).toBe('20:30')
    expect(addClock('23:00', 120)).toBe('23:59')
    expect(mmss(754)).toBe('12:34')
    expect(mmss(-61)).toBe('01:01')
    expect(meetingWhen('2026-10-08T19:00', '2026-10-08T21:00')).toBe('2026年10月8日（周四） 19:00–21:00')
    expect(whenText('2026-11-05T19:00')).toBe('2026年11月5日（周四） 19:00')
  })

  it('只认真实存在的日期', () => {
    expect(isDate('2026-10-08')).toBe(true)
    expect(isDate('2026-02-30')).toBe(false)
    expect(isDate('20261008')).toBe(false)
    expect(isDate(undefined)).toBe(false)
  })
})

describe('日期之间的天数和中文写法', () => {
  it('counts whole days across months, leap days and years', () => {
    expect(daysBetween('2026-03-12', '2026-03-12')).toBe(0)
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1)
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1)
    expect(daysBetween('2027-01-01', '2026-01-01')).toBe(-365)
  })

  it('writes a date, or the date of a date-time, the Chinese way; other text stays as it is', () => {
    expect(chineseDate('2026-03-12')).toBe('2026年3月12日')
    expect(chineseDate('2026-03-12T19:00')).toBe('2026年3月12日')
    expect(chineseDate('')).toBe('')
    expect(chineseDate(null)).toBe('')
    expect(chineseDate('待定')).toBe('待定')
  })
})

describe('周岁 from a birth date', () => {
  it('counts whole years: the day before the birthday one less, a 29 February birthday on 1 March', () => {
    expect(ageOn('1956-03-02', '2026-03-01')).toBe(69)
    expect(ageOn('1956-03-02', '2026-03-02')).toBe(70)
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0)
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1)
    expect(ageOn('2026-12-01', '2026-12-01')).toBe(0)
  })
})

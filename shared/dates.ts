import { AppError } from './app-error'

/**
 * Calendar arithmetic on office-local strings ('YYYY-MM-DD', 'YYYY-MM-DDTHH:mm'), as the backend
 * takes and returns them, and how a clerk reads them. Dates are computed as UTC midnights, so the
 * machine's own time zone never shifts a day; reading the office's clock ("today", the date of a
 * stamp) is time.ts.
 */

export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string') return false
  const parts = DATE_PARTS.exec(s)
  return parts !== null && realDay(Number(parts[1]), Number(parts[2]), Number(parts[3]))
}

/**
 * Whether y-m-d is a day of the proleptic Gregorian calendar (what Date parses): months 1–12, the
 * month's own length, 29 February in leap years. Arithmetic, not a Date: a calendar page asks this
 * of each of its days, and parsing and printing a Date costs a microsecond each time.
 */
function realDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= monthLength(y, m)
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const
function monthLength(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_LENGTHS[m - 1]!
}

const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/**
 * Adds whole days to a 'YYYY-MM-DD' date. The result always has a 4-digit year: past 9999
 * JavaScript writes "+010000-01-01", which sorts before every real date as text, so a loop running
 * "while date < until" never ends (that hung the calendar for good). Such a date, or one that is
 * not a date at all, is refused instead.
 */
export function addDays(date: string, days: number): string {
  // The common cases without parsing and printing a Date (a calendar page adds a day 42 times):
  // a real date in years 1000–9999 whose result stays in its month is plain arithmetic; one that
  // leaves its month goes through Date.setUTCFullYear. Both equal the parser's answer.
  const parts = DATE_PARTS.exec(date)
  if (parts && Number.isInteger(days)) {
    const [y, m, dd] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
    if (y >= 1000 && realDay(y, m, dd)) {
      const day = dd + days
      if (day >= 1 && day <= monthLength(y, m)) return `${parts[1]}-${parts[2]}-${two(day)}`
      const t = new Date(0)
      t.setUTCFullYear(y, m - 1, day)
      const ty = t.getUTCFullYear()
      if (ty >= 1000 && ty <= 9999) return `${ty}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`
    }
  }
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  const out = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out) || out < '1000-01-01') {
    throw new AppError('DATE_OUT_OF_RANGE', '日期超出了能处理的范围，请检查日期（年份要在 1000—9999 之间）。')
  }
  return out
}

/** Whole days from one 'YYYY-MM-DD' date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const parts = DATE_PARTS.exec(date)
  if (parts) {
    const [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
    // Sakamoto's rule for the proleptic Gregorian calendar, as Date counts: 0 = Sunday.
    if (realDay(y, m, d)) {
      const yy = m < 3 ? y - 1 : y
      const sunday0 =
        (((yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + WEEKDAY_OFFSET[m - 1]! + d) % 7) +
          7) %
        7
      return sunday0 === 0 ? 7 : sunday0
    }
  }
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}
const WEEKDAY_OFFSET = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const

export const startOfWeek = (date: string) => addDays(date, 1 - isoWeekday(date))
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`
export function monthEnd(date: string): string {
  return addDays(addMonths(date, 1), -1)
}
/** The first day of the month `n` months away. */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + n
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12
  return `${year}-${String(month + 1).padStart(2, '0')}-01`
}

/**
 * '2026-03-12' (or the date of '2026-03-12T19:00') → '2026年3月12日', how dates are written in a
 * 台账; anything else is returned as it is ('' for nothing).
 */
export function chineseDate(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '')
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : (date ?? '')
}
export function monthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number)
  return `${m}月${d}日`
}
export const chineseMonth = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月`

export const dateOf = (local: string) => local.slice(0, 10)
export const timeOf = (local: string) => local.slice(11, 16)

/** "2026年10月8日（周四） 19:00–21:00" */
export function meetingWhen(start: string, end: string): string {
  const d = dateOf(start)
  const endText = dateOf(end) === d ? timeOf(end) : `${monthDay(dateOf(end))} ${timeOf(end)}`
  return `${chineseDate(d)}（${WEEKDAYS[isoWeekday(d)]}） ${timeOf(start)}–${endText}`
}

/** Minutes from one 'HH:mm' to another on the same day (negative when the second is earlier). */
export function minutesBetween(from: string, to: string): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
  return m(to) - m(from)
}

/** 'HH:mm' plus minutes, kept within the day (23:59 at most). */
export function addClock(time: string, minutes: number): string {
  const total = Math.min(23 * 60 + 59, Math.max(0, Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes))
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/** 754 → "12:34"; a negative count gives the overrun, unsigned. */
export function mmss(seconds: number): string {
  const s = Math.abs(Math.trunc(seconds))
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** "2026年11月5日（周四） 19:00" */
export function whenText(local: string): string {
  const d = dateOf(local)
  return `${chineseDate(d)}（${WEEKDAYS[isoWeekday(d)]}） ${timeOf(local)}`
}

/** "2026-03-12T09:30" (office-local) → "2026年3月12日 09:30": how every screen writes a moment. */
export function stampText(local: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(local ?? '')
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}` : ''
}

/** 周岁: whole years from a 'YYYY-MM-DD' birth date to `today` (a 29 Feb birthday counts on 1 Mar). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years
}

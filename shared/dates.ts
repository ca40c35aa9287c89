/**
 * Calendar arithmetic on office-local strings ('YYYY-MM-DD', 'YYYY-MM-DDTHH:mm'), as the backend
 * takes and returns them. Dates are computed as UTC midnights, so the machine's own time zone
 * never shifts a day; "today" is read on the office's clock (Asia/Shanghai).
 */
const TZ = 'Asia/Shanghai'

export const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

export function officeToday(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {})
  return `${parts.year}-${parts.month}-${parts.day}`
}

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

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

export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
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

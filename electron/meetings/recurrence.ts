import { addDays, chineseDate, isoWeekday } from '../../shared/dates'
import { PACKAGE_BOOK, type HolidayBook } from './calendar-days'

/**
 * Recurring council sessions: "每月第二个周四", "每两周的周六". Pure date arithmetic on office-local
 * 'YYYY-MM-DD' dates; times are added by the caller.
 */
export type RecurrenceRule =
  | { freq: 'monthly'; interval: number; nth: 1 | 2 | 3 | 4 | -1; weekday: number }
  | { freq: 'weekly'; interval: number; weekday: number }

export type HolidayPolicy = 'skip' | 'next' | 'keep'

export interface SeriesEnd {
  type: 'never' | 'date' | 'count'
  date?: string | null
  count?: number | null
}

export interface Occurrence {
  /** The date the rule gives. */
  ruleDate: string
  /** The date the meeting is held (differs when moved off a holiday). */
  date: string
  /** Why it differs or what to know, in Chinese; '' when nothing. */
  note: string
}

const NTH_NAMES: Record<string, string> = {
  '1': '第一个',
  '2': '第二个',
  '3': '第三个',
  '4': '第四个',
  '-1': '最后一个',
}
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

export function describeRule(rule: RecurrenceRule): string {
  if (rule.freq === 'monthly') {
    return `${rule.interval === 1 ? '每月' : `每${rule.interval}个月`}${NTH_NAMES[String(rule.nth)]}${WEEKDAYS[rule.weekday]}`
  }
  return `${rule.interval === 1 ? '每周' : `每${rule.interval}周的`}${WEEKDAYS[rule.weekday]}`
}

/** Dates the rule gives on or after `from`, before `until` (exclusive), ignoring holidays. */
export function* ruleDates(rule: RecurrenceRule, startsOn: string, until: string): Generator<string> {
  if (rule.freq === 'weekly') {
    let d = startsOn
    while (isoWeekday(d) !== rule.weekday) d = addDays(d, 1)
    for (; d < until; d = addDays(d, 7 * rule.interval)) yield d
    return
  }
  let year = Number(startsOn.slice(0, 4))
  let month = Number(startsOn.slice(5, 7))
  for (;;) {
    const d = nthWeekdayOfMonth(year, month, rule.nth, rule.weekday)
    if (d >= until) return
    if (d >= startsOn) yield d
    month += rule.interval
    while (month > 12) {
      month -= 12
      year += 1
    }
  }
}

function nthWeekdayOfMonth(year: number, month: number, nth: number, weekday: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`
  if (nth === -1) {
    const nextMonthFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
    let d = addDays(nextMonthFirst, -1)
    while (isoWeekday(d) !== weekday) d = addDays(d, -1)
    return d
  }
  let d = first
  while (isoWeekday(d) !== weekday) d = addDays(d, 1)
  return addDays(d, 7 * (nth - 1))
}

/**
 * Whether residents can come on this day. A statutory holiday is unsuitable (people travel); so is a
 * weekend day turned into a working day (调休) for a series meant for the weekend.
 */
function unsuitable(date: string, weekendSeries: boolean, book: HolidayBook): string | null {
  const info = book.dayInfo(date)
  if (info.holiday) return `${info.holiday}假期`
  if (weekendSeries && info.adjustedWorkday) return '调休上班日'
  return null
}

/**
 * Occurrences of a series, applying the holiday policy, up to `until` (exclusive) and the series end.
 * `next` moves to the next suitable day (for a weekday-evening series the next working day, for a
 * weekend series the next weekend day). `book` answers which days are holidays (the package's
 * arrangement, plus the office's own entries for a year the package does not know yet).
 */
export function occurrences(
  rule: RecurrenceRule,
  startsOn: string,
  end: SeriesEnd,
  policy: HolidayPolicy,
  until: string,
  book: HolidayBook = PACKAGE_BOOK,
): Occurrence[] {
  const limit = end.type === 'date' && end.date && end.date < until ? addDays(end.date, 1) : until
  const weekendSeries = rule.weekday >= 6
  const out: Occurrence[] = []
  let counted = 0
  for (const ruleDate of ruleDates(rule, startsOn, limit)) {
    if (end.type === 'count' && counted >= (end.count ?? 0)) break
    counted++
    const reason = unsuitable(ruleDate, weekendSeries, book)
    if (!reason) {
      out.push({ ruleDate, date: ruleDate, note: '' })
      continue
    }
    if (policy === 'skip') continue
    if (policy === 'keep') {
      out.push({ ruleDate, date: ruleDate, note: `适逢${reason}，按原日期举行` })
      continue
    }
    let moved = addDays(ruleDate, 1)
    for (let guard = 0; guard < 21; guard++, moved = addDays(moved, 1)) {
      const info = book.dayInfo(moved)
      const weekend = isoWeekday(moved) >= 6
      const rightKind = weekendSeries ? weekend && !info.adjustedWorkday : !weekend && info.workday
      if (rightKind && !unsuitable(moved, weekendSeries, book)) break
    }
    out.push({ ruleDate, date: moved, note: `原定${chineseDate(ruleDate)}适逢${reason}，顺延` })
  }
  return out
}

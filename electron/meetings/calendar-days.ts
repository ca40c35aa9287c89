import chineseDays from 'chinese-days'
import { isoWeekday } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { prepared } from '../database/prepared'

/**
 * Chinese statutory holidays and adjusted working days (调休). Two sources:
 *
 * - the `chinese-days` package, which follows the State Council's yearly notice; it wins for every
 *   year it covers (update path: `npm update chinese-days` and release);
 * - the office's own entries (table office_holidays, screen 节假日安排), typed in from the notice
 *   that the State Council publishes in November–December, for a year the package does not know
 *   yet. The package can lag by months, and meetings of January and February are planned before.
 *
 * A year neither knows is treated as ordinary weekdays and weekends, and `known` is false so the
 * screens can say so.
 */
export interface DayInfo {
  date: string
  weekday: number
  /** A working day: Monday–Friday unless a holiday, or a weekend day made a working day (调休). */
  workday: boolean
  /** Chinese name of the statutory holiday, e.g. 国庆节; null on other days. */
  holiday: string | null
  /** A weekend day on which people work because of a holiday swap. */
  adjustedWorkday: boolean
  /** Whether this year's official arrangement is known (from the package or the office's entries). */
  known: boolean
  /** Where the arrangement comes from: 'package', 'office', or null when the year is unknown. */
  source: 'package' | 'office' | null
}

/** Answers day facts for any date. Load one with `holidayBook(db)`; `PACKAGE_BOOK` knows the package only. */
export interface HolidayBook {
  dayInfo(date: string): DayInfo
  /** Years the office entered that the package does not know (so the office's entries are used). */
  readonly officeYears: readonly number[]
}

const LAST_KNOWN_YEAR = lastKnownYear()
/** The package names some holidays short (中秋); clerks write them in full. */
const FULL_NAMES: Record<string, string> = { 中秋: '中秋节', 端午: '端午节', 清明: '清明节' }

function lastKnownYear(): number {
  let year = new Date().getUTCFullYear() + 1
  for (; year > 2004; year--) {
    // A year is "known" when at least one New Year's Day-period holiday or swap is listed for it.
    if (chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0) return year
  }
  return year
}

/** Whether the package has the State Council's arrangement for this year (it then wins). */
export function packageKnowsYear(year: number): boolean {
  return year <= LAST_KNOWN_YEAR
}

/**
 * The package's facts never change while the app runs, and working them out (getDayDetail) is most
 * of a calendar page's time: each date is worked out once. Bounded: a clerk paging through decades
 * starts the memory afresh.
 */
const packageDays = new Map<string, DayInfo>()
const PACKAGE_DAYS_KEPT = 5000

export function packageDay(date: string): DayInfo {
  let day = packageDays.get(date)
  if (!day) {
    if (packageDays.size >= PACKAGE_DAYS_KEPT) packageDays.clear()
    day = packageDayOf(date)
    packageDays.set(date, day)
  }
  return { ...day }
}

function packageDayOf(date: string): DayInfo {
  const weekday = isoWeekday(date)
  const detail = chineseDays.getDayDetail(date)
  const parts = detail.name.split(',')
  const isNamedHoliday = parts.length >= 2
  const weekend = weekday >= 6
  const known = packageKnowsYear(Number(date.slice(0, 4)))
  return {
    date,
    weekday,
    workday: detail.work,
    holiday: isNamedHoliday && !detail.work ? (FULL_NAMES[parts[1]!] ?? parts[1]!) : null,
    adjustedWorkday: weekend && detail.work,
    known,
    source: known ? 'package' : null,
  }
}

/** The holiday's name as the package gives it for a day (also for its 调休 working days), or null. */
export function packageHolidayName(date: string): string | null {
  const parts = chineseDays.getDayDetail(date).name.split(',')
  return parts.length >= 2 ? (FULL_NAMES[parts[1]!] ?? parts[1]!) : null
}

export const PACKAGE_BOOK: HolidayBook = { dayInfo: packageDay, officeYears: [] }

/** Day facts from the package alone (for callers that have no database at hand). */
export function dayInfo(date: string): DayInfo {
  return packageDay(date)
}

export interface OfficeDay {
  date: string
  /** The year of the notice the day belongs to. */
  year: number
  kind: '休' | '班'
  name: string
}

/** A book from the office's entries: used for the years the package does not know, ignored otherwise. */
export function bookFrom(entries: readonly OfficeDay[]): HolidayBook {
  const byDate = new Map<string, OfficeDay>()
  const years = new Set<number>()
  for (const e of entries) {
    if (packageKnowsYear(e.year)) continue
    years.add(e.year)
    // A day in a year the package knows (元旦 starting on 31 December) is the package's to say.
    if (!packageKnowsYear(Number(e.date.slice(0, 4)))) byDate.set(e.date, e)
  }
  return {
    officeYears: [...years].sort((a, b) => a - b),
    dayInfo(date) {
      const year = Number(date.slice(0, 4))
      if (!years.has(year)) return packageDay(date)
      const weekday = isoWeekday(date)
      const weekend = weekday >= 6
      const entry = byDate.get(date)
      return {
        date,
        weekday,
        workday: entry ? entry.kind === '班' : !weekend,
        holiday: entry?.kind === '休' ? entry.name : null,
        adjustedWorkday: weekend && entry?.kind === '班',
        known: true,
        source: 'office',
      }
    },
  }
}

/** The holiday book for this data file: the package, plus the office's entries for years it lacks. */
export async function holidayBook(db: Db): Promise<HolidayBook> {
  const rows = await officeHolidays(db, {})
  return rows.length ? bookFrom(rows) : PACKAGE_BOOK
}

// Read by every calendar page: compiled once.
const officeHolidays = prepared((db, _: Record<never, never>) =>
  db.selectFrom('office_holidays').select(['date', 'year', 'kind', 'name']).where('year', '>', LAST_KNOWN_YEAR),
)

export function lastKnownHolidayYear(): number {
  return LAST_KNOWN_YEAR
}

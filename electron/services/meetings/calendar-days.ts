import chineseDays from 'chinese-days'
import { isoWeekday } from '../../common/time'

/**
 * Chinese statutory holidays and adjusted working days (调休), from the `chinese-days` package,
 * which follows the State Council's yearly notice. Update path: when the next year's arrangement is
 * published (usually November–December), run `npm update chinese-days` and release; until then
 * days of that year are treated as ordinary weekdays/weekends, and `known` is false so the UI can say so.
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
  /** Whether the package has this year's official arrangement. */
  known: boolean
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

export function dayInfo(date: string): DayInfo {
  const weekday = isoWeekday(date)
  const detail = chineseDays.getDayDetail(date)
  const parts = detail.name.split(',')
  const isNamedHoliday = parts.length >= 2
  const weekend = weekday >= 6
  return {
    date,
    weekday,
    workday: detail.work,
    holiday: isNamedHoliday && !detail.work ? (FULL_NAMES[parts[1]!] ?? parts[1]!) : null,
    adjustedWorkday: weekend && detail.work,
    known: Number(date.slice(0, 4)) <= LAST_KNOWN_YEAR,
  }
}

export function lastKnownHolidayYear(): number {
  return LAST_KNOWN_YEAR
}

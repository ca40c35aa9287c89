import { LOCAL_DATETIME } from '../../shared/time'
import { addDays, chineseDate, isoWeekday, WEEKDAYS } from '../../shared/dates'
import { PACKAGE_BOOK, type HolidayBook } from './calendar-days'

/**
 * The first cause of low participation: meetings in weekday working hours, when working residents
 * cannot come. A council-type meeting that overlaps 08:30–17:30 on a working day gets a warning
 * with evening and weekend suggestions. It is a warning, not a refusal: a 协调会 with a company may
 * have to be in office hours.
 */
export interface ScheduleAdvice {
  warnings: string[]
  /** Office-local 'YYYY-MM-DDTHH:mm' start times that residents can attend. */
  suggestions: Array<{ start: string; label: string }>
  /** Holiday or 调休 facts about the day, for the form. */
  dayNote: string
}

const WORK_START = 8 * 60 + 30
const WORK_END = 17 * 60 + 30

export function adviseSchedule(startLocal: string, endLocal: string, book: HolidayBook = PACKAGE_BOOK): ScheduleAdvice {
  const s = LOCAL_DATETIME.exec(startLocal)
  const e = LOCAL_DATETIME.exec(endLocal)
  if (!s || !e) return { warnings: [], suggestions: [], dayNote: '' }
  const date = startLocal.slice(0, 10)
  const info = book.dayInfo(date)
  const startMin = Number(s[4]) * 60 + Number(s[5])
  const endMin = endLocal.slice(0, 10) === date ? Number(e[4]) * 60 + Number(e[5]) : 24 * 60
  const warnings: string[] = []
  let dayNote = ''
  if (info.holiday) dayNote = `${chineseDate(date)}是${info.holiday}假期，很多居民外出。`
  else if (info.adjustedWorkday) dayNote = `${chineseDate(date)}是调休上班日。`
  else if (!info.known) dayNote = unknownYearNote(Number(date.slice(0, 4)))
  if (info.holiday) warnings.push(dayNote + '建议换一天。')

  const inWorkHours = info.workday && startMin < WORK_END && endMin > WORK_START
  if (inWorkHours) {
    warnings.push('这个时间是工作日的上班时间，上班的居民来不了。议事会尽量安排在晚上或周末。')
  }
  const suggestions = inWorkHours || info.holiday ? suggest(date, book) : []
  return { warnings, suggestions, dayNote }
}

function suggest(date: string, book: HolidayBook): ScheduleAdvice['suggestions'] {
  const out: ScheduleAdvice['suggestions'] = []
  // The same evening (or the next working evening) at 19:00.
  for (let d = date, i = 0; i < 10 && out.length < 1; d = addDays(d, 1), i++) {
    const info = book.dayInfo(d)
    if (!info.holiday && isoWeekday(d) <= 5) out.push({ start: `${d}T19:00`, label: `${label(d)} 晚上 19:00` })
  }
  // The next weekend morning that is neither a holiday nor a 调休 working day.
  for (let d = addDays(date, 1), i = 0; i < 21 && out.length < 3; d = addDays(d, 1), i++) {
    const info = book.dayInfo(d)
    if (isoWeekday(d) >= 6 && !info.holiday && !info.adjustedWorkday) {
      out.push({ start: `${d}T09:30`, label: `${label(d)} 上午 9:30` })
    }
  }
  return out
}

const label = (d: string) => `${chineseDate(d)}（${WEEKDAYS[isoWeekday(d)]}）`

/** What a clerk reads for a year whose holidays nobody has entered yet, and what to do about it. */
export function unknownYearNote(year: number): string {
  return `${year}年的放假和调休安排还没有录入，这一年的节假日暂时不会标出、也不会避开。国务院公布安排后，可在「议事会日程 → 节假日安排」里录入。`
}

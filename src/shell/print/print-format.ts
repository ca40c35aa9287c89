/**
 * How dates, times and names are written on printed papers (通知、签到表、议程、纪要). Meeting times
 * arrive as office-local 'YYYY-MM-DDTHH:mm' (Asia/Shanghai); stamps such as confirmedAt are UTC ISO.
 */
import { committeeName } from '../../../shared/committee'
import { chineseDate, isoWeekday } from '../../../shared/dates'
export const PRINT_DOCS = ['notice', 'signin', 'agenda', 'minutes'] as const
export type PrintDoc = (typeof PRINT_DOCS)[number]

export const DOC_TITLES: Record<PrintDoc, string> = {
  notice: '会议通知',
  signin: '签到表',
  agenda: '会议议程',
  minutes: '会议纪要',
}

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const

/** '2026-03-12…' → '星期四' (a calendar date: no time zone involved). */
export function weekday(date: string): string {
  return WEEKDAYS[isoWeekday(date.slice(0, 10))]!
}

/** '2026年3月12日（星期四）19:00—21:00', or with the end date when the meeting runs past midnight. */
export function meetingTime(start: string, end: string): string {
  const sameDay = start.slice(0, 10) === end.slice(0, 10)
  const endText = sameDay ? end.slice(11, 16) : `${chineseDate(end)} ${end.slice(11, 16)}`
  return `${chineseDate(start)}（${weekday(start)}）${start.slice(11, 16)}—${endText}`
}

/** Who signs: '幸福里社区居民委员会', '桃源村村民委员会' — the one rule shared with the main side. */
export { committeeName }

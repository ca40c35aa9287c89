/**
 * The words of 议事会议 (meetings, agendas, attendance, recurring series), for the services, the
 * registry's schemas and the screens: one list each, imported by value on both sides.
 */

export const MEETING_KINDS = ['议事会例会', '专题议事会', '听证会', '协调会', '评议会', '临时会议'] as const
export const MEETING_STATUSES = [
  '草稿',
  '已通知',
  '进行中',
  '待整理纪要',
  '纪要已确认',
  '已归档',
  '延期',
  '取消',
] as const
export const AGENDA_TYPES = ['通报', '讨论', '表决'] as const
export const ATTENDANCE_STATUSES = ['出席', '请假', '缺席', '列席', '委托'] as const

/** What a recurring meeting does when it falls on a public holiday: stored value → what a clerk reads. */
export const HOLIDAY_POLICIES = { skip: '跳过这一次', next: '顺延到下一个合适的日子', keep: '照常举行' } as const
/** How a recurring series ends. */
export const SERIES_ENDS = { never: '不结束', date: '到某日为止', count: '共举行几次' } as const

export type MeetingKind = (typeof MEETING_KINDS)[number]
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export type AgendaType = (typeof AGENDA_TYPES)[number]
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
export type HolidayPolicy = keyof typeof HOLIDAY_POLICIES
export type SeriesEnd = keyof typeof SERIES_ENDS

import type * as AgendaService from '../../electron/meetings/agenda-service'
import type * as AttendanceService from '../../electron/meetings/attendance-service'
import type * as MeetingService from '../../electron/meetings/meeting-service'

/**
 * The choice lists of the meetings module. The renderer may not import backend code, so they are
 * repeated here; the type annotations make the build fail if they drift from the services.
 */
export const MEETING_KINDS: typeof MeetingService.MEETING_KINDS = [
  '议事会例会',
  '专题议事会',
  '听证会',
  '协调会',
  '评议会',
  '临时会议',
] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

export const MEETING_STATUSES: typeof MeetingService.MEETING_STATUSES = [
  '草稿',
  '已通知',
  '进行中',
  '待整理纪要',
  '纪要已确认',
  '已归档',
  '延期',
  '取消',
] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]

export const AGENDA_TYPES: typeof AgendaService.AGENDA_TYPES = ['通报', '讨论', '表决'] as const
export type AgendaType = (typeof AGENDA_TYPES)[number]

export const ATTENDANCE_STATUSES: typeof AttendanceService.ATTENDANCE_STATUSES = [
  '出席',
  '请假',
  '缺席',
  '列席',
  '委托',
] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]

/** Colour of a status on chips and tags; 取消 is also struck through, 延期 dashed. */
export const STATUS_STYLE: Record<
  string,
  { color: string; tag: 'primary' | 'success' | 'info' | 'warning' | 'danger' }
> = {
  草稿: { color: '#8a8f99', tag: 'info' },
  已通知: { color: '#2f7fd8', tag: 'primary' },
  进行中: { color: '#d9822b', tag: 'warning' },
  待整理纪要: { color: '#8e59c9', tag: 'warning' },
  纪要已确认: { color: '#3a9d4a', tag: 'success' },
  已归档: { color: '#2c6e63', tag: 'success' },
  延期: { color: '#c9a227', tag: 'warning' },
  取消: { color: '#b0b4bb', tag: 'danger' },
}

export function statusStyle(status: string) {
  return STATUS_STYLE[status] ?? { color: '#8a8f99', tag: 'info' as const }
}

/** A meeting can be edited unless it is archived or cancelled (as the service decides). */
export const meetingLocked = (status: string) => status === '已归档' || status === '取消'
/** The agenda is frozen once the minutes are confirmed. */
export const agendaLocked = (status: string) => meetingLocked(status) || status === '纪要已确认'

/** The holiday package names some festivals short (中秋, 端午, 清明); the calendar writes them in full. */
const HOLIDAY_FULL: Record<string, string> = { 中秋: '中秋节', 端午: '端午节', 清明: '清明节' }
export const holidayName = (name: string) => HOLIDAY_FULL[name] ?? name

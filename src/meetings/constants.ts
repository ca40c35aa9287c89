/**
 * How the meetings module shows its words. The lists themselves are shared with the main side
 * (shared/meeting-values.ts); what stays here is presentation: colours, locks, holiday names.
 */
export {
  AGENDA_TYPES,
  ATTENDANCE_STATUSES,
  HOLIDAY_POLICIES,
  MEETING_KINDS,
  MEETING_STATUSES,
  type AgendaType,
  type AttendanceStatus,
  type HolidayPolicy,
  type MeetingKind,
  type MeetingStatus,
} from '../../shared/meeting-values'

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

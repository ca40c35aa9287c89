import { exportHandler } from '../registry/export-jobs'
import { dateRange, id, input } from '../registry/fields'
import { meetingCalendar, meetingsCalendar } from './export/ics-export'
import { meetingLedgerFile, meetingsLedger } from './export/xlsx-export'

/** The meetings' files, each an export job: .ics calendars and the .xlsx 议事会台账 (names inside, so each finished file is audited). */
export const meetingExports = [meetingCalendar, meetingsCalendar, meetingLedgerFile, meetingsLedger] as const

export const meetingExportHandlers = {
  /** One meeting as an .ics calendar file. */
  'export.meetingIcs': exportHandler(input({ meetingId: id('会议') }), meetingCalendar),
  /** Every meeting starting in [from, to] (office-local dates) as one .ics file. */
  'export.meetingsIcs': exportHandler(dateRange(), meetingsCalendar),
  /** One meeting's ledger (its row, 出席明细, 表决记录) as an .xlsx workbook: the meeting page's 导出. */
  'export.meetingXlsx': exportHandler(input({ meetingId: id('会议') }), meetingLedgerFile),
  /** The meeting ledger (会议台账, 出席明细, 表决记录) of [from, to] as an .xlsx workbook. */
  'export.meetingsXlsx': exportHandler(dateRange(), meetingsLedger),
} as const

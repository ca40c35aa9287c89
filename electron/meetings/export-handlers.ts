import { handler } from '../registry/define'
import { saveExport as save } from '../registry/export-file'
import { dateRange, id, input } from '../registry/fields'
import { buildMeetingIcs, buildMeetingsIcs } from './export/ics-export'
import { buildMeetingXlsx, buildMeetingsXlsx } from './export/xlsx-export'

/** The meetings' files: .ics calendars and the .xlsx 议事会台账 (a ledger carries names, so each save is audited). */
export const meetingExportHandlers = {
  /** One meeting as an .ics calendar file. */
  'export.meetingIcs': handler({
    input: input({ meetingId: id('会议') }),
    run: async (db, q, ctx) => save(db, ctx, '会议日历', await buildMeetingIcs(db, q.meetingId), q),
  }),
  /** Every meeting starting in [from, to] (office-local dates) as one .ics file. */
  'export.meetingsIcs': handler({
    input: dateRange(),
    run: async (db, q, ctx) => save(db, ctx, '议事会日程', await buildMeetingsIcs(db, q), q),
  }),
  /** One meeting's ledger (its row, 出席明细, 表决记录) as an .xlsx workbook: the meeting page's 导出. */
  'export.meetingXlsx': handler({
    input: input({ meetingId: id('会议') }),
    run: async (db, q, ctx) => save(db, ctx, '议事会台账', await buildMeetingXlsx(db, q.meetingId), q),
  }),
  /** The meeting ledger (会议台账, 出席明细, 表决记录) of [from, to] as an .xlsx workbook. */
  'export.meetingsXlsx': handler({
    input: dateRange(),
    run: async (db, q, ctx) => save(db, ctx, '议事会台账', await buildMeetingsXlsx(db, q), q),
  }),
} as const

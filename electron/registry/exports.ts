import { auditExport, type ExportFile } from '../services/meetings/export/files'
import { buildMeetingIcs, buildMeetingsIcs } from '../services/meetings/export/ics-export'
import { buildMeetingXlsx, buildMeetingsXlsx } from '../services/meetings/export/xlsx-export'
import { buildTopicsXlsx } from '../services/meetings/export/topics-xlsx'
import { buildResolutionsXlsx } from '../services/meetings/export/resolutions-xlsx'
import type { Db } from '../database/open-database'
import { handler, type HostContext } from './define'
import { date, id, input, whole } from './fields'

/**
 * File exports. The service builds the file in memory; the host saves it (Electron: a save dialog;
 * test host: its export folder). `path` is null when the user cancelled the dialog. A saved file
 * is written to the audit log, since a ledger carries people's names.
 */
const period = input({ from: date('开始日期'), to: date('结束日期') }).refine((q) => q.to >= q.from, {
  message: '结束日期要晚于开始日期',
})

async function save(db: Db, ctx: HostContext, what: string, file: ExportFile, detail: Record<string, unknown>) {
  const path = await ctx.saveFile(file.fileName, file.data)
  if (path) await auditExport(db, what, { ...detail, count: file.count, path })
  return { path, fileName: file.fileName, count: file.count }
}

export const exportHandlers = {
  /** One meeting as an .ics calendar file. */
  'export.meetingIcs': handler({
    input: input({ meetingId: id('会议') }),
    run: async (db, q, ctx) => save(db, ctx, '会议日历', await buildMeetingIcs(db, q.meetingId), q),
  }),
  /** Every meeting starting in [from, to] (office-local dates) as one .ics file. */
  'export.meetingsIcs': handler({
    input: period,
    run: async (db, q, ctx) => save(db, ctx, '议事会日程', await buildMeetingsIcs(db, q), q),
  }),
  /** One meeting's ledger (its row, 出席明细, 表决记录) as an .xlsx workbook: the meeting page's 导出. */
  'export.meetingXlsx': handler({
    input: input({ meetingId: id('会议') }),
    run: async (db, q, ctx) => save(db, ctx, '议事会台账', await buildMeetingXlsx(db, q.meetingId), q),
  }),
  /** The meeting ledger (会议台账, 出席明细, 表决记录) of [from, to] as an .xlsx workbook. */
  'export.meetingsXlsx': handler({
    input: period,
    run: async (db, q, ctx) => save(db, ctx, '议事会台账', await buildMeetingsXlsx(db, q), q),
  }),
  /** 议题征集台账: topics received in [from, to] (office-local dates), plus counts by channel and month. */
  'export.topicsXlsx': handler({
    input: period,
    run: async (db, q, ctx) => save(db, ctx, '议题征集台账', await buildTopicsXlsx(db, q), q),
  }),
  /** 决议督办台账 of one year (〔year〕议字第N号), plus every progress note. */
  'export.resolutionsXlsx': handler({
    input: input({ year: whole('年份', 2000, 2100) }),
    run: async (db, q, ctx) => save(db, ctx, '决议督办台账', await buildResolutionsXlsx(db, q.year), q),
  }),
} as const

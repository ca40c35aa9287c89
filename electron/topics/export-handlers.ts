import { handler } from '../registry/define'
import { saveExport as save } from '../registry/export-file'
import { dateRange, input, whole } from '../registry/fields'
import { buildResolutionsXlsx } from './export/resolutions-xlsx'
import { buildTopicsXlsx } from './export/topics-xlsx'

/** The follow-up registers as .xlsx (names inside, so each save is audited). */
export const topicExportHandlers = {
  /** 议题征集台账: topics received in [from, to] (office-local dates), plus counts by channel and month. */
  'export.topicsXlsx': handler({
    input: dateRange(),
    run: async (db, q, ctx) => save(db, ctx, '议题征集台账', await buildTopicsXlsx(db, q), q),
  }),
  /** 决议督办台账 of one year (〔year〕议字第N号), plus every progress note. */
  'export.resolutionsXlsx': handler({
    input: input({ year: whole('年份', 2000, 2100) }),
    run: async (db, q, ctx) => save(db, ctx, '决议督办台账', await buildResolutionsXlsx(db, q.year), q),
  }),
} as const

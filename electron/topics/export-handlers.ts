import { exportHandler } from '../registry/export-jobs'
import { dateRange, input, whole } from '../registry/fields'
import { resolutionsRegister } from './export/resolutions-xlsx'
import { topicsRegister } from './export/topics-xlsx'

/** The follow-up registers as .xlsx, each an export job (names inside, so each finished file is audited). */
export const topicExports = [topicsRegister, resolutionsRegister] as const

export const topicExportHandlers = {
  /** 议题征集台账: topics received in [from, to] (office-local dates), plus counts by channel and month. */
  'export.topicsXlsx': exportHandler(dateRange(), topicsRegister),
  /** 决议督办台账 of one year (〔year〕议字第N号), plus every progress note. */
  'export.resolutionsXlsx': exportHandler(input({ year: whole('年份', 2000, 2100) }), resolutionsRegister),
} as const

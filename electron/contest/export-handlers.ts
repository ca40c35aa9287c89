import { exportHandler } from '../registry/export-jobs'
import { id, input } from '../registry/fields'
import { contestScores } from './export/contest-xlsx'

/** The contest's exports, each an export job (export-jobs.ts). */
export const contestExports = [contestScores] as const

/** 评分汇总表 and the raw score sheets of a contest as .xlsx (names inside, so each finished file is audited). */
export const contestExportHandlers = {
  'export.contestXlsx': exportHandler(input({ contestId: id('提案大赛') }), contestScores),
} as const

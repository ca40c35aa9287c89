import { exportHandler } from '../registry/export-jobs'
import { input, whole } from '../registry/fields'
import { fundRegister } from './export/fund-xlsx'

/** The fund's exports, each an export job (export-jobs.ts). */
export const fundExports = [fundRegister] as const

/** 公益基金收支明细 as .xlsx (names inside, so each finished file is audited). */
export const fundExportHandlers = {
  'export.fundXlsx': exportHandler(input({ year: whole('年份', 2000, 2100) }), fundRegister),
} as const

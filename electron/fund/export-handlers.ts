import { handler } from '../registry/define'
import { saveExport as save } from '../registry/export-file'
import { input, whole } from '../registry/fields'
import { buildFundXlsx } from './export/fund-xlsx'

/** 公益基金收支明细 as .xlsx (names inside, so each save is audited). */
export const fundExportHandlers = {
  'export.fundXlsx': handler({
    input: input({ year: whole('年份', 2000, 2100) }),
    run: async (db, q, ctx) => save(db, ctx, '公益基金收支明细', await buildFundXlsx(db, q.year), q),
  }),
} as const

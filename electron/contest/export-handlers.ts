import { handler } from '../registry/define'
import { saveExport as save } from '../registry/export-file'
import { id, input } from '../registry/fields'
import { buildContestXlsx } from './export/contest-xlsx'

/** 评分汇总表 and the raw score sheets of a contest as .xlsx (names inside, so each save is audited). */
export const contestExportHandlers = {
  'export.contestXlsx': handler({
    input: input({ contestId: id('提案大赛') }),
    run: async (db, q, ctx) => save(db, ctx, '提案大赛评分汇总表', await buildContestXlsx(db, q.contestId), q),
  }),
} as const

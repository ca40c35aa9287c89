import { isAbsolute } from 'node:path'
import * as data from '../services/data/data-service'
import { handler } from './define'
import { input, noInput, text } from './fields'

export const dataHandlers = {
  'data.info': handler({ input: noInput, run: (db, _i, ctx) => data.dataInfo(db, ctx.dataFile) }),
  'data.pickBackupFolder': handler({
    input: noInput,
    run: async (_db, _i, ctx) => ({ folder: await ctx.pickFolder('选择备份保存到哪个文件夹（建议U盘）') }),
  }),
  'data.backup': handler({
    input: input({
      folder: text('备份文件夹', { max: 1000 }).refine(
        isAbsolute,
        '「备份文件夹」应当是完整路径，请用“选择文件夹”按钮选择',
      ),
    }),
    run: (db, i) => data.backupNow(db, i.folder),
  }),
  'data.integrityCheck': handler({ input: noInput, run: (db) => data.runIntegrityCheck(db) }),
} as const

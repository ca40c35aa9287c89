import * as data from './data-service'
import { handler } from '../registry/define'
import { input, noInput, text } from '../registry/fields'
import { archivePassword } from '../registry/encrypted-archive'

/** A backup file the host offered: from the list (data.backups) or the desktop app's file dialog. */
const backupPath = input({ path: text('备份文件', { max: 1000 }) })

export const dataHandlers = {
  'data.info': handler({
    input: noInput,
    run: (db, _i, ctx) => data.dataInfo(db, ctx.dataFile, ctx.database.health.state),
  }),
  /**
   * The folder comes from the host, never from the caller: the desktop app asks with a dialog,
   * the loopback host writes to its own backup folder. Null when the user cancelled the dialog.
   */
  'data.backup': handler({
    input: noInput,
    run: async (db, _i, ctx) => {
      const folder = await ctx.pickFolder('选择备份保存到哪个文件夹（建议U盘）')
      return folder ? data.backupNow(db, ctx.database.reader, folder) : null
    },
  }),
  /** 加密归档: the data file in an AES-256 .zip with the clerk's password, saved where the host says. */
  'data.archive': handler({
    input: input({ password: archivePassword() }),
    run: (db, q, ctx) => data.archiveData(db, ctx.database.reader, ctx, q.password),
  }),
  'data.integrityCheck': handler({
    input: noInput,
    run: (_db, _i, ctx) => data.runIntegrityCheck(ctx.database.health),
  }),
  'data.backups': handler({ input: noInput, run: (db, _i, ctx) => data.listBackups(db, ctx) }),
  'data.pickBackupFile': handler({
    input: noInput,
    run: async (_db, _i, ctx) => ({ path: await ctx.pickBackupFile('选择要恢复的备份文件') }),
  }),
  'data.checkBackup': handler({ input: backupPath, run: (_db, i, ctx) => data.checkBackup(ctx, i.path) }),
  /** Swaps the data file: runs alone, every other call waits for it. */
  'data.restore': handler({
    input: backupPath,
    exclusive: true,
    run: (_db, i, ctx) => data.restoreBackup(ctx, i.path),
  }),
} as const

import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../common/app-error'
import { openDatabase } from '../../database/open-database'
import { registry } from '../../registry'
import { startHttpHost } from './http-host'
import { saveToFolder } from '../save-to-folder'

/**
 * `npm run dev:web -- --db <file> --port <n> --backup-dir <folder>`: the whole app in a browser,
 * on 127.0.0.1 only, for machines without Electron and for trying things out.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: process.env.COMMUNITY_DESK_DB ?? '.tmp/dev.sqlite' },
      port: { type: 'string', default: '5180' },
      'backup-dir': { type: 'string' },
      'export-dir': { type: 'string' },
      static: { type: 'string', default: 'out/renderer' },
    },
  })
  const file = resolve(values.db!)
  const backupDir = resolve(values['backup-dir'] ?? join(dirname(file), 'backups'))
  mkdirSync(backupDir, { recursive: true })
  const exportDir = resolve(values['export-dir'] ?? join(dirname(file), 'exports'))
  const database = await openDatabase(file)
  const host = await startHttpHost({
    db: database.db,
    registry,
    staticDir: resolve(values.static!),
    port: Number(values.port),
    ctx: {
      dataFile: database.file,
      pickFolder: async () => backupDir,
      saveFile: saveToFolder(exportDir),
      openProjection: async () => ({ opened: false, route: '/projection' }),
    },
  })
  console.log(`社区工作台（浏览器版）已启动：${host.url}`)
  console.log(`数据文件：${database.file}`)
  console.log(`备份文件夹：${backupDir}`)
  console.log(`导出文件夹：${exportDir}`)
  const stop = async () => {
    await host.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err instanceof AppError ? err.message : err)
  process.exit(1)
})

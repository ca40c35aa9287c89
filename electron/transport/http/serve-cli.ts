import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../../shared/app-error'
import { LiveDatabase } from '../../database/live-database'
import { startUpkeep } from '../../registry/upkeep'
import { registry } from '../../registry'
import { startHttpHost } from './http-host'
import { folderHostContext } from '../folder-host'

/**
 * `npm run dev:web -- --db <file> --port <n> --backup-dir <folder>`: the whole app in a browser,
 * on 127.0.0.1 only, for machines without Electron and for trying things out.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5180' },
      'backup-dir': { type: 'string' },
      'export-dir': { type: 'string' },
      static: { type: 'string', default: 'out/renderer' },
    },
  })
  const named = values.db ?? process.env.COMMUNITY_DESK_DB
  const file = resolve(named ?? '.tmp/dev.sqlite')
  const backupDir = resolve(values['backup-dir'] ?? join(dirname(file), 'backups'))
  mkdirSync(backupDir, { recursive: true })
  const exportDir = resolve(values['export-dir'] ?? join(dirname(file), 'exports'))
  // Only the default location may be created; a named file's folder must already be there.
  const database = await LiveDatabase.open(file, { createFolder: named === undefined })
  const stopUpkeep = startUpkeep((fn) => database.shared(fn))
  const stopHealthChecks = database.health.schedule()
  const host = await startHttpHost({
    db: database,
    registry,
    staticDir: resolve(values.static!),
    port: Number(values.port),
    ctx: folderHostContext({ database, backupDir, exportDir }),
  })
  console.log(`社区工作台（浏览器版）已启动：${host.url}`)
  console.log(`数据文件：${database.file}`)
  console.log(`备份文件夹：${backupDir}`)
  console.log(`导出文件夹：${exportDir}`)
  const stop = async () => {
    stopUpkeep()
    stopHealthChecks()
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

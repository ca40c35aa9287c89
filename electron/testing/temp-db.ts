import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../database/open-database'
import { LiveDatabase } from '../database/live-database'
import type { Migration } from '../database/migrate'
import type { HostContext } from '../registry/define'
import { folderHostContext } from '../transport/folder-host'

/** A real SQLite file in a fresh temp folder, removed by `cleanup()`. Tests never mock the database. */
export interface TempDb extends OpenDatabase {
  dir: string
  /** The same file as the hosts hold it (swappable by a restore); `db` is the handle opened first. */
  live: LiveDatabase
  ctx: HostContext
  cleanup(): Promise<void>
}

export function tempDir(prefix = 'desk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function openTempDb(options: { migrations?: readonly Migration[] } = {}): Promise<TempDb> {
  const dir = tempDir()
  const opened = await openDatabase(join(dir, 'test.sqlite'), options)
  const live = new LiveDatabase(opened, options)
  return {
    ...opened,
    dir,
    live,
    ctx: folderHostContext({ database: live, backupDir: join(dir, 'backups'), exportDir: join(dir, 'exports') }),
    async cleanup() {
      await live.close().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

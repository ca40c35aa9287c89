import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../database/open-database'
import type { Migration } from '../database/migrate'
import type { HostContext } from '../registry/define'
import { saveToFolder } from '../transport/save-to-folder'

/** A real SQLite file in a fresh temp folder, removed by `cleanup()`. Tests never mock the database. */
export interface TempDb extends OpenDatabase {
  dir: string
  ctx: HostContext
  cleanup(): Promise<void>
}

export function tempDir(prefix = 'desk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export async function openTempDb(options: { migrations?: readonly Migration[] } = {}): Promise<TempDb> {
  const dir = tempDir()
  const opened = await openDatabase(join(dir, 'test.sqlite'), options)
  const backupDir = join(dir, 'backups')
  return {
    ...opened,
    dir,
    ctx: {
      dataFile: opened.file,
      pickFolder: async () => backupDir,
      saveFile: saveToFolder(join(dir, 'exports')),
      openProjection: async () => ({ opened: false, route: '/projection' }),
    },
    async cleanup() {
      await opened.close().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

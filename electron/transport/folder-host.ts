import { mkdirSync } from 'node:fs'
import type { LiveDatabase } from '../database/live-database'
import type { HostContext } from '../registry/define'
import { saveToFolder } from './save-to-folder'
import { saveBytes } from '../registry/export-file'

/**
 * The HostContext of a host without dialogs (the loopback host, e2e tests, unit tests): backups
 * go to and are restored from one folder fixed when the host starts, exports to another. A caller
 * over HTTP never names a folder or a file the host writes.
 */
export function folderHostContext(options: {
  database: LiveDatabase
  backupDir: string
  exportDir: string
}): HostContext {
  const exports = saveToFolder(options.exportDir)
  return {
    database: options.database,
    get dataFile() {
      return options.database.file
    },
    backupDir: options.backupDir,
    // The host's own folder: created on first use.
    pickFolder: async () => {
      mkdirSync(options.backupDir, { recursive: true })
      return options.backupDir
    },
    pickBackupFile: async () => null,
    pickSaveTarget: exports.pick,
    releaseSaveTarget: exports.release,
    // No program to open it with: the file is written where exports go, and its path is shown.
    openFile(suggestedName, data) {
      return saveBytes(this, suggestedName, data)
    },
    openProjection: async () => ({ opened: false, route: '/projection' }),
  }
}

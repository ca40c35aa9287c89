import type { Db } from '../database/open-database'
import type { HostContext } from './define'
import { audit } from '../database/audit'

/** A file built in memory, ready for HostContext.saveFile. */
export interface ExportFile {
  /** Suggested name for the save dialog. */
  fileName: string
  data: Uint8Array | string
  /** How many meetings it holds. */
  count: number
}

/** A file name every OS accepts: no path separators or reserved characters, no runs of spaces, not too long. */
export function safeFileName(name: string): string {
  const dot = name.lastIndexOf('.')
  const ext = dot > 0 ? name.slice(dot) : ''
  const stem = (dot > 0 ? name.slice(0, dot) : name)
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
  return `${stem || '导出'}${ext}`
}

/**
 * Exports carry names of people (attendance), so each saved file is written to the audit log:
 * what, which period or meeting, and where it went.
 */
export async function auditExport(db: Db, what: string, detail: Record<string, unknown>): Promise<void> {
  await audit(db, '导出', what, null, detail)
}

/**
 * Hands a built file to the host to save (Electron: a save dialog; test host: its export folder)
 * and audits it. `path` is null when the user cancelled the dialog.
 */
export async function saveExport(
  db: Db,
  ctx: HostContext,
  what: string,
  file: ExportFile,
  detail: Record<string, unknown>,
) {
  const path = await ctx.saveFile(file.fileName, file.data)
  if (path) await auditExport(db, what, { ...detail, count: file.count, path })
  return { path, fileName: file.fileName, count: file.count }
}

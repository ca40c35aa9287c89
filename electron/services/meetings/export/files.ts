import type { Db } from '../../../database/open-database'
import { audit } from '../../audit'

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

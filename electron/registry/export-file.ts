import { rename, writeFile } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import type { HostContext } from './define'

/**
 * What an export (.xlsx 台账, .ics 日历) is made of. Every export runs as a job (export-jobs.ts):
 * the host first asks where to save, then a worker thread with its own read-only connection builds
 * the file into a temporary file beside the target, row by row, and the job renames it when it is
 * complete. So an export has two halves:
 *  - `prepare`, in the main process on the app's connection: the checks a clerk must hear about
 *    before a save dialog opens (a period over ten years, a meeting that does not exist, nothing to
 *    export) and the suggested file name. It reads a row or two, never the whole export;
 *  - `build`, in the worker: reads the data and writes the file through an `ExportSink`.
 * Each module lists its exports in its `defineModule({ exporters })`, so the worker finds them.
 */
export interface Exporter<I = unknown> {
  /** Unique across modules: the worker finds the exporter by it. */
  readonly key: string
  /** What the audit log calls the file (议事会台账, 会议日历 …). */
  readonly what: string
  prepare(db: Db, input: I): Promise<{ fileName: string }>
  build(db: Db, input: I, sink: ExportSink): Promise<{ count: number }>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds exporters of every input
export type AnyExporter = Exporter<any>

export function exporter<I>(entry: Exporter<I>): Exporter<I> {
  return entry
}

/** Where a builder writes, and how it reports progress. */
export interface ExportSink {
  /** The temporary file to write (opened with `open()`): the job renames it when the build succeeds. */
  readonly path: string
  /** The moment the clerk asked for the file: 制表日期, and "overdue as of". */
  readonly now: Date
  /** The file to write, created new (never over an existing file). */
  open(): Writable
  /** How many rows the file will have in all, once known. */
  total(rows: number): void
  /**
   * `rows` more written. Every few hundred rows it gives the event loop a turn (so the zip and
   * file streams drain to disk instead of piling up in memory) and throws `ExportCancelled` when
   * the clerk has pressed 取消.
   */
  step(rows?: number): Promise<void>
}

/** Thrown inside a build when the job was cancelled: not an error, nothing is written. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled')
    this.name = 'ExportCancelled'
  }
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
 * what, which period or meeting, and where it went — only once the file is complete.
 */
export async function auditExport(db: Db, what: string, detail: Record<string, unknown>): Promise<void> {
  await audit(db, '导出', what, null, detail)
}

/**
 * A small file already in memory (a stored attachment's copy, an encrypted archive) saved where the
 * clerk picks: written beside the target and renamed, so a failure never leaves half a file under
 * its name. Returns the path, or null when the save dialog was closed.
 */
export async function saveBytes(ctx: HostContext, suggestedName: string, data: Uint8Array): Promise<string | null> {
  const path = await ctx.pickSaveTarget(suggestedName)
  if (!path) return null
  try {
    const partial = `${path}.${process.pid}.tmp`
    await writeFile(partial, data)
    await rename(partial, path)
    return path
  } finally {
    ctx.releaseSaveTarget?.(path)
  }
}

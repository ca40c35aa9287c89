import { createWriteStream, openSync, type WriteStream } from 'node:fs'
import { open, unlink } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import type { Db } from '../database/open-database'
import { ExportCancelled, type AnyExporter, type ExportSink } from './export-file'

/** How a build learns it was cancelled and tells how far it got (the worker backs both with shared memory). */
export interface BuildControl {
  cancelled(): boolean
  progress(done: number, total: number | null): void
}

/** Rows between two turns of the event loop: small enough to keep the streams drained, large enough to cost nothing. */
const ROWS_PER_TURN = 200

/**
 * Runs one exporter's build into `path`: a new file (an existing one is never overwritten), flushed
 * to disk (fsync) before this resolves, so the rename that follows publishes a complete file. When
 * the build fails or is cancelled, the stream is closed and the file removed before the error
 * (or `ExportCancelled`) is rethrown: nothing half-written is left behind.
 */
export async function buildToFile(
  exporter: AnyExporter,
  db: Db,
  input: unknown,
  path: string,
  now: Date,
  control: BuildControl,
): Promise<{ count: number }> {
  let stream: WriteStream | null = null
  let done = 0
  let total: number | null = null
  let sinceTurn = 0
  let fail!: (err: unknown) => void
  const failed = new Promise<never>((_, reject) => (fail = reject))
  failed.catch(() => undefined)
  const sink: ExportSink = {
    path,
    now,
    open() {
      if (stream) throw new Error('export sink opened twice')
      // Opened here and now, so a folder that is gone or read-only fails at once, in the builder's call.
      const s = createWriteStream(path, { fd: openSync(path, 'wx') })
      // A write error later (disk full) ends the build even where a library would wait for the
      // stream forever (exceljs waits for 'finish' on a stream that has already failed).
      s.once('error', fail)
      stream = s
      return s
    },
    total(rows) {
      total = rows
      control.progress(done, total)
    },
    async step(rows = 1) {
      done += rows
      sinceTurn += rows
      if (sinceTurn < ROWS_PER_TURN) return
      sinceTurn = 0
      control.progress(done, total)
      if (control.cancelled()) throw new ExportCancelled()
      const s = stream as WriteStream | null
      if (s?.errored) throw s.errored
      // The file stream's buffer is full: wait for the disk rather than grow the heap.
      if (s?.writableNeedDrain) await Promise.race([new Promise<void>((r) => s.once('drain', () => r())), failed])
      else await new Promise((r) => setImmediate(r))
    },
  }
  try {
    if (control.cancelled()) throw new ExportCancelled()
    const result = await Promise.race([exporter.build(db, input, sink), failed])
    const s = stream as WriteStream | null
    if (!s) throw new Error('export wrote no file')
    if (!s.writableEnded) s.end()
    await finished(s)
    await closed(s)
    const handle = await open(path, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    control.progress(total ?? done, total ?? done)
    return result
  } catch (err) {
    const s = stream as WriteStream | null
    if (s) {
      s.destroy()
      await closed(s)
      await unlink(path).catch(() => undefined)
    }
    throw err
  }
}

function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve()
  return new Promise((r) => stream.once('close', () => r()))
}

import { parentPort } from 'node:worker_threads'
import { openReader } from '../database/open-database'
import { MODULES } from '../modules'
import { ExportCancelled } from './export-file'
import { buildToFile } from './export-run'
import { exportFailure, type WorkerData, type WorkerReport } from './export-protocol'

/**
 * The export worker thread (registry/export-jobs.ts starts and reuses it). For each job it opens its
 * own read-only connection to the data file — never the app's connection, so the window's calls
 * keep their turn — reads everything in one read transaction (one consistent snapshot while the
 * clerk keeps working), streams the file into the temporary path, and reports how it ended.
 * Progress and 取消 travel through shared memory, so they need no messages and cost nothing.
 * A worker takes one job at a time and then waits for the next (the pool in export-jobs.ts ends
 * it after a minute without work).
 */
const port = parentPort!

/** One job: build the file, report how it ended. The worker then waits for the next job. */
async function run(data: WorkerData): Promise<WorkerReport> {
  const shared = new Int32Array(data.shared)
  try {
    const exporter = MODULES.flatMap((m) => m.exporters ?? []).find((e) => e.key === data.key)
    if (!exporter) throw new Error(`no exporter ${data.key}`)
    const reader = await openReader(data.file)
    try {
      const { count } = await reader.db.transaction().execute((trx) =>
        buildToFile(exporter, trx, data.input, data.temp, new Date(data.now), {
          cancelled: () => Atomics.load(shared, 0) === 1,
          progress(done, total) {
            Atomics.store(shared, 1, done)
            Atomics.store(shared, 2, total ?? -1)
          },
        }),
      )
      return { type: 'done', count }
    } finally {
      await reader.close()
    }
  } catch (err) {
    if (err instanceof ExportCancelled) return { type: 'cancelled' }
    const failure = exportFailure(err)
    // The program's own words go to the log; the clerk reads the Chinese message.
    if (failure.code === 'INTERNAL') console.error('[export-worker]', data.key, err)
    return { type: 'failed', ...failure }
  }
}

port.on('message', (data: WorkerData) => {
  void run(data).then((report) => port.postMessage(report))
})

import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../database/open-database'
import type { HostContext } from '../registry/define'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'
import type { Exporter } from '../registry/export-file'
import { exportJobs, type ExportStatus } from '../registry/export-jobs'
import { buildToFile } from '../registry/export-run'
import type { Result } from '../registry/result'
import { tempDir } from './temp-db'

/** Builds one export in this thread (no job, no worker) and returns the file's bytes: for tests of a builder's content. */
export async function buildExport<I>(
  exporter: Exporter<I>,
  db: Db,
  input: I,
  now = new Date(),
): Promise<{ data: Buffer; count: number }> {
  const dir = tempDir('desk-export-')
  try {
    const path = join(dir, 'export')
    const { count } = await buildToFile(exporter as Exporter<unknown>, db, input, path, now, {
      cancelled: () => false,
      progress: () => undefined,
    })
    return { data: readFileSync(path), count }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Polls a job until it has ended (as the window does). */
export async function waitForExport(ctx: HostContext, job: number): Promise<ExportStatus> {
  for (;;) {
    const status = exportJobs(ctx.database).status(job)
    if (status.state !== 'waiting' && status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * One export through the registry channel, as the window makes it: the call starts the job (or is
 * refused, or the save dialog is closed: null), then the job runs in its worker to the end.
 */
export async function runExport(
  db: Db,
  ctx: HostContext,
  channel: string,
  input: unknown,
): Promise<Result<ExportStatus | null>> {
  const started = (await dispatch(registry, db, ctx, channel, input)) as Result<ExportStatus | null>
  if (!started.ok || started.value === null) return started
  return { ok: true, value: await waitForExport(ctx, started.value.job) }
}

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Result } from '../../electron/registry/result'
import { ApiError, call } from './call'
import type { Out } from './types'

/** How one export stands (the main process's answer to export.status). */
export type ExportJob = Out<'export.status'>

/** How often the window asks how far an export has got. */
const POLL_MS = 250
/** How long a finished export stays in the tray (where the file went) before it steps aside. */
const DONE_SHOWN_MS = 10_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Every export of the window, as jobs: the call asks where to save and starts building the file
 * in the background; this store polls how far it has got (the tray in the window's corner shows
 * it with a 取消 button), so the clerk keeps working meanwhile. `run` resolves when the job has
 * ended: the finished job (a path and a count), a cancelled one (no path), or null when the
 * save dialog was closed; a failure throws its Chinese message, as any call does.
 */
export const useExportJobs = defineStore('export-jobs', () => {
  const jobs = ref<ExportJob[]>([])

  function put(job: ExportJob) {
    const i = jobs.value.findIndex((j) => j.job === job.job)
    if (i >= 0) jobs.value.splice(i, 1, job)
    else jobs.value.push(job)
  }

  function dismiss(job: number) {
    jobs.value = jobs.value.filter((j) => j.job !== job)
  }

  async function run(start: Promise<Result<ExportJob | null>>): Promise<ExportJob | null> {
    let job = await call(start)
    if (!job) return null
    put(job)
    while (job.state === 'waiting' || job.state === 'running') {
      await sleep(POLL_MS)
      job = await call(window.api.export.status({ job: job.job }))
      put(job)
    }
    const ended = job
    if (ended.state === 'failed') throw new ApiError('EXPORT_FAILED', ended.message ?? '导出没有完成，请重试。')
    if (ended.state === 'done') setTimeout(() => dismiss(ended.job), DONE_SHOWN_MS)
    else dismiss(ended.job)
    return ended
  }

  /** 取消: the main process stops the job and removes what it wrote; `run` then ends with no path. */
  async function cancel(job: number): Promise<void> {
    put(await call(window.api.export.cancel({ job })))
  }

  return { jobs, run, cancel, dismiss }
})

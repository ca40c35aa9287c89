import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import ExportTray from './ExportTray.vue'
import { useExportJobs, type ExportJob } from '../api/export-jobs'

/**
 * The window's side of an export job: `run` polls export.status until the job ends, the tray shows
 * rows done of how many with 取消, and how it ended (a failure in Chinese, thrown to the caller too).
 * window.api is a fake whose answers the test scripts.
 */
const job = (over: Partial<ExportJob>): ExportJob => ({
  job: 7,
  what: '议题征集台账',
  fileName: '议题征集台账-2026-01-01至2026-12-31.xlsx',
  state: 'running',
  done: 0,
  total: null,
  path: null,
  count: null,
  message: null,
  ...over,
})

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  vi.useFakeTimers()
  pinia = createPinia()
  setActivePinia(pinia)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function fakeApi(statuses: ExportJob[], cancelled = job({ state: 'cancelled' })) {
  const status = vi.fn(async () => ({ ok: true as const, value: statuses.shift()! }))
  const cancel = vi.fn(async () => ({ ok: true as const, value: cancelled }))
  vi.stubGlobal('api', { export: { status, cancel } })
  return { status, cancel }
}

const mountTray = () => mount(ExportTray, { global: { plugins: [pinia, ElementPlus] } })

describe('export jobs in the window', () => {
  it('polls until done, showing rows written of how many, then where it ended', async () => {
    const api = fakeApi([
      job({ done: 200, total: 1000 }),
      job({ state: 'done', done: 1000, total: 1000, count: 1000, path: '/导出/台账.xlsx' }),
    ])
    const tray = mountTray()
    const ended = useExportJobs().run(Promise.resolve({ ok: true, value: job({ state: 'waiting' }) }))
    await flushPromises()
    expect(tray.text()).toContain('排队中')
    expect(tray.text()).toContain('议题征集台账-2026-01-01至2026-12-31（表格文件）')
    await vi.advanceTimersByTimeAsync(250)
    expect(tray.text()).toContain('已写 200 / 1000 行')
    expect(tray.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('20')
    await vi.advanceTimersByTimeAsync(250)
    expect(await ended).toMatchObject({ state: 'done', path: '/导出/台账.xlsx', count: 1000 })
    expect(tray.text()).toContain('已导出 1000 条，文件已保存')
    expect(api.status).toHaveBeenCalledTimes(2)
    // A finished export steps aside after a while.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(tray.find('[data-testid="export-tray"]').exists()).toBe(false)
  })

  it('取消 asks the main process to stop the job; run then ends with no file', async () => {
    const api = fakeApi([job({ done: 10, total: 1000 }), job({ state: 'cancelled', done: 10, total: 1000 })])
    const tray = mountTray()
    const ended = useExportJobs().run(Promise.resolve({ ok: true, value: job({ done: 5, total: 1000 }) }))
    await flushPromises()
    await tray.get('[data-testid="export-cancel"]').trigger('click')
    await flushPromises()
    expect(api.cancel).toHaveBeenCalledWith({ job: 7 })
    await vi.advanceTimersByTimeAsync(500)
    expect(await ended).toMatchObject({ state: 'cancelled', path: null })
    expect(tray.find('[data-testid="export-tray"]').exists()).toBe(false)
  })

  it('a failure stays in the tray in Chinese and is thrown to the caller; a closed save dialog starts nothing', async () => {
    const message = '导出没有完成：磁盘（或U盘）空间不够，文件没有写完。请清理空间或换一个位置后重新导出。'
    fakeApi([job({ state: 'failed', message })])
    const tray = mountTray()
    const store = useExportJobs()
    const ended = store.run(Promise.resolve({ ok: true, value: job({}) }))
    const caught = ended.catch((err: Error) => err.message)
    await vi.advanceTimersByTimeAsync(250)
    expect(await caught).toBe(message)
    expect(tray.get('[role="alert"]').text()).toContain(message)
    expect(await store.run(Promise.resolve({ ok: true, value: null }))).toBeNull()
  })
})

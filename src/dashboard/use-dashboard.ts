import { ref } from 'vue'
import { call, messageOf } from '../api/call'
import { attempt } from '../api/notify'
import { useExportJobs } from '../api/export-jobs'
import type { Out } from '../api/types'
import type { Period } from './period'

export type Figures = Out<'dashboard.figures'>

/**
 * 数据看板's calls to the main process, for one visit of the screen: the figures of a period (a
 * failed load is kept as `error` for the page to show; an answer for a period the clerk has already
 * left is dropped).
 */
export function useDashboard() {
  const figures = ref<Figures | null>(null)
  const loading = ref(false)
  const error = ref('')
  let asked = 0

  async function load(period: Period) {
    const mine = ++asked
    loading.value = true
    try {
      const value = await call(window.api.dashboard.figures({ ...period }))
      if (mine !== asked) return // a newer period was picked meanwhile
      figures.value = value
      error.value = ''
    } catch (err) {
      if (mine === asked) error.value = messageOf(err)
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  return { figures, loading, error, load }
}

/** The two 台账 exports, as export jobs (progress in the tray); a failure shows as a message, a cancelled one gives no path. */
export const exportTopics = (period: Period) =>
  attempt(() => useExportJobs().run(window.api.export.topicsXlsx({ ...period })))
export const exportResolutions = (year: number) =>
  attempt(() => useExportJobs().run(window.api.export.resolutionsXlsx({ year })))

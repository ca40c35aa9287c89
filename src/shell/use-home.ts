import { ref } from 'vue'
import { call, messageOf } from '../api/call'
import type { Out } from '../api/types'

/**
 * 首页's calls to the main process, for one visit: the data file's facts (size, last backup) and
 * the loop's reminders. A failed load is kept as `error` for the page to show; what did load shows.
 */
export function useHome() {
  const data = ref<Out<'data.info'> | null>(null)
  const reminders = ref<Out<'home.reminders'> | null>(null)
  const error = ref('')

  async function load() {
    const [info, todo] = await Promise.allSettled([call(window.api.data.info()), call(window.api.home.reminders())])
    if (info.status === 'fulfilled') data.value = info.value
    if (todo.status === 'fulfilled') reminders.value = todo.value
    const failed = [info, todo].find((r) => r.status === 'rejected')
    error.value = failed ? messageOf(failed.reason) : ''
  }

  return { data, reminders, error, load }
}

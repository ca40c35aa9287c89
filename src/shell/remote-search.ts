import { ref, shallowRef, type Ref } from 'vue'
import { messageOf } from '../api/call'

/**
 * The options of a drop-down that searches on the server as the clerk types (el-select with
 * `filterable remote :debounce="0"`, `:remote-method="search"`).
 *
 * Only the answer to the latest query may fill the options. Answers to earlier queries are
 * dropped when they come back, and the options are emptied the moment a new query is asked, so a
 * list that answers an older query is never on screen: ArrowDown + Enter after typing a name can
 * only pick from that name's answer. (反映人 used to pick the roster's first person: the search
 * run when the list opened, for '', came after the typed one and replaced its answer.)
 *
 * Use with `:debounce="0"`: Element Plus then asks at each keystroke (after an IME word is
 * finished), so there is no moment in which the typed text and the options disagree. Element Plus
 * itself asks with the typed text (or '') whenever the list opens; no extra search on opening.
 */
export function useRemoteSearch<T>(find: (query: string) => Promise<{ rows: T[]; total: number }>) {
  const options = shallowRef<T[]>([]) as Ref<T[]>
  const loading = ref(false)
  /** The latest answer's total (how many match, beyond the ones shown); null before any answer. */
  const total = ref<number | null>(null)
  /** The query whose answer the options show ('' for the whole list), or null while none. */
  const answered = ref<string | null>(null)
  const error = ref('')
  let latest = 0

  async function search(query: string): Promise<void> {
    const ticket = ++latest
    const q = query.trim()
    options.value = []
    answered.value = null
    loading.value = true
    try {
      const value = await find(q)
      if (ticket !== latest) return
      options.value = value.rows
      total.value = value.total
      answered.value = q
      error.value = ''
    } catch (err) {
      if (ticket === latest) error.value = messageOf(err)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { options, loading, total, answered, error, search }
}

import { computed, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { call, messageOf } from '../api/call'
import type { Result } from '../../electron/registry/result'

/** One page of a list as the main process returns it. */
export interface ListPage<Row> {
  rows: Row[]
  total: number
}

export interface ListOptions<Row, Filters> {
  /** Reads the filters from the address's query (only what is valid; anything else means "all"). */
  filters: (query: (key: string) => string) => Filters
  /** Asks the main process for one page. */
  fetch: (filters: Filters, page: { limit: number; offset: number }) => Promise<Result<ListPage<Row>>>
  pageSize?: number
}

export interface List<Row, Filters> {
  rows: Ref<Row[]>
  total: Ref<number>
  loading: Ref<boolean>
  /** The Chinese message of the last failed load, '' when it worked. */
  error: Ref<string>
  /** At least one load has answered (for "nothing yet" texts that must not flash). */
  loaded: Ref<boolean>
  filters: ComputedRef<Filters>
  page: ComputedRef<number>
  pageSize: number
  /** Changes filters in the address; any change but the page itself goes back to page 1. */
  setQuery: (patch: Record<string, string | number | null>) => void
  setPage: (page: number) => void
  /** Loads the current page again (after a change made on it). */
  reload: () => Promise<void>
}

/**
 * The one way a screen lists records: filters and the page live in the address (?status=逾期&page=2),
 * so a link, 返回 or a reload shows the same list; every change of the address loads again, and an
 * answer that arrives after a newer request was sent is dropped, so a slow old answer never
 * overwrites the list the clerk asked for last.
 */
export function useList<Row, Filters>(options: ListOptions<Row, Filters>): List<Row, Filters> {
  const route = useRoute()
  const router = useRouter()
  const pageSize = options.pageSize ?? 20
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')
  let latest = 0

  const q = (key: string) => {
    const v = route.query[key]
    return typeof v === 'string' ? v : ''
  }
  const filters = computed(() => options.filters(q))
  const page = computed(() => Math.max(1, Math.floor(Number(q('page'))) || 1))

  async function reload() {
    const ticket = ++latest
    loading.value = true
    try {
      const result = await call(options.fetch(filters.value, { limit: pageSize, offset: (page.value - 1) * pageSize }))
      if (ticket !== latest) return
      rows.value = result.rows
      total.value = result.total
      error.value = ''
    } catch (err) {
      if (ticket !== latest) return
      error.value = messageOf(err)
    } finally {
      if (ticket === latest) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  function replaceQuery(query: LocationQuery | Record<string, string | number | null>) {
    const next: Record<string, string> = {}
    for (const [k, v] of Object.entries(query)) {
      if (v !== null && v !== undefined && v !== '') next[k] = String(v)
    }
    void router.replace({ query: next })
  }
  const setQuery = (patch: Record<string, string | number | null>) =>
    replaceQuery({ ...route.query, page: null, ...patch } as Record<string, string | number | null>)
  const setPage = (p: number) =>
    replaceQuery({ ...route.query, page: p > 1 ? p : null } as Record<string, string | number | null>)

  watch(
    () => route.query,
    () => void reload(),
    { immediate: true },
  )

  return { rows, total, loading, error, loaded, filters, page, pageSize, setQuery, setPage, reload }
}

import { computed, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { call, messageOf } from '../api/call'
import type { Result } from '../../electron/registry/result'

/** One page of a list as the main process returns it. */
export interface ListPage<Row> {
  rows: Row[]
  total: number
  /** The total is a lower bound (a search with thousands of matches stops counting): shown as … 以上. */
  atLeast?: boolean
}

export interface ListOptions<Row, Filters> {
  /** Reads the filters from the address's query (only what is valid; anything else means "all"). */
  filters: (query: (key: string) => string) => Filters
  /** Asks the main process for one page. */
  fetch: (filters: Filters, page: { limit: number; offset: number }) => Promise<Result<ListPage<Row>>>
  pageSize?: number
  /** Page sizes the clerk may choose (kept in the address as ?size=50); the first is the default. */
  pageSizes?: number[]
}

export interface List<Row, Filters> {
  rows: Ref<Row[]>
  total: Ref<number>
  /** The total is a lower bound (see ListPage). */
  atLeast: Ref<boolean>
  loading: Ref<boolean>
  /** The Chinese message of the last failed load, '' when it worked. */
  error: Ref<string>
  /** At least one load has answered (for "nothing yet" texts that must not flash). */
  loaded: Ref<boolean>
  filters: ComputedRef<Filters>
  page: ComputedRef<number>
  pageSize: ComputedRef<number>
  /** Changes filters in the address; any change but the page itself goes back to page 1. */
  setQuery: (patch: Record<string, string | number | null>) => void
  setPage: (page: number) => void
  /** Another page size (one of `pageSizes`), from page 1. */
  setPageSize: (size: number) => void
  /** Loads the current page again (after a change made on it). */
  reload: () => Promise<void>
}

/**
 * The one way a screen lists records: filters and the page live in the address (?status=逾期&page=2),
 * so a link, 返回 or a reload shows the same list; every change of the address loads again, and an
 * answer that arrives after a newer request was sent is dropped, so a slow old answer never
 * overwrites the list the clerk asked for last. A page past the end (the last rows of the last page
 * were just removed) turns into the last page. Filters the list must react to while it is open
 * (a link from elsewhere) come through the address too.
 */
export function useList<Row, Filters>(options: ListOptions<Row, Filters>): List<Row, Filters> {
  const route = useRoute()
  const router = useRouter()
  const sizes = options.pageSizes ?? [options.pageSize ?? 20]
  const rows = shallowRef<Row[]>([]) as Ref<Row[]>
  const total = ref(0)
  const atLeast = ref(false)
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
  const pageSize = computed(() => sizes.find((n) => String(n) === q('size')) ?? sizes[0]!)
  // Only this screen's address: leaving it must not load the list with another page's query.
  const path = route.path

  async function reload() {
    const ticket = ++latest
    loading.value = true
    try {
      const size = pageSize.value
      const result = await call(options.fetch(filters.value, { limit: size, offset: (page.value - 1) * size }))
      if (ticket !== latest) return
      if (result.rows.length === 0 && result.total > 0 && page.value > 1) {
        // Always an earlier page, so this ends even if the total promised more pages than there are.
        setPage(Math.min(page.value - 1, Math.ceil(result.total / size)))
        return
      }
      rows.value = result.rows
      total.value = result.total
      atLeast.value = result.atLeast === true
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
  function setPage(p: number) {
    replaceQuery({ ...route.query, page: p > 1 ? p : null } as Record<string, string | number | null>)
  }
  const setPageSize = (size: number) => setQuery({ size: size === sizes[0] ? null : size })

  watch(
    () => route.query,
    () => {
      if (route.path === path) void reload()
    },
    { immediate: true },
  )

  return {
    rows,
    total,
    atLeast,
    loading,
    error,
    loaded,
    filters,
    page,
    pageSize,
    setQuery,
    setPage,
    setPageSize,
    reload,
  }
}

import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { CategoryRow, TopicChannel, TopicFilter, TopicRow } from './topic-words'

/**
 * The topic register as the screen shows it: the filters (kept while the clerk visits other
 * screens), one page of rows, and the categories with their routing rules.
 */
export const useTopicStore = defineStore('topics', () => {
  const filters = reactive({
    status: null as TopicFilter | null,
    channel: null as TopicChannel | null,
    categoryId: null as number | null,
    gridId: null as number | null,
    /** [from, to] office-local dates, or null for all. */
    dates: null as [string, string] | null,
    search: '',
    untold: false,
    /** Only routed topics past their answer deadline (首页「转办已超时」); shown as a removable chip. */
    overdueRouting: false,
  })
  const page = ref(1)
  const pageSize = ref(20)
  const rows = ref<TopicRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const categories = ref<CategoryRow[]>([])
  /** A run of topics usually comes through one channel (the opinion box, a meeting): the next intake starts there. */
  const lastChannel = ref<TopicChannel>('走访')
  let latest = 0

  const activeCategories = computed(() => categories.value.filter((c) => !c.retired))
  const filtered = computed(
    () =>
      filters.status !== null ||
      filters.channel !== null ||
      filters.categoryId !== null ||
      filters.gridId !== null ||
      filters.dates !== null ||
      filters.search.trim() !== '' ||
      filters.untold ||
      filters.overdueRouting,
  )

  async function load() {
    const ticket = ++latest
    loading.value = true
    const query = {
      status: filters.status,
      channel: filters.channel,
      categoryId: filters.categoryId,
      gridId: filters.gridId,
      from: filters.dates?.[0] ?? null,
      to: filters.dates?.[1] ?? null,
      search: filters.search.trim(),
      untold: filters.untold,
      overdueRouting: filters.overdueRouting,
      limit: pageSize.value,
      offset: (page.value - 1) * pageSize.value,
    }
    const value = await attempt(() => call(window.api.topics.list(query)))
    // A slower answer to an older query must not overwrite a newer one.
    if (ticket !== latest) return
    loading.value = false
    if (!value) return
    if (value.rows.length === 0 && value.total > 0 && page.value > 1) {
      page.value = Math.max(1, Math.ceil(value.total / pageSize.value))
      return load()
    }
    rows.value = value.rows
    total.value = value.total
  }

  async function loadCategories() {
    const value = await attempt(() => call(window.api.topics.categories()))
    if (value) categories.value = value
  }

  function clearFilters() {
    Object.assign(filters, {
      status: null,
      channel: null,
      categoryId: null,
      gridId: null,
      dates: null,
      search: '',
      untold: false,
      overdueRouting: false,
    })
  }

  return {
    filters,
    page,
    pageSize,
    rows,
    total,
    loading,
    categories,
    lastChannel,
    activeCategories,
    filtered,
    load,
    loadCategories,
    clearFilters,
  }
})

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import { isDate } from '../../shared/dates'
import { TOPIC_CHANNELS, TOPIC_FILTERS } from './topic-words'
import type { CategoryRow, TopicChannel, TopicFilter } from './topic-words'

/** The register's filters, as read from the address (/topics?status=征集中&overdueRouting=1). */
export interface TopicListFilters {
  status: TopicFilter | null
  channel: TopicChannel | null
  categoryId: number | null
  gridId: number | null
  /** [from, to] office-local dates, or null for all. */
  dates: [string, string] | null
  search: string
  untold: boolean
  /** Only routed topics past their answer deadline (首页「转办已超时」); shown as a removable chip. */
  overdueRouting: boolean
}

const positive = (s: string) => (/^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null)

/** Only valid values count; anything else in the address means "all". */
export function topicFilters(q: (key: string) => string): TopicListFilters {
  const from = q('from')
  const to = q('to')
  return {
    status: TOPIC_FILTERS.find((s) => s === q('status')) ?? null,
    channel: TOPIC_CHANNELS.find((c) => c === q('channel')) ?? null,
    categoryId: positive(q('categoryId')),
    gridId: positive(q('gridId')),
    dates: isDate(from) && isDate(to) ? [from, to] : null,
    search: q('search').trim(),
    untold: q('untold') === '1',
    overdueRouting: q('overdueRouting') === '1',
  }
}

/** What clears every filter (the page goes back to 1 with any change). */
export const NO_TOPIC_FILTERS = {
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  search: null,
  untold: null,
  overdueRouting: null,
} as const

export function anyTopicFilter(f: TopicListFilters): boolean {
  return (
    f.status !== null ||
    f.channel !== null ||
    f.categoryId !== null ||
    f.gridId !== null ||
    f.dates !== null ||
    f.search !== '' ||
    f.untold ||
    f.overdueRouting
  )
}

/**
 * 议题征集's calls to the main process: one page of the register (the list itself, with its filters
 * and page in the address, is useList in TopicsView), the categories with their routing rules, and
 * the channel the next intake starts with.
 */
export const useTopicStore = defineStore('topics', () => {
  const categories = ref<CategoryRow[]>([])
  /** A run of topics usually comes through one channel (the opinion box, a meeting): the next intake starts there. */
  const lastChannel = ref<TopicChannel>('走访')

  const activeCategories = computed(() => categories.value.filter((c) => !c.retired))

  function fetchPage(f: TopicListFilters, page: { limit: number; offset: number }) {
    return window.api.topics.list({
      status: f.status,
      channel: f.channel,
      categoryId: f.categoryId,
      gridId: f.gridId,
      from: f.dates?.[0] ?? null,
      to: f.dates?.[1] ?? null,
      search: f.search,
      untold: f.untold,
      overdueRouting: f.overdueRouting,
      ...page,
    })
  }

  async function loadCategories() {
    const value = await attempt(() => call(window.api.topics.categories()))
    if (value) categories.value = value
  }

  /** 采纳: a message either way; true when adopted. */
  async function adopt(t: { id: number; number: string }): Promise<boolean> {
    return (await attempt(() => call(window.api.topics.adopt({ id: t.id })), `已采纳议题 ${t.number}`)) !== undefined
  }

  /** The register as .xlsx for a period of received dates; a failure shows as a message. */
  const exportXlsx = (period: { from: string; to: string }) => attempt(() => call(window.api.export.topicsXlsx(period)))

  return { categories, lastChannel, activeCategories, fetchPage, loadCategories, adopt, exportXlsx }
})

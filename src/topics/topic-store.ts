import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import { useExportJobs } from '../api/export-jobs'
import type { Out } from '../api/types'
import { isDate } from '../../shared/dates'
import { TOPIC_CHANNELS, TOPIC_FILTERS } from './topic-words'
import type { CategoryRow, TopicChannel, TopicFilter } from './topic-words'

export type TopicInput = Parameters<typeof window.api.topics.create>[0]
export type CategoryInput = Parameters<typeof window.api.topics.createCategory>[0]
export type SimilarQuery = Parameters<typeof window.api.topics.similar>[0]
export type SimilarTopic = Out<'topics.similar'>[number]
export type AgendaTarget = Out<'topics.agendaTargets'>[number]
export type ToAgendaInput = Parameters<typeof window.api.topics.toAgenda>[0]
export type TopicFeedbackInput = Parameters<typeof window.api.feedback.add>[0]

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
 * and page in the address, is useList in TopicsView), one topic's record (read afresh each time it
 * is shown), the categories with their routing rules, the steps a topic goes through, and the
 * channel the next intake starts with. Dialog saves throw an ApiError (FormDialog shows it); the
 * other actions report through `attempt`.
 */
export const useTopicStore = defineStore('topics', () => {
  const exportJobs = useExportJobs()
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

  /** The register as .xlsx for a period of received dates, as an export job (progress in the tray); a failure shows as a message. */
  const exportXlsx = (period: { from: string; to: string }) =>
    attempt(() => exportJobs.run(window.api.export.topicsXlsx(period)))

  /** One topic with its routing, agenda items, resolutions, duplicates and feedback; throws an ApiError. */
  const detail = (id: number) => call(window.api.topics.get({ id }))

  /** Departments named in the routing rules and earlier resolutions (suggestions); throws an ApiError. */
  const departments = () => call(window.api.topics.departments())

  /** Saves a new category or an edited rule; throws an ApiError (the form dialog shows it). */
  async function saveCategory(id: number | null, category: CategoryInput): Promise<void> {
    if (id === null) await call(window.api.topics.createCategory(category))
    else await call(window.api.topics.updateCategory({ id, ...category }))
  }

  /** 停用 / 恢复 a category: a message either way; true when done. */
  async function setCategoryRetired(c: CategoryRow, retired: boolean): Promise<boolean> {
    const payload = { id: c.id, name: c.name, department: c.department, responseHours: c.responseHours, retired }
    const done = await attempt(
      () => call(window.api.topics.updateCategory(payload)),
      retired ? `已停用「${c.name}」` : `已恢复「${c.name}」`,
    )
    return done !== undefined
  }

  /** Residents whose name, building or tags match, for the 反映人 box; throws an ApiError. */
  const findResidents = (search: string) => call(window.api.people.list({ search, page: 1, pageSize: 30 }))

  /** Topics that look like the one being typed; throws an ApiError. */
  const similar = (q: SimilarQuery) => call(window.api.topics.similar(q))

  /** Registers a topic (its channel becomes the next intake's); throws an ApiError. */
  async function create(topic: TopicInput) {
    const created = await call(window.api.topics.create(topic))
    lastChannel.value = topic.channel
    return created
  }

  /** Saves an edited topic; throws an ApiError. */
  const update = (id: number, topic: TopicInput) => call(window.api.topics.update({ id, ...topic }))

  /** The meetings not yet held that a topic can go on; throws an ApiError. */
  const agendaTargets = () => call(window.api.topics.agendaTargets())

  /** 上会; throws an ApiError. */
  const toAgenda = (input: ToAgendaInput) => call(window.api.topics.toAgenda(input))

  /** 转办; throws an ApiError. */
  const routeTopic = (id: number, department: string, reason: string) =>
    call(window.api.topics.route({ id, department, reason }))

  /** 登记答复; throws an ApiError. */
  const reply = (id: number, text: string, at: string | null) => call(window.api.topics.reply({ id, text, at }))

  /** 不予采纳; throws an ApiError. */
  const reject = (id: number, reason: string) => call(window.api.topics.reject({ id, reason }))

  /** 作废; throws an ApiError. */
  const voidTopic = (id: number, reason: string) => call(window.api.topics.void({ id, reason }))

  /** 登记反馈 from the topic's page: a message either way; true when recorded. */
  async function addFeedback(feedback: TopicFeedbackInput): Promise<boolean> {
    return (await attempt(() => call(window.api.feedback.add(feedback)), '已登记反馈')) !== undefined
  }

  return {
    categories,
    lastChannel,
    activeCategories,
    fetchPage,
    loadCategories,
    adopt,
    exportXlsx,
    detail,
    departments,
    saveCategory,
    setCategoryRetired,
    findResidents,
    similar,
    create,
    update,
    agendaTargets,
    toAgenda,
    routeTopic,
    reply,
    reject,
    voidTopic,
    addFeedback,
  }
})

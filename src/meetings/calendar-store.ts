import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import type { MeetingStatus } from './constants'
import { officeDate } from '../../shared/time'
import { addDays, addMonths, monthEnd, monthStart, startOfWeek } from '../../shared/dates'

export type MeetingRow = Out<'meetings.list'>[number]
export type DayInfo = Out<'meetings.calendarDays'>['days'][number]
export type ViewMode = 'month' | 'week' | 'list'

/**
 * 议事会日程: which view, which month/week, and what is in it. Kept in a store so that coming back
 * from a meeting shows the same month.
 */
export const useCalendarStore = defineStore('meeting-calendar', () => {
  const mode = ref<ViewMode>('month')
  const anchor = ref(officeDate())
  const status = ref<MeetingStatus | null>(null)
  const meetings = ref<MeetingRow[]>([])
  const days = ref<DayInfo[]>([])
  const lastKnownYear = ref<number | null>(null)
  /** The last day series occurrences exist for, when the range on screen reaches past it. */
  const seriesUntil = ref<string | null>(null)
  const loading = ref(false)

  /** The dates on screen: a Monday-to-Sunday grid around the month, one week, or the month for the list. */
  const range = computed(() => {
    if (mode.value === 'week') {
      const from = startOfWeek(anchor.value)
      return { from, to: addDays(from, 6) }
    }
    const first = monthStart(anchor.value)
    if (mode.value === 'list') return { from: first, to: monthEnd(first) }
    return { from: startOfWeek(first), to: addDays(startOfWeek(monthEnd(first)), 6) }
  })

  /** Years on screen whose holiday arrangement nobody has yet (neither the program nor the office). */
  const unknownYears = computed(() => [
    ...new Set(days.value.filter((d) => !d.known).map((d) => Number(d.date.slice(0, 4)))),
  ])
  /** Years on screen whose holidays are the office's own entries. */
  const officeYears = computed(() => [
    ...new Set(days.value.filter((d) => d.source === 'office').map((d) => Number(d.date.slice(0, 4)))),
  ])

  const dayInfo = computed(() => new Map(days.value.map((d) => [d.date, d])))

  let latest = 0
  async function load() {
    const { from, to } = range.value
    const ticket = ++latest
    loading.value = true
    const [list, cal] = await Promise.all([
      attempt(() => call(window.api.meetings.list({ from, to, status: mode.value === 'list' ? status.value : null }))),
      attempt(() => call(window.api.meetings.calendarDays({ from, to }))),
    ])
    if (ticket !== latest) return // the user has already moved on
    loading.value = false
    if (list) meetings.value = list
    if (cal) {
      days.value = cal.days
      lastKnownYear.value = cal.lastKnownYear
      seriesUntil.value = cal.seriesUntil
    }
  }

  function step(n: number) {
    anchor.value = mode.value === 'week' ? addDays(anchor.value, 7 * n) : addMonths(anchor.value, n)
  }
  const goToday = () => (anchor.value = officeDate())

  return {
    mode,
    anchor,
    status,
    meetings,
    days,
    dayInfo,
    lastKnownYear,
    seriesUntil,
    unknownYears,
    officeYears,
    loading,
    range,
    load,
    step,
    goToday,
  }
})

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import type { MeetingStatus } from './constants'
import { officeDate } from '../../shared/time'
import { addDays, addMonths, monthEnd, monthStart, startOfWeek } from '../../shared/dates'

export type MeetingRow = Out<'meetings.calendar'>['meetings'][number]
export type DayInfo = Out<'meetings.calendar'>['days'][number]
export type ViewMode = 'month' | 'week' | 'list'
export type ScheduleAdvice = Out<'meetings.checkSchedule'>
export type MeetingInput = Parameters<typeof window.api.meetings.create>[0]
export type SeriesInput = Parameters<typeof window.api.meetings.createSeries>[0]
export type SeriesResult = Out<'meetings.createSeries'>
export type HolidayYear = Out<'holidays.year'>
export type HolidayYears = Out<'holidays.years'>
export type HolidayYearInput = Parameters<typeof window.api.holidays.saveYear>[0]

/**
 * 议事会日程: which view, which month/week, and what is in it. Kept in a store so that coming back
 * from a meeting shows the same month. Also the calls that put meetings on the calendar (one
 * meeting, a series, the schedule advice) and the office's holiday arrangements; those throw an
 * ApiError for the form to show.
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
    const cal = await attempt(() =>
      call(window.api.meetings.calendar({ from, to, status: mode.value === 'list' ? status.value : null })),
    )
    if (ticket !== latest) return // the user has already moved on
    loading.value = false
    if (cal) {
      meetings.value = cal.meetings
      days.value = cal.days
      lastKnownYear.value = cal.lastKnownYear
      seriesUntil.value = cal.seriesUntil
    }
  }

  /**
   * Whether residents can come at that time (weekday working hours, holidays). The raw result: a
   * refusal here only means no advice is shown.
   */
  function checkSchedule(start: string, end: string) {
    return window.api.meetings.checkSchedule({ start, end })
  }

  /** Saves a new meeting or an edit; the meeting's id. Throws an ApiError. */
  async function saveMeeting(id: number | null, meeting: MeetingInput): Promise<number> {
    if (id !== null) {
      await call(window.api.meetings.update({ id, ...meeting }))
      return id
    }
    return (await call(window.api.meetings.create(meeting))).id
  }

  function createSeries(series: SeriesInput): Promise<SeriesResult> {
    return call(window.api.meetings.createSeries(series))
  }

  /** A year's holiday arrangement and the years the office has entered; throws an ApiError. */
  async function holidayYear(year: number): Promise<{ info: HolidayYear; entered: HolidayYears }> {
    const [info, entered] = await Promise.all([
      call(window.api.holidays.year({ year })),
      call(window.api.holidays.years()),
    ])
    return { info, entered }
  }

  function saveHolidays(year: HolidayYearInput) {
    return call(window.api.holidays.saveYear(year))
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
    checkSchedule,
    saveMeeting,
    createSeries,
    holidayYear,
    saveHolidays,
    step,
    goToday,
  }
})

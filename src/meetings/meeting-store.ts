import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call, messageOf } from '../api/call'
import { attempt } from '../api/notify'
import { useExportJobs } from '../api/export-jobs'
import type { Out } from '../api/types'
import { agendaLocked, meetingLocked, type MeetingStatus } from './constants'

export type MeetingDetail = Out<'meetings.get'>
export type AgendaItem = MeetingDetail['agenda']['items'][number]
export type AttendanceSummary = MeetingDetail['attendance']
export type RosterRow = Out<'meetings.attendance'>['roster'][number]
export type Participation = Out<'meetings.participation'>
export type AgendaItemInput = Omit<Parameters<typeof window.api.meetings.addItem>[0], 'meetingId'>
export type MinutesInput = Parameters<typeof window.api.meetings.saveMinutes>[0]
export type VoteInput = Parameters<typeof window.api.meetings.recordVote>[0]
export type AttendanceInput = Parameters<typeof window.api.meetings.recordAttendance>[0]
export type ParticipationQuery = Parameters<typeof window.api.meetings.participation>[0]
export type SeriesEditInput = Parameters<typeof window.api.meetings.editSeries>[0]
export type SeriesEditResult = Out<'meetings.editSeries'>
export type SeriesEndResult = Out<'meetings.endSeries'>
/** What one meeting's printed papers are made from. */
export type PaperSources = {
  detail: MeetingDetail
  attendance: Out<'meetings.attendance'>
  overview: Out<'community.overview'>
}
export type ExportKind = 'xlsx' | 'ics'
/** One meeting, or the meetings starting in [from, to] (office-local dates). */
export type ExportScope = { meetingId: number } | { from: string; to: string }

/**
 * One meeting's page: the meeting, its agenda, attendance and minutes, reloaded after every change;
 * and the calls that change them. Actions named as failing "as a message" report through `attempt`
 * (a toast, undefined/false back); the others throw an ApiError for the form or box to show.
 */
export const useMeetingStore = defineStore('meeting-detail', () => {
  const exportJobs = useExportJobs()
  const id = ref<number | null>(null)
  const detail = ref<MeetingDetail | null>(null)
  const roster = ref<RosterRow[]>([])
  const error = ref('')

  async function load(meetingId: number) {
    if (id.value !== meetingId) {
      detail.value = null
      roster.value = []
    }
    id.value = meetingId
    try {
      // One call: the meeting, its agenda, minutes and attendance with the roster.
      const d = await call(window.api.meetings.get({ id: meetingId }))
      if (id.value !== meetingId) return
      detail.value = d
      roster.value = d.roster
      error.value = ''
    } catch (err) {
      if (id.value === meetingId) error.value = messageOf(err)
    }
  }

  async function reload() {
    if (id.value !== null) await load(id.value)
  }

  // —— 议程 ——
  async function moveItem(itemId: number, direction: 'up' | 'down') {
    await attempt(() => call(window.api.meetings.moveItem({ id: itemId, direction })))
    await reload()
  }

  async function removeItem(itemId: number) {
    await attempt(() => call(window.api.meetings.removeItem({ id: itemId })), '议程事项已删除')
    await reload()
  }

  /** 顺延 to the series' next meeting, which it answers with; a failure shows as a message. */
  function carryOver(itemId: number) {
    return attempt(() => call(window.api.meetings.carryOver({ id: itemId })))
  }

  async function setItemState(itemId: number, state: '待议' | '已议') {
    await attempt(() => call(window.api.meetings.setItemState({ id: itemId, state })))
    await reload()
  }

  /** Adds an item (itemId null) or saves an edit; throws an ApiError. */
  async function saveItem(meetingId: number, itemId: number | null, item: AgendaItemInput): Promise<void> {
    if (itemId !== null) await call(window.api.meetings.updateItem({ id: itemId, ...item }))
    else await call(window.api.meetings.addItem({ meetingId, ...item }))
  }

  // —— 纪要, 表决, 出席 ——
  async function saveMinutes(minutes: MinutesInput): Promise<void> {
    await call(window.api.meetings.saveMinutes(minutes))
  }

  async function confirmMinutes(meetingId: number): Promise<void> {
    await call(window.api.meetings.confirmMinutes({ meetingId }))
  }

  /** 公示; a failure shows as a message. True when done (the page is reloaded). */
  async function publishMinutes(meetingId: number): Promise<boolean> {
    const done = await attempt(
      () => call(window.api.meetings.publishMinutes({ meetingId })).then(() => true),
      '纪要已标为公示',
    )
    if (done) await reload()
    return done === true
  }

  async function recordVote(vote: VoteInput): Promise<void> {
    await call(window.api.meetings.recordVote(vote))
  }

  async function recordAttendance(attendance: AttendanceInput): Promise<void> {
    await call(window.api.meetings.recordAttendance(attendance))
  }

  /** Attendance over a period; a failure shows as a message. */
  function participation(query: ParticipationQuery) {
    return attempt(() => call(window.api.meetings.participation(query)))
  }

  // —— 状态 and the series ——
  /** Moves the meeting to another status; a failure shows as a message. True when done (then reloaded). */
  async function setStatus(meetingId: number, status: MeetingStatus, reason: string): Promise<boolean> {
    const done = await attempt(
      () => call(window.api.meetings.setStatus({ id: meetingId, status, reason })).then(() => true),
      `会议状态已改为「${status}」`,
    )
    if (done) await reload()
    return done === true
  }

  function editSeries(series: SeriesEditInput): Promise<SeriesEditResult> {
    return call(window.api.meetings.editSeries(series))
  }

  function endSeries(seriesId: number, from: string): Promise<SeriesEndResult> {
    return call(window.api.meetings.endSeries({ id: seriesId, from }))
  }

  // —— papers and files ——
  /** Everything the printed papers need; throws an ApiError (the print page shows it in place). */
  async function paperSources(meetingId: number): Promise<PaperSources> {
    const [d, overview] = await Promise.all([
      call(window.api.meetings.get({ id: meetingId })),
      call(window.api.community.overview()),
    ])
    return { detail: d, attendance: { roster: d.roster, summary: d.attendance }, overview }
  }

  /** 导出台账 / 导出日历 as an export job (progress in the tray); throws an ApiError. No path: the clerk cancelled. */
  function exportFile(kind: ExportKind, scope: ExportScope) {
    if ('meetingId' in scope) {
      const one = { meetingId: scope.meetingId }
      return exportJobs.run(kind === 'xlsx' ? window.api.export.meetingXlsx(one) : window.api.export.meetingIcs(one))
    }
    const range = { from: scope.from, to: scope.to }
    return exportJobs.run(
      kind === 'xlsx' ? window.api.export.meetingsXlsx(range) : window.api.export.meetingsIcs(range),
    )
  }

  const meeting = computed(() => detail.value?.meeting ?? null)
  const locked = computed(() => (meeting.value ? meetingLocked(meeting.value.status) : true))
  const agendaFrozen = computed(() => (meeting.value ? agendaLocked(meeting.value.status) : true))

  return {
    id,
    detail,
    roster,
    error,
    meeting,
    locked,
    agendaFrozen,
    load,
    reload,
    moveItem,
    removeItem,
    carryOver,
    setItemState,
    saveItem,
    saveMinutes,
    confirmMinutes,
    publishMinutes,
    recordVote,
    recordAttendance,
    participation,
    setStatus,
    editSeries,
    endSeries,
    paperSources,
    exportFile,
  }
})

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call, messageOf } from '../api/call'
import type { Out } from '../api/types'
import { agendaLocked, meetingLocked } from './constants'

export type MeetingDetail = Out<'meetings.get'>
export type AgendaItem = MeetingDetail['agenda']['items'][number]
export type AttendanceSummary = MeetingDetail['attendance']
export type RosterRow = Out<'meetings.attendance'>['roster'][number]

/** One meeting's page: the meeting, its agenda, attendance and minutes, reloaded after every change. */
export const useMeetingStore = defineStore('meeting-detail', () => {
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
      const [d, a] = await Promise.all([
        call(window.api.meetings.get({ id: meetingId })),
        call(window.api.meetings.attendance({ meetingId })),
      ])
      if (id.value !== meetingId) return
      detail.value = d
      roster.value = a.roster
      error.value = ''
    } catch (err) {
      if (id.value === meetingId) error.value = messageOf(err)
    }
  }

  async function reload() {
    if (id.value !== null) await load(id.value)
  }

  const meeting = computed(() => detail.value?.meeting ?? null)
  const locked = computed(() => (meeting.value ? meetingLocked(meeting.value.status) : true))
  const agendaFrozen = computed(() => (meeting.value ? agendaLocked(meeting.value.status) : true))

  return { id, detail, roster, error, meeting, locked, agendaFrozen, load, reload }
})

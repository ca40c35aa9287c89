import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type CouncilRow = Out<'council.list'>[number]
export type TermRow = CouncilRow['terms'][number]
export type MemberRow = Out<'council.members'>[number]
export type RoomRow = Out<'meetings.rooms'>[number]

/** Councils with their terms, the meeting rooms, and whether the roster has anyone to pick from. */
export const useCouncilStore = defineStore('council', () => {
  const councils = ref<CouncilRow[]>([])
  const rooms = ref<RoomRow[]>([])
  /** How many residents the roster holds (null until known). */
  const residentCount = ref<number | null>(null)

  async function loadCouncils() {
    const value = await attempt(() => call(window.api.council.list()))
    if (value) councils.value = value
  }

  async function loadRooms() {
    const value = await attempt(() => call(window.api.meetings.rooms()))
    if (value) rooms.value = value
  }

  async function countResidents() {
    const value = await attempt(() => call(window.api.people.list({ page: 1, pageSize: 1 })))
    if (value) residentCount.value = value.total
  }

  return { councils, rooms, residentCount, loadCouncils, loadRooms, countResidents }
})

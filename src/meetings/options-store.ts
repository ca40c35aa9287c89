import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type RoomRow = Out<'meetings.rooms'>[number]
export type CouncilRow = Out<'council.list'>[number]

/** Rooms and councils for the meeting forms' drop-downs; reloaded whenever a form opens. */
export const useMeetingOptions = defineStore('meeting-options', () => {
  const rooms = ref<RoomRow[]>([])
  const councils = ref<CouncilRow[]>([])

  async function load() {
    const [r, c] = await Promise.all([
      attempt(() => call(window.api.meetings.rooms())),
      attempt(() => call(window.api.council.list())),
    ])
    if (r) rooms.value = r
    if (c) councils.value = c
  }

  const councilName = (id: number | null) => councils.value.find((c) => c.id === id)?.name ?? null

  return { rooms, councils, load, councilName }
})

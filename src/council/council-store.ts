import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type CouncilRow = Out<'council.list'>[number]
export type TermRow = CouncilRow['terms'][number]
export type MemberRow = Out<'council.members'>[number]
export type RoomRow = Out<'meetings.rooms'>[number]
export type CouncilInput = Parameters<typeof window.api.council.create>[0]
export type NewTermInput = Parameters<typeof window.api.council.createTerm>[0]
export type TermEditInput = Parameters<typeof window.api.council.updateTerm>[0]
export type NewMemberInput = Parameters<typeof window.api.council.addMember>[0]
export type MemberEditInput = Parameters<typeof window.api.council.updateMember>[0]
export type MemberEndInput = Parameters<typeof window.api.council.endMember>[0]
export type RoomInput = Parameters<typeof window.api.meetings.createRoom>[0]

/**
 * Councils with their terms, the meeting rooms, and whether the roster has anyone to pick from; and
 * the calls that change them. Saves throw an ApiError (the form dialog shows it); deletions and
 * loads report through `attempt`.
 */
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

  /** One page of residents matching a query, for the member picker; throws an ApiError. */
  function searchResidents(query: string) {
    return call(window.api.people.list({ search: query, page: 1, pageSize: 50 }))
  }

  /** A term's members; a failure shows as a message (undefined). */
  function members(termId: number) {
    return attempt(() => call(window.api.council.members({ termId })))
  }

  /** Saves a new council (its id) or an edit (null); throws an ApiError. */
  async function saveCouncil(id: number | null, council: CouncilInput): Promise<number | null> {
    if (id !== null) {
      await call(window.api.council.update({ id, ...council }))
      return null
    }
    return (await call(window.api.council.create({ ...council }))).id
  }

  /** Adds a term; its id. Throws an ApiError. */
  async function createTerm(term: NewTermInput): Promise<number> {
    return (await call(window.api.council.createTerm(term))).id
  }

  /** Corrects a term; throws an ApiError. */
  async function updateTerm(term: TermEditInput): Promise<void> {
    await call(window.api.council.updateTerm(term))
  }

  /** Deletes an empty term; a failure shows as a message. True when it is gone. */
  async function deleteTerm(t: { id: number; name: string }): Promise<boolean> {
    const done = await attempt(
      () => call(window.api.council.deleteTerm({ id: t.id })).then(() => true),
      `已删除届次「${t.name}」`,
    )
    return done === true
  }

  async function addMember(member: NewMemberInput): Promise<void> {
    await call(window.api.council.addMember(member))
  }

  async function updateMember(member: MemberEditInput): Promise<void> {
    await call(window.api.council.updateMember(member))
  }

  async function endMember(member: MemberEndInput): Promise<void> {
    await call(window.api.council.endMember(member))
  }

  /** Saves a new room or an edit; throws an ApiError. */
  async function saveRoom(id: number | null, room: RoomInput): Promise<void> {
    if (id !== null) await call(window.api.meetings.updateRoom({ id, ...room }))
    else await call(window.api.meetings.createRoom(room))
  }

  /** Deletes (or retires) a room and reloads the list; a failure shows as a message. */
  async function deleteRoom(room: { id: number; name: string }): Promise<void> {
    const done = await attempt(
      () => call(window.api.meetings.deleteRoom({ id: room.id })),
      `已删除场地「${room.name}」`,
    )
    if (done) await loadRooms()
  }

  return {
    councils,
    rooms,
    residentCount,
    loadCouncils,
    loadRooms,
    countResidents,
    searchResidents,
    members,
    saveCouncil,
    createTerm,
    updateTerm,
    deleteTerm,
    addMember,
    updateMember,
    endMember,
    saveRoom,
    deleteRoom,
  }
})

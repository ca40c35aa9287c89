import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type ResidentPage = Out<'people.list'>
export type ResidentRow = ResidentPage['rows'][number]
export type ResidentInput = Parameters<typeof window.api.people.create>[0]

/** The roster's filter, as read from the address (/people?search=张&page=2). */
export const residentFilters = (q: (key: string) => string) => ({ search: q('search').trim() })

/**
 * 居民名册's calls to the main process: one page of the roster as the server returns it (phones
 * masked; the list itself, with its search and page in the address, is useList in PeopleView),
 * saving and deleting a resident, and the full numbers the clerk has asked to see on this visit.
 * Those are forgotten when the screen is left.
 */
export const usePeopleStore = defineStore('people', () => {
  /** Full phone numbers shown on request, by resident id. */
  const revealed = ref<Record<number, string>>({})

  function fetchPage(f: { search: string }, page: { limit: number; offset: number }) {
    return window.api.people.list({ search: f.search, page: page.offset / page.limit + 1, pageSize: page.limit })
  }

  /** Saves a new resident, or an edit (an empty phone keeps the stored number); throws an ApiError. */
  async function save(id: number | null, resident: ResidentInput): Promise<void> {
    if (id === null) {
      await call(window.api.people.create(resident))
      return
    }
    const { phone, ...rest } = resident
    await call(window.api.people.update({ id, ...rest, ...(phone?.trim() ? { phone } : {}) }))
  }

  /** Deletes a resident; a failure shows as a message. True when it is gone. */
  async function remove(r: { id: number; name: string }): Promise<boolean> {
    const done = await attempt(() => call(window.api.people.delete({ id: r.id })), `已删除居民「${r.name}」`)
    if (done === undefined) return false
    hidePhone(r.id)
    return true
  }

  /** A full number (the server writes each request to the audit log); throws an ApiError on failure. */
  async function fullPhone(id: number): Promise<string> {
    const known = revealed.value[id]
    if (known !== undefined) return known
    const { phone } = await call(window.api.people.revealPhone({ id }))
    revealed.value = { ...revealed.value, [id]: phone }
    return phone
  }

  /** Shows a full number in the table; a failure is shown as a message. */
  async function revealPhone(id: number): Promise<void> {
    await attempt(() => fullPhone(id))
  }

  function hidePhone(id: number) {
    const next = { ...revealed.value }
    delete next[id]
    revealed.value = next
  }

  function forgetPhones() {
    revealed.value = {}
  }

  return {
    revealed,
    fetchPage,
    save,
    remove,
    fullPhone,
    revealPhone,
    hidePhone,
    forgetPhones,
  }
})

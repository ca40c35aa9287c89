import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import { importApi } from '../shell/import-api'
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
  /** Full ID numbers shown on request (reveal.show kind resident.idNumber), by resident id. */
  const revealedIds = ref<Record<number, string>>({})

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
    hideIdNumber(r.id)
    return true
  }

  /**
   * Keeps a full number (asked for with a reason in RevealDialog, which the main process writes to
   * the audit log) shown in the table until the clerk hides it or leaves the screen.
   */
  function showPhone(id: number, phone: string) {
    revealed.value = { ...revealed.value, [id]: phone }
  }

  function hidePhone(id: number) {
    const next = { ...revealed.value }
    delete next[id]
    revealed.value = next
  }

  /** The same for an ID number. */
  function showIdNumber(id: number, idNumber: string) {
    revealedIds.value = { ...revealedIds.value, [id]: idNumber }
  }

  function hideIdNumber(id: number) {
    const next = { ...revealedIds.value }
    delete next[id]
    revealedIds.value = next
  }

  /** Leaving the screen: every full number shown on this visit is hidden again. */
  function forgetPhones() {
    revealed.value = {}
    revealedIds.value = {}
  }

  /** 导入居民名册: the one import dialog's calls (shell/import-api.ts). */
  const importing = importApi({
    layout: (f) => window.api.people.importLayout(f),
    preview: (q) => window.api.people.importPreview(q),
    commit: (q) => window.api.people.importCommit(q),
    problems: (q) => window.api.people.importProblems(q),
    template: () => window.api.people.importTemplate(),
  })

  return {
    importing,
    revealed,
    revealedIds,
    fetchPage,
    save,
    remove,
    showPhone,
    hidePhone,
    showIdNumber,
    hideIdNumber,
    forgetPhones,
  }
})

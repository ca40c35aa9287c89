import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type ResidentPage = Out<'people.list'>
export type ResidentRow = ResidentPage['rows'][number]

/**
 * One page of the resident roster, as the server returns it (phones masked), plus the full numbers
 * the clerk has asked to see on this visit. Those are forgotten when the screen is left.
 */
export const usePeopleStore = defineStore('people', () => {
  const rows = ref<ResidentRow[]>([])
  const total = ref(0)
  const search = ref('')
  const page = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)
  /** Full phone numbers shown on request, by resident id. */
  const revealed = ref<Record<number, string>>({})
  let latest = 0

  async function load() {
    const ticket = ++latest
    loading.value = true
    const query = { search: search.value.trim(), page: page.value, pageSize: pageSize.value }
    const value = await attempt(() => call(window.api.people.list(query)))
    // A slower answer to an older search must not overwrite a newer one.
    if (ticket !== latest) return
    loading.value = false
    if (!value) return
    // After a deletion the last page may be empty: step back to the page before it.
    if (value.rows.length === 0 && value.total > 0 && page.value > 1) {
      page.value = Math.max(1, Math.ceil(value.total / pageSize.value))
      return load()
    }
    rows.value = value.rows
    total.value = value.total
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
    rows,
    total,
    search,
    page,
    pageSize,
    loading,
    revealed,
    load,
    fullPhone,
    revealPhone,
    hidePhone,
    forgetPhones,
  }
})

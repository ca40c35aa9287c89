import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'

export type Overview = Out<'community.overview'>
export type GridRow = Overview['grids'][number]
export type BuildingRow = Overview['buildings'][number]

/** The community profile, its grids and buildings: loaded once, reloaded after every change. */
export const useCommunityStore = defineStore('community', () => {
  const overview = ref<Overview | null>(null)
  const loading = ref(false)

  async function load() {
    loading.value = true
    const value = await attempt(() => call(window.api.community.overview()))
    if (value) overview.value = value
    loading.value = false
  }

  return { overview, loading, load }
})

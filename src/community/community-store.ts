import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import { importApi } from '../shell/import-api'

export type Overview = Out<'community.overview'>
export type GridRow = Overview['grids'][number]
export type BuildingRow = Overview['buildings'][number]
export type ProfileInput = Parameters<typeof window.api.community.saveProfile>[0]
export type GridInput = Parameters<typeof window.api.community.createGrid>[0]
export type BuildingInput = Parameters<typeof window.api.community.createBuilding>[0]

/**
 * The community profile, its grids and buildings: loaded once, reloaded after every change. Saves
 * throw an ApiError (the form dialog shows it); the profile and deletions report through `attempt`.
 */
export const useCommunityStore = defineStore('community', () => {
  const overview = ref<Overview | null>(null)
  const loading = ref(false)

  async function load() {
    loading.value = true
    const value = await attempt(() => call(window.api.community.overview()))
    if (value) overview.value = value
    loading.value = false
  }

  /** The profile form's 保存: a message either way; true when saved. */
  async function saveProfile(profile: ProfileInput): Promise<boolean> {
    const saved = await attempt(() => call(window.api.community.saveProfile(profile)), '社区档案已保存')
    if (saved) await load()
    return saved !== undefined
  }

  async function saveGrid(id: number | null, grid: GridInput): Promise<void> {
    if (id === null) await call(window.api.community.createGrid(grid))
    else await call(window.api.community.updateGrid({ id, ...grid }))
  }

  async function saveBuilding(id: number | null, building: BuildingInput): Promise<void> {
    if (id === null) await call(window.api.community.createBuilding(building))
    else await call(window.api.community.updateBuilding({ id, ...building }))
  }

  async function deleteGrid(id: number): Promise<void> {
    await attempt(() => call(window.api.community.deleteGrid({ id })), '网格已删除')
    await load()
  }

  async function deleteBuilding(id: number): Promise<void> {
    await attempt(() => call(window.api.community.deleteBuilding({ id })), '已删除')
    await load()
  }

  /** 导入楼栋 / 导入网格: the one import dialog's calls (shell/import-api.ts). */
  const importBuildings = importApi({
    layout: (f) => window.api.community.importBuildingsLayout(f),
    preview: (q) => window.api.community.importBuildingsPreview(q),
    commit: (q) => window.api.community.importBuildingsCommit(q),
    problems: (q) => window.api.community.importBuildingsProblems(q),
    template: () => window.api.community.importBuildingsTemplate(),
  })
  const importGrids = importApi({
    layout: (f) => window.api.community.importGridsLayout(f),
    preview: (q) => window.api.community.importGridsPreview(q),
    commit: (q) => window.api.community.importGridsCommit(q),
    problems: (q) => window.api.community.importGridsProblems(q),
    template: () => window.api.community.importGridsTemplate(),
  })

  return {
    overview,
    loading,
    load,
    saveProfile,
    saveGrid,
    saveBuilding,
    deleteGrid,
    deleteBuilding,
    importBuildings,
    importGrids,
  }
})

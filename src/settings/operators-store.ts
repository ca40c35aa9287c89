import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import type { Role } from '../../shared/operators'
import { useSessionStore } from './session-store'

export type OperatorList = Out<'settings.operators'>
export type OperatorRow = OperatorList['operators'][number]
export interface OperatorForm {
  name: string
  roles: Role[]
  /** '' keeps the password (none for a new person); null removes it. */
  pin: string | null
}

/** 设置 → 操作人 and 自动锁屏: the 管理员's calls (the main process refuses them to anyone else). */
export const useOperatorsStore = defineStore('operators', () => {
  const list = ref<OperatorList | null>(null)

  async function load() {
    const value = await attempt(() => call(window.api.settings.operators()))
    if (value) list.value = value
  }

  /** Saves a person; a refusal throws an ApiError for the dialog. Naming the first one signs in as them. */
  async function save(id: number | null, form: OperatorForm) {
    await call(window.api.settings.saveOperator({ id, ...form }))
    await Promise.all([load(), useSessionStore().load()])
  }

  async function remove(row: OperatorRow) {
    const done = await attempt(
      () => call(window.api.settings.removeOperator({ id: row.id })),
      `已停用操作人「${row.name}」`,
    )
    if (done !== undefined) await Promise.all([load(), useSessionStore().load()])
  }

  async function saveIdleMinutes(minutes: number) {
    const done = await attempt(
      () => call(window.api.settings.saveIdle({ idleSeconds: Math.round(minutes * 60) })),
      `已保存：${minutes} 分钟无人操作就锁屏`,
    )
    if (done) await Promise.all([load(), useSessionStore().load()])
  }

  return { list, load, save, remove, saveIdleMinutes }
})

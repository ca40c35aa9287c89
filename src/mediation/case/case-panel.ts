import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import type { Out } from '../../api/types'

/**
 * What the panels of one case (CaseView.vue) share. Each panel gets the loaded case as `c` and
 * emits `changed` after a save: the page reloads the case and calls `reloaded` when the new one is
 * in, so a save can wait for it (the dialog stays busy until the table shows the change). A message
 * that does not belong in a dialog goes up with `error` to the red box at the top of the page.
 */
export type Detail = Out<'mediation.open'>
export type Dossier = Out<'mediation.dossier'>
export type CaseEmit = {
  (e: 'changed', reloaded: () => void): void
  (e: 'error', message: string): void
}

/** Shows `message` as a success, then has the page reload the case; resolves once it is in. */
export function changed(emit: CaseEmit, message: string): Promise<void> {
  ElMessage({ type: 'success', message, duration: 2500, showClose: true })
  return reload(emit)
}

/** Has the page reload the case; resolves once the new one is in. */
export function reload(emit: CaseEmit): Promise<void> {
  return new Promise((resolve) => emit('changed', resolve))
}

/** The parties themselves, without their 委托代理人. */
export const principalsOf = (c: Detail) => c.parties.filter((p) => p.side !== '委托代理人')

/** The case is still being mediated: people, records and the agreement can change. */
export const isMediating = (c: Detail) => c.status === '受理' || c.status === '调解中'

import { call } from '../api/call'
import type { AppRegistry } from '../../electron/registry'

/** The kinds of masked value a module lets a clerk see in full (resident.phone, …). */
export type RevealKind = Parameters<AppRegistry['reveal.show']['run']>[1]['kind']

/**
 * 显示完整信息: the full value of a masked field, for one record. The reason is required (the main
 * process refuses an empty one in Chinese) and every showing goes into the audit log with the
 * operator's name. Throws an ApiError for the dialog to show.
 */
export async function revealValue(kind: RevealKind, id: number, reason: string): Promise<string> {
  const { value } = await call(window.api.reveal.show({ kind, id, reason }))
  return value
}

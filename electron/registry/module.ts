import type { Db } from '../database/open-database'
import type { Registry } from './define'

/**
 * What one module contributes to the app: its calls (channel → schema + handler) and, where it
 * has any, its counts for the home page's 待办提醒. Each module folder's index.ts exports one of
 * these; electron/modules.ts lists them, and the registry, the transports and the home page are
 * built from that list, so adding a module touches nothing else central.
 */
export interface DeskModule<H extends Registry = Registry, R extends Record<string, number> = Record<string, number>> {
  /** The folder's name, and the first word of its channels. */
  readonly name: string
  readonly handlers: H
  /** Counts for the home page; each key is one tile the renderer knows. */
  readonly reminders?: (db: Db, now: string) => Promise<R>
  /**
   * Work that depends on the date alone (an open resolution becomes overdue at midnight): run at
   * start-up and when the office's date changes while the app stays open — never by a read.
   */
  readonly upkeep?: (db: Db, now: string) => Promise<void>
}

export function defineModule<H extends Registry, R extends Record<string, number> = Record<string, never>>(
  module: DeskModule<H, R>,
): DeskModule<H, R> {
  return module
}

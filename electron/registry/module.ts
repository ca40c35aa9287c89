import type { Db } from '../database/open-database'
import type { DemoPart } from '../demo/context'
import type { Registry } from './define'
import type { AnyExporter } from './export-file'

/**
 * What one module contributes to the app: its calls (channel → schema + handler) and, where it
 * has any, its counts for the home page's 待办提醒, its date-driven upkeep and its part of the demo
 * community. Each module folder's index.ts exports one of these; electron/modules.ts lists them,
 * and the registry, the transports, the home page and the demo are built from that list, so adding
 * a module touches nothing else central.
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
  /**
   * Its part of the demo community (`npm run demo`, tests, the benchmark): run in the order of
   * electron/modules.ts with one shared context (demo/context.ts) — the options, the seeded dice,
   * and what earlier modules made — to which it adds what it made and its counts.
   */
  readonly demo?: DemoPart
  /**
   * Its files (.xlsx, .ics): the export worker finds each by its key here, so it loads every
   * module's builders without a list of its own (see registry/export-jobs.ts).
   */
  readonly exporters?: readonly AnyExporter[]
}

export function defineModule<H extends Registry, R extends Record<string, number> = Record<string, never>>(
  module: DeskModule<H, R>,
): DeskModule<H, R> {
  return module
}

import type { AliasableExpression, ExpressionBuilder, SelectQueryBuilder } from 'kysely'
import { REMINDER_CAP } from '../../shared/reminder-values'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import type { DemoPart } from '../demo/context'
import type { HostContext, Registry } from './define'
import type { AnyExporter } from './export-file'
import type { Access } from './session'

/**
 * A personal value a module keeps masked in every list (a phone, an ID number) that a clerk may
 * ask to see in full: `reveal.show` reads it with `read`, after a reason, and writes the audit log.
 */
export interface Reveal {
  /** What is shown, as the dialog and the audit log name it: 居民电话, 当事人身份证号. */
  readonly label: string
  /**
   * The full value of record `id` (throws notFound when it is gone). `ctx` names the operator, for
   * a module that limits which records a person may see (the casebook: an elder's own cases).
   */
  read(db: Db, id: number, ctx: HostContext): Promise<string>
  /** Who may see it; the module's access applies where it is left out. */
  readonly access?: Access
}

/**
 * What one module contributes to the app: its calls (channel → schema + handler) and, where it
 * has any, its counts for the home page's 待办提醒, its date-driven upkeep and its part of the demo
 * community. Each module folder's index.ts exports one of these; electron/modules.ts lists them,
 * and the registry, the transports, the home page and the demo are built from that list, so adding
 * a module touches nothing else central.
 */
export interface DeskModule<H extends Registry = Registry, T extends string = string> {
  /** The folder's name, and the first word of its channels. */
  readonly name: string
  readonly handlers: H
  /**
   * Counts for the home page; each key is one tile the renderer knows, each value its count as a
   * scalar subquery (`eb.selectFrom(…).select(countAll).$asScalar()`). The registry puts every
   * module's counts into ONE statement, so the home page is one round trip however many modules
   * remind. Each count must be answered from an index of the records still open (a partial index
   * on the open states), never by reading the history: the home page opens first, on every start.
   * The statement is compiled once (database/prepared.ts): `clock.now` (UTC ISO) and `clock.today`
   * (the office's date) go into the query as values, as they are; nothing may be computed from them.
   */
  readonly reminders?: (eb: ExpressionBuilder<Database, never>, clock: ReminderClock) => ReminderCounts<T>
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
  /**
   * Who may open the module: every one of its calls is refused (in Chinese) to an operator without
   * one of these marks, unless the call says otherwise; the renderer hides its screens to match.
   */
  readonly access?: Access
  /** Its masked values that `reveal.show` can unmask, by kind ('<module-thing>.<field>'). */
  readonly reveals?: Readonly<Record<string, Reveal>>
}

/** The moment the home page asks at, and the office's date then. */
export interface ReminderClock {
  readonly now: string
  readonly today: string
}

/**
 * A tile's count of the rows `rows` selects, stopping at REMINDER_CAP + 1 (the tile then reads
 * "999+"): `select count(*) from (<rows> limit 1000)`. However many years of open records pile up,
 * a tile reads at most a thousand index entries. `rows` selects one column its index holds (the id),
 * so the count stays on the index.
 */
export function cappedCount<O>(
  eb: ExpressionBuilder<Database, never>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table or join of the schema
  rows: SelectQueryBuilder<Database, any, O>,
): AliasableExpression<number> {
  return eb
    .selectFrom(rows.limit(REMINDER_CAP + 1).as('capped'))
    .select((e) => e.fn.countAll<number>().as('n'))
    .$asScalar()
}

/** A module's home-page counts: one count expression per tile. */
export type ReminderCounts<T extends string> = { readonly [K in T]: AliasableExpression<number> }

export function defineModule<H extends Registry, T extends string = never>(module: DeskModule<H, T>): DeskModule<H, T> {
  return module
}

import { expressionBuilder, type AliasableExpression } from 'kysely'
import { nowIso, officeDate } from '../../shared/time'
import { prepared } from '../database/prepared'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { MODULES } from '../modules'
import type { ApiOf } from './api-types'
import { handler, type Registry } from './define'
import { auditExport, safeFileName } from './export-file'
import { exportJobs } from './export-jobs'
import { id, input, noInput, text } from './fields'

/**
 * Every call the UI can make: the entries of every module in electron/modules.ts, joined, plus
 * the home page's reminders gathered from the modules that have any. The preload bridge, the
 * ipcMain binding and the loopback test host are all built from this object; `window.api` is
 * typed from it. A channel is '<module>.<action>'.
 */
type Modules = (typeof MODULES)[number]
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never
type JoinedHandlers = UnionToIntersection<Modules['handlers']>
/** The home page's tiles: every module's reminder keys, each a number. */
type ReminderKeys = keyof UnionToIntersection<
  ReturnType<NonNullable<Extract<Modules, { reminders?: unknown }>['reminders']>>
>
type Reminders = { [K in ReminderKeys]: number }

/**
 * The home page's 待办提醒 in one statement: a SELECT of every module's scalar count subqueries,
 * built and compiled once (prepared) and run with the clock of each call.
 */
const remindersStatement = prepared(['now', 'today'], (db, clock) => {
  const eb = expressionBuilder<Database, never>()
  const tiles = new Map<string, AliasableExpression<number>>()
  for (const m of MODULES) {
    if (!('reminders' in m) || !m.reminders) continue
    for (const [tile, count] of Object.entries(m.reminders(eb, clock))) {
      // Two modules naming one tile is a programming error: fail loudly, not with a wrong number.
      if (tiles.has(tile)) throw new Error(`首页提醒 ${tile} 被两个模块登记了`)
      tiles.set(tile, count as AliasableExpression<number>)
    }
  }
  return db.selectNoFrom([...tiles].map(([tile, count]) => count.as(tile)))
})

/** The counts of the home page's 待办提醒, each module adding its own. */
export async function homeReminders(db: Db, now = nowIso()): Promise<Reminders> {
  const [row] = await remindersStatement(db, { now, today: officeDate(now) })
  return Object.fromEntries(Object.entries(row ?? {}).map(([tile, n]) => [tile, Number(n)])) as Reminders
}

const homeHandlers = {
  'home.reminders': handler({ input: noInput, run: (db) => homeReminders(db) }),
  /** 保存为电子文件 on a print page: where the host can, a PDF of the page; else supported: false. */
  'print.savePdf': handler({
    input: input({ fileName: text('文件名', { max: 100 }) }),
    run: async (db, q, ctx) => {
      if (!ctx.savePdf) return { supported: false, path: null }
      const path = await ctx.savePdf(safeFileName(`${q.fileName}.pdf`))
      // A paper carries residents' names: where it went is written down, as for every export.
      if (path) await auditExport(db, '打印文件', { fileName: q.fileName, path })
      return { supported: true, path }
    },
  }),
  /** How an export job stands: rows done / in all, or how it ended (the window polls it). */
  'export.status': handler({
    input: input({ job: id('导出') }),
    run: async (_db, q, ctx) => exportJobs(ctx.database).status(q.job),
  }),
  /** 取消 an export: answers once the job has stopped and its unfinished file is gone. */
  'export.cancel': handler({
    input: input({ job: id('导出') }),
    run: (_db, q, ctx) => exportJobs(ctx.database).cancel(q.job),
  }),
} as const

function join(): JoinedHandlers & typeof homeHandlers {
  const joined: Record<string, unknown> = {}
  for (const part of [...MODULES.map((m) => m.handlers), homeHandlers] as Registry[]) {
    for (const [channel, entry] of Object.entries(part)) {
      // Two modules answering one channel is a programming error: fail at start-up, not at random.
      if (channel in joined) throw new Error(`通道 ${channel} 被两个模块登记了`)
      joined[channel] = entry
    }
  }
  return joined as JoinedHandlers & typeof homeHandlers
}

export const registry = join()

export type AppRegistry = typeof registry
export type Channel = keyof AppRegistry & string
export type Api = ApiOf<AppRegistry>
export const CHANNELS = Object.keys(registry) as Channel[]

import { expressionBuilder, type AliasableExpression } from 'kysely'
import { nowIso, officeDate } from '../../shared/time'
import { REMINDER_CAP } from '../../shared/reminder-values'
import { prepared } from '../database/prepared'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { MODULES } from '../modules'
import type { ApiOf } from './api-types'
import { AppError } from '../../shared/app-error'
import { actingAs, audit } from '../database/audit'
import { checkPin, getIdleSeconds, listOperators } from '../settings'
import { handler, type AnyHandler, type HostContext, type Registry } from './define'
import { auditExport, safeFileName } from './export-file'
import { exportJobs } from './export-jobs'
import { id, input, noInput, oneOf, text } from './fields'
import type { ReminderClock, Reveal } from './module'
import { requireRole, type Operator } from './session'

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
 * built and compiled once (prepared) and run with the clock of each call. Each tile is at most
 * REMINDER_CAP + 1 (shared/reminder-values.ts: the tile then reads "999+").
 */
const remindersStatement = prepared((db, clock: ReminderClock) => {
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
  // A tile that adds counts (待告知居民) is capped as a whole too: "999+" whenever it is past the cap.
  return db.selectNoFrom(
    [...tiles].map(([tile, count]) => eb.fn<number>('min', [count, eb.lit(REMINDER_CAP + 1)]).as(tile)),
  )
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

/** The session's operator as the start and lock screens show it (never a PIN or its hash). */
function shown(op: Operator | null) {
  return op && { id: op.id, name: op.name, roles: [...op.roles], hasPin: op.hasPin, unnamed: op.unnamed }
}

/** Checks a PIN for the session: too many wrong ones in a row make the next try wait. */
async function pinChecked(db: Db, ctx: HostContext, operatorId: number, pin: string) {
  const session = ctx.session!
  session.assertMayTry()
  try {
    const op = await checkPin(db, operatorId, pin)
    session.failures = 0
    return op
  } catch (err) {
    if (err instanceof AppError && err.code === 'WRONG_PIN') session.recordFailure()
    throw err
  }
}

/**
 * Who is at the keyboard: the start screen's and the lock screen's calls. The operator is decided
 * here, in the main process, after the PIN is checked; the page only ever names whom it asks for.
 */
const sessionHandlers = {
  'session.state': handler({
    input: noInput,
    beforeSignIn: true,
    run: async (db, _i, ctx) => {
      const session = ctx.session!
      const op = session.operator
      const mode = !op ? 'signedOut' : op.unnamed ? 'unnamed' : session.locked ? 'locked' : 'signedIn'
      return {
        mode: mode as 'signedOut' | 'unnamed' | 'locked' | 'signedIn',
        operator: shown(op),
        idleSeconds: op && !op.unnamed ? session.idleMs / 1000 : 0,
        // The names to choose from, only while nobody is signed in.
        choices: op ? [] : (await listOperators(db)).map((o) => ({ id: o.id, name: o.name, hasPin: o.hasPin })),
      }
    },
  }),
  'session.signIn': handler({
    input: input({ operatorId: id('操作人'), pin: text('密码', { max: 12, optional: true }).default('') }),
    beforeSignIn: true,
    run: async (db, q, ctx) => {
      const row = await pinChecked(db, ctx, q.operatorId, q.pin)
      const operator: Operator = { ...row, unnamed: false }
      ctx.session!.signIn(operator, await getIdleSeconds(db))
      await actingAs(operator, () => audit(db, '登录', '操作人', operator.id, { 操作: '开始工作' }))
      return shown(operator)!
    },
  }),
  'session.unlock': handler({
    input: input({ pin: text('密码', { max: 12, optional: true }).default('') }),
    beforeSignIn: true,
    run: async (db, q, ctx) => {
      const session = ctx.session!
      const op = session.operator
      if (!op || op.unnamed) throw new AppError('SIGN_IN', '请先选择操作人。')
      await pinChecked(db, ctx, op.id!, q.pin)
      session.locked = false
      session.touch()
      return shown(op)!
    },
  }),
  /** 锁定 in the top bar, and the page's own idle timer. */
  'session.lock': handler({
    input: noInput,
    beforeSignIn: true,
    run: async (_db, _i, ctx) => {
      const session = ctx.session!
      if (session.operator && !session.operator.unnamed) session.locked = true
      return { locked: session.locked }
    },
  }),
  /** 换人: the next person chooses their name on the start screen. */
  'session.signOut': handler({
    input: noInput,
    beforeSignIn: true,
    run: async (db, _i, ctx) => {
      const session = ctx.session!
      const op = session.operator
      if (op && !op.unnamed) await audit(db, '登录', '操作人', op.id, { 操作: '换人' })
      session.signOut()
      return null
    },
  }),
  /** A sign of life while the person types or reads: the main process's idle clock restarts. */
  'session.touch': handler({ input: noInput, run: async () => null }),
} as const

/** Every module's masked values that reveal.show can unmask, with the module's access as default. */
function joinReveals(): Record<string, Reveal> {
  const all: Record<string, Reveal> = {}
  for (const m of MODULES as readonly {
    name: string
    reveals?: Readonly<Record<string, Reveal>>
    access?: Reveal['access']
  }[]) {
    for (const [kind, reveal] of Object.entries(m.reveals ?? {})) {
      if (kind in all) throw new Error(`显示完整信息的种类 ${kind} 被两个模块登记了`)
      all[kind] = { ...reveal, access: reveal.access ?? m.access }
    }
  }
  return all
}

export const REVEALS = joinReveals()
const revealKinds = Object.fromEntries(Object.entries(REVEALS).map(([kind, r]) => [kind, r.label]))

const revealHandlers = {
  /**
   * 显示完整信息: a value every list shows masked (a phone, an ID number), in full, for one record.
   * The reason is required; the audit log records who (the operator), what, which record and why.
   */
  'reveal.show': handler({
    input: input({
      kind: oneOf('要显示的信息', revealKinds),
      id: id('记录'),
      reason: text('查看原因', { max: 200 }),
    }),
    run: async (db, q, ctx) => {
      const reveal = REVEALS[q.kind]!
      if (reveal.access) requireRole(ctx, reveal.access)
      const value = await reveal.read(db, q.id, ctx)
      await audit(db, '查看', reveal.label, q.id, { 原因: q.reason })
      return { value }
    },
  }),
} as const

/** A module's access guards each of its calls that does not say otherwise. */
function guarded(entry: AnyHandler, access: AnyHandler['access']): AnyHandler {
  return access && !entry.access && !entry.beforeSignIn ? { ...entry, access } : entry
}

/**
 * Joins the parts' handlers into one registry, each module's access guarding its calls. Two parts
 * answering one channel is a programming error: it fails at start-up, not at random.
 */
export function joinHandlers(parts: readonly { handlers: Registry; access?: AnyHandler['access'] }[]): Registry {
  const joined: Record<string, AnyHandler> = {}
  for (const part of parts) {
    for (const [channel, entry] of Object.entries(part.handlers)) {
      if (channel in joined) throw new Error(`通道 ${channel} 被两个模块登记了`)
      joined[channel] = guarded(entry, part.access)
    }
  }
  return joined
}

function join(): JoinedHandlers & typeof homeHandlers & typeof sessionHandlers & typeof revealHandlers {
  return joinHandlers([
    ...(MODULES as readonly { handlers: Registry; access?: AnyHandler['access'] }[]),
    { handlers: homeHandlers },
    { handlers: sessionHandlers },
    { handlers: revealHandlers },
  ]) as JoinedHandlers & typeof homeHandlers & typeof sessionHandlers & typeof revealHandlers
}

export const registry = join()

export type AppRegistry = typeof registry
export type Channel = keyof AppRegistry & string
export type Api = ApiOf<AppRegistry>
export const CHANNELS = Object.keys(registry) as Channel[]

import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import sqlite3 from 'sqlite3'
import { Kysely } from 'kysely'
import { openDatabase, type Db } from '../electron/database/open-database'
import { Sqlite3Dialect } from '../electron/database/sqlite3-dialect'
import type { Database } from '../electron/database/schema'
import { registry } from '../electron/registry'
import type { AnyHandler } from '../electron/registry/define'
import { LiveDatabase } from '../electron/database/live-database'
import { folderHostContext } from '../electron/transport/folder-host'
import { ms, pct, printTable } from './bench-kit'

/**
 * `npx tsx bench/lists-bench.ts [-- --sizes x1,x100 --iterations 40 --dir /tmp/lists-bench]`
 *
 * Every list, calendar and open-record call a clerk waits on, timed through the registry (input
 * parsed as the transports do, then `run`) on a migrated COPY of /work/bench-data/<size>.sqlite,
 * interleaved with the same SQL statements (captured through Kysely's log on the first run) run raw
 * through node `sqlite3` on the same connection. Prints p50/p95 of both and their ratio.
 */
interface Case {
  name: string
  channel: keyof typeof registry & string
  input: (ids: Ids) => unknown
}

interface Ids {
  meetingId: number
  topicId: number
  resolutionId: number
  termId: number
  year: number
}

const MONTH = { from: '2026-10-26', to: '2026-12-06' }
const WEEK = { from: '2026-11-16', to: '2026-11-22' }

export const LIST_CASES: Case[] = [
  { name: '议题 第一页', channel: 'topics.list', input: () => ({ limit: 20 }) },
  { name: '议题 第三页', channel: 'topics.list', input: () => ({ limit: 20, offset: 40 }) },
  { name: '议题 搜索', channel: 'topics.list', input: () => ({ limit: 20, search: '漏水' }) },
  { name: '议题 搜索姓名', channel: 'topics.list', input: () => ({ limit: 20, search: '丁东' }) },
  { name: '议题 未告知', channel: 'topics.list', input: () => ({ limit: 20, untold: true }) },
  { name: '议题 转办已超时', channel: 'topics.list', input: () => ({ limit: 20, overdueRouting: true }) },
  { name: '议题 状态=征集中', channel: 'topics.list', input: () => ({ limit: 20, status: '征集中' }) },
  { name: '议题 状态=转办', channel: 'topics.list', input: () => ({ limit: 20, status: '转办' }) },
  { name: '议题 已作废', channel: 'topics.list', input: () => ({ limit: 20, status: '已作废' }) },
  { name: '议题 渠道', channel: 'topics.list', input: () => ({ limit: 20, channel: '电话' }) },
  { name: '议题 分类', channel: 'topics.list', input: () => ({ limit: 20, categoryId: 3 }) },
  { name: '议题 网格', channel: 'topics.list', input: () => ({ limit: 20, gridId: 2 }) },
  {
    name: '议题 日期段',
    channel: 'topics.list',
    input: () => ({ limit: 20, from: '2026-01-01', to: '2026-06-30' }),
  },
  { name: '决议 第一页', channel: 'resolutions.list', input: () => ({ limit: 20 }) },
  { name: '决议 逾期', channel: 'resolutions.list', input: () => ({ limit: 20, status: '逾期' }) },
  { name: '决议 办理中', channel: 'resolutions.list', input: () => ({ limit: 20, status: '办理中' }) },
  { name: '决议 某年', channel: 'resolutions.list', input: (i) => ({ limit: 20, year: i.year }) },
  { name: '决议 搜索', channel: 'resolutions.list', input: () => ({ limit: 20, search: '路灯' }) },
  { name: '待告知 第一页', channel: 'feedback.stillToTell', input: () => ({ limit: 20 }) },
  { name: '居民 第一页', channel: 'people.list', input: () => ({ pageSize: 50 }) },
  { name: '居民 第三页', channel: 'people.list', input: () => ({ pageSize: 50, page: 3 }) },
  { name: '居民 搜索', channel: 'people.list', input: () => ({ pageSize: 50, search: '丁东凤' }) },
  { name: '居民 总数', channel: 'people.list', input: () => ({ pageSize: 1 }) },
  { name: '日历 月', channel: 'meetings.calendar', input: () => MONTH },
  { name: '日历 周', channel: 'meetings.calendar', input: () => WEEK },
  { name: '会议 一年', channel: 'meetings.list', input: () => ({ from: '2026-01-01', to: '2026-12-31' }) },
  { name: '打开会议', channel: 'meetings.get', input: (i) => ({ id: i.meetingId }) },
  { name: '会议签到', channel: 'meetings.attendance', input: (i) => ({ meetingId: i.meetingId }) },
  { name: '打开议题', channel: 'topics.get', input: (i) => ({ id: i.topicId }) },
  { name: '打开决议', channel: 'resolutions.get', input: (i) => ({ id: i.resolutionId }) },
  { name: '场地', channel: 'meetings.rooms', input: () => ({}) },
  { name: '议事会', channel: 'council.list', input: () => ({}) },
  { name: '议事会成员', channel: 'council.members', input: (i) => ({ termId: i.termId }) },
  { name: '节假日 一年', channel: 'holidays.year', input: () => ({ year: 2026 }) },
  { name: '社区概况', channel: 'community.overview', input: () => ({}) },
  { name: '可列入的会议', channel: 'topics.agendaTargets', input: () => ({}) },
  { name: '数据与备份', channel: 'data.info', input: () => ({}) },
]

type Logged = { sql: string; parameters: readonly unknown[] }

async function pickIds(db: Db): Promise<Ids> {
  // A held meeting with an agenda and attendance, near the end of the history.
  const m = await db
    .selectFrom('meetings as m')
    .select('m.id')
    .where('m.status', '=', '已归档')
    .where((eb) => eb.exists(eb.selectFrom('agenda_items as a').select('a.id').whereRef('a.meeting_id', '=', 'm.id')))
    .orderBy('m.starts_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  const r = await db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .select(['r.id', 'a.topic_id', 'r.year'])
    .where('a.topic_id', 'is not', null)
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  const term = await db
    .selectFrom('council_terms')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  return { meetingId: m.id, topicId: r.topic_id!, resolutionId: r.id, termId: term.id, year: r.year }
}

function rawAll(raw: sqlite3.Database, q: Logged): Promise<void> {
  return new Promise((resolve, reject) =>
    raw.all(q.sql, q.parameters as unknown[], (err) => (err ? reject(err) : resolve())),
  )
}

async function benchSize(size: string, dir: string, iterations: number, only: string | undefined, show: boolean) {
  const file = join(dir, `${size}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  copyFileSync(`/work/bench-data/${size}.sqlite`, file)
  // Migrate (and close with `pragma optimize`) as the app does, then hold the file as the app does.
  await (await openDatabase(file)).close()
  const opened = await openDatabase(file)
  const live = new LiveDatabase(opened)
  const ctx = folderHostContext({ database: live, backupDir: join(dir, 'backups'), exportDir: join(dir, 'exports') })
  await opened.db.selectFrom('community').select('id').execute()
  // A second Kysely on a second raw connection, with a log, so every statement a call sends is seen.
  const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(d)))
  })
  let log: Logged[] | null = null
  const db = new Kysely<Database>({
    dialect: new Sqlite3Dialect({ open: async () => raw }),
    log: (e) => {
      if (log && e.level === 'query') log.push({ sql: e.query.sql, parameters: e.query.parameters })
    },
  })
  // Timed calls go through a Kysely without a log, as the app's has none.
  const plain = new Kysely<Database>({ dialect: new Sqlite3Dialect({ open: async () => raw }) })
  const ids = await pickIds(db)
  const rows: string[][] = []
  for (const c of LIST_CASES) {
    if (only && !c.name.includes(only)) continue
    const h: AnyHandler = registry[c.channel]
    const input = h.input.parse(c.input(ids))
    log = []
    const result: unknown = await h.run(db, input, ctx)
    const statements = log
    log = null
    if (show) {
      console.log(`-- ${c.name}`)
      for (const st of statements) console.log(`${st.sql};  -- ${JSON.stringify(st.parameters)}`)
    }
    for (let i = 0; i < 3; i++) {
      await h.run(plain, input, ctx)
      for (const s of statements) await rawAll(raw, s)
    }
    const svc: number[] = []
    const rawT: number[] = []
    for (let i = 0; i < iterations; i++) {
      let t = performance.now()
      await h.run(plain, input, ctx)
      svc.push(performance.now() - t)
      t = performance.now()
      for (const s of statements) await rawAll(raw, s)
      rawT.push(performance.now() - t)
    }
    svc.sort((a, b) => a - b)
    rawT.sort((a, b) => a - b)
    const r = result as { total?: number; rows?: unknown[] } | unknown[]
    const shape = Array.isArray(r)
      ? `${r.length} 行`
      : r && typeof r === 'object' && 'total' in r
        ? `${r.rows?.length ?? 0}/${r.total}`
        : ''
    rows.push([
      c.name,
      c.channel,
      ms(pct(svc, 50)),
      ms(pct(svc, 95)),
      ms(pct(rawT, 50)),
      ms(pct(rawT, 95)),
      (pct(svc, 50) / Math.max(pct(rawT, 50), 0.001)).toFixed(2),
      String(statements.length),
      shape,
    ])
  }
  console.log(`\n== ${size} ==`)
  printTable(['调用', '通道', 'p50', 'p95', 'raw p50', 'raw p95', '倍数', '语句', '结果'], rows)
  await plain.destroy().catch(() => undefined)
  await db.destroy().catch(() => undefined)
  await live.close()
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'x1,x100' },
      iterations: { type: 'string', default: '40' },
      dir: { type: 'string', default: '/tmp/lists/bench' },
      only: { type: 'string' },
      show: { type: 'boolean', default: false },
    },
  })
  mkdirSync(values.dir, { recursive: true })
  for (const size of values.sizes.split(',')) {
    await benchSize(size, values.dir, Math.max(10, Number(values.iterations)), values.only, values.show)
  }
}

void main()

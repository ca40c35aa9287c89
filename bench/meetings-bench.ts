import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { Kysely } from 'kysely'
import sqlite3 from 'sqlite3'
import { officeLocalToUtc } from '../shared/time'
import { migrate } from '../electron/database/migrate'
import { MIGRATIONS } from '../electron/database/migrations'
import { BUSY_TIMEOUT_MS, openDatabase, type Db } from '../electron/database/open-database'
import type { Database } from '../electron/database/schema'
import { Sqlite3Dialect } from '../electron/database/sqlite3-dialect'
import { generateCommunity } from '../electron/demo/generate-community'
import { getAgenda } from '../electron/meetings/agenda-service'
import { attendanceRoster, attendanceSummary, participationTrend } from '../electron/meetings/attendance-service'
import { meetingsCalendar } from '../electron/meetings/export/ics-export'
import { meetingLedger } from '../electron/meetings/export/ledger'
import { meetingsLedger } from '../electron/meetings/export/xlsx-export'
import { buildExport } from '../electron/testing/export-file'
import { calendarDays, getMeetingRow, listMeetings } from '../electron/meetings/meeting-service'
import { ms, pct, printTable } from './bench-kit'

/**
 * `npm run bench:meetings [-- --years 10 --meetings-per-year 200 --iterations 60 --keep]`
 *
 * Builds the demo community (10 years, ~2,000 meetings, ~20,000 attendance rows) in a temp file,
 * then times each calendar/list query at the service layer — warm-up first, then ≥50 runs — and
 * prints p50/p95. For the comparison it records the SQL statements one service call issues (through
 * Kysely's log) and replays exactly those through sqlite3 directly, so "×" is the cost of everything
 * above SQLite: Kysely compiling, the connection lock, mapping rows, and the service's own work.
 * A p95 of 50 ms or more is flagged: that is when a clerk starts to notice a calendar page lagging.
 */
const SLOW_MS = 50

interface Captured {
  sql: string
  parameters: readonly unknown[]
}

interface Case {
  name: string
  run: () => Promise<unknown> | unknown
  /** Pure computation: no SQL to compare with. */
  noSql?: boolean
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      years: { type: 'string', default: '10' },
      'meetings-per-year': { type: 'string', default: '200' },
      iterations: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
      keep: { type: 'boolean', default: false },
    },
  })
  const years = Number(values.years)
  const perYear = Number(values['meetings-per-year'])
  const iterations = Math.max(50, Number(values.iterations))
  const warmup = Math.max(1, Number(values.warmup))

  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-'))
  const file = join(dir, 'bench.sqlite')
  try {
    // 1. The data file, built as the app would open it (migrations, pragmas).
    const t0 = performance.now()
    const created = await openDatabase(file)
    const summary = await generateCommunity(created.db, { years, meetingsPerYear: perYear })
    await created.close()
    console.log(
      `演示数据：${summary.from} 至 ${summary.to}，${summary.meetings} 次会议，${summary.agendaItems} 个议程事项，` +
        `${summary.attendance} 条出席记录，${summary.residents} 位居民；生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒，` +
        `文件 ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`,
    )
    console.log(
      `机器：${cpus()[0]?.model ?? '?'} × ${cpus().length}，Node ${process.version}，SQLite 通过 sqlite3 ${sqliteVersion()}`,
    )

    // 2. The same connection setup as openDatabase(), with Kysely's log to record statements.
    const raw = await openRaw(file)
    let capture: Captured[] | null = null
    const db: Db = new Kysely<Database>({
      dialect: new Sqlite3Dialect({ open: async () => raw }),
      log: (event) => {
        if (capture) capture.push({ sql: event.query.sql, parameters: event.query.parameters })
      },
    })
    await migrate(db, MIGRATIONS)

    // 3. What to ask for: a year in the middle of the data, its busiest month and a week in it.
    const year = Math.max(Number(summary.from.slice(0, 4)), Number(summary.to.slice(0, 4)) - 1)
    const from = `${year}-01-01`
    const to = `${year}-12-31`
    const month = `${year}-03`
    const monthEnd = `${month}-31`
    const week = { from: `${month}-09`, to: `${month}-15` }
    const target = await db
      .selectFrom('meetings as m')
      .innerJoin('attendance as a', 'a.meeting_id', 'm.id')
      .select(['m.id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.starts_at', '>=', officeLocalToUtc(`${from}T00:00`))
      .where('m.starts_at', '<', officeLocalToUtc(`${year + 1}-01-01T00:00`))
      .groupBy('m.id')
      .orderBy('n', 'desc')
      .orderBy('m.id')
      .limit(1)
      .executeTakeFirstOrThrow()
    const meetingId = target.id

    const cases: Case[] = [
      { name: `listMeetings 一个月（${month}）`, run: () => listMeetings(db, { from: `${month}-01`, to: monthEnd }) },
      { name: `listMeetings 一周（${week.from}）`, run: () => listMeetings(db, week) },
      { name: `listMeetings 一年（${year}）`, run: () => listMeetings(db, { from, to }) },
      { name: 'listMeetings 一年＋搜索', run: () => listMeetings(db, { from, to, search: '电梯' }) },
      { name: `calendarDays 一个月`, run: () => calendarDays(`${month}-01`, monthEnd), noSql: true },
      { name: `getMeetingRow #${meetingId}`, run: () => getMeetingRow(db, meetingId) },
      { name: `getAgenda #${meetingId}`, run: () => getAgenda(db, meetingId) },
      { name: `attendanceSummary #${meetingId}`, run: () => attendanceSummary(db, meetingId) },
      { name: `attendanceRoster #${meetingId}`, run: () => attendanceRoster(db, meetingId) },
      {
        name: `participationTrend 一年`,
        run: () =>
          participationTrend(db, {
            fromUtc: officeLocalToUtc(`${from}T00:00`),
            toUtc: officeLocalToUtc(`${year + 1}-01-01T00:00`),
            councilId: null,
          }),
      },
      { name: '导出数据 meetingLedger 一年', run: () => meetingLedger(db, { from, to }) },
      { name: '导出 .xlsx 台账 一年', run: () => buildExport(meetingsLedger, db, { from, to }) },
      { name: '导出 .ics 日程 一年', run: () => buildExport(meetingsCalendar, db, { from, to }) },
    ]

    const rows: string[][] = []
    const slow: string[] = []
    for (const c of cases) {
      for (let i = 0; i < warmup; i++) await c.run()
      capture = []
      await c.run()
      const statements = capture
      capture = null
      const service = await time(iterations, () => c.run())
      let rawTimes: number[] | null = null
      if (!c.noSql) {
        for (let i = 0; i < warmup; i++) await replay(raw, statements)
        rawTimes = await time(iterations, () => replay(raw, statements))
      }
      const p50 = pct(service, 50)
      const p95 = pct(service, 95)
      const r50 = rawTimes ? pct(rawTimes, 50) : null
      const r95 = rawTimes ? pct(rawTimes, 95) : null
      const flag = p95 >= SLOW_MS ? '⚠ 慢' : ''
      if (flag) slow.push(c.name)
      rows.push([
        c.name,
        ms(p50),
        ms(p95),
        r50 === null ? '—' : ms(r50),
        r95 === null ? '—' : ms(r95),
        r50 === null || r50 === 0 ? '—' : `${(p50 / r50).toFixed(1)}×`,
        c.noSql ? '0' : String(statements.length),
        flag,
      ])
    }
    console.log(`\n每项先预热 ${warmup} 次，再计时 ${iterations} 次（毫秒）：`)
    printTable(['查询（服务层）', 'p50', 'p95', '原始SQL p50', '原始SQL p95', '倍数', '语句数', ''], rows)
    console.log(slow.length ? `\n⚠ p95 ≥ ${SLOW_MS} ms：${slow.join('、')}` : `\n所有查询的 p95 都低于 ${SLOW_MS} ms。`)
    await db.destroy()
  } finally {
    if (values.keep) console.log(`数据文件保留在 ${file}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

function sqliteVersion(): string {
  return (sqlite3 as unknown as { VERSION?: string }).VERSION ?? ''
}

function openRaw(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => {
      if (err) return reject(err)
      raw.configure('busyTimeout', BUSY_TIMEOUT_MS)
      raw.exec('pragma foreign_keys = on; pragma journal_mode = wal; pragma synchronous = full', (e) =>
        e ? reject(e) : resolve(raw),
      )
    })
  })
}

/** The recorded statements, one after another, straight through sqlite3 (rows are fetched, not mapped). */
async function replay(raw: sqlite3.Database, statements: Captured[]): Promise<void> {
  for (const s of statements) {
    await new Promise<void>((resolve, reject) =>
      raw.all(s.sql, s.parameters as unknown[], (err) => (err ? reject(err) : resolve())),
    )
  }
}

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    await fn()
    out.push(performance.now() - start)
  }
  return out.sort((a, b) => a - b)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

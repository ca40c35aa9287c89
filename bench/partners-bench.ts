import { existsSync, mkdirSync, statSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { Kysely } from 'kysely'
import sqlite3 from 'sqlite3'
import { nowIso } from '../shared/time'
import { migrate } from '../electron/database/migrate'
import { MIGRATIONS } from '../electron/database/migrations'
import { BUSY_TIMEOUT_MS, openDatabase, type Db } from '../electron/database/open-database'
import type { Database } from '../electron/database/schema'
import { Sqlite3Dialect } from '../electron/database/sqlite3-dialect'
import { generateCommunity } from '../electron/demo/generate-community'
import { listPartners } from '../electron/partners/partner-service'
import { getAgreement, listAgreements } from '../electron/partners/agreement-reads'
import { moneyPeriodsOpen } from '../electron/partners/fulfilment-service'
import { homeReminders } from '../electron/registry'
import { ms, pct, printTable } from './bench-kit'

/**
 * `npm run bench:partners [-- --partners 300 --iterations 60 --reuse]`
 *
 * The partner ledger at the scale: 300 partners, 600 agreements (each partner's first and its
 * renewal), 3,000 commitments, ten years of monthly periods — built by the demo generator in a temp
 * folder (or reused with --reuse). Then it times the services the screens call, warm-up first, and
 * replays the very statements each one ran straight through sqlite3 (no Kysely, no mapping) to
 * print the ratio service : raw SQL. Targets: p95 under 50 ms, ratio ≤ 1.5×.
 */
const TARGET_MS = 50
const TARGET_RATIO = 1.5

interface Captured {
  sql: string
  parameters: readonly unknown[]
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      partners: { type: 'string', default: '300' },
      iterations: { type: 'string', default: '60' },
      warmup: { type: 'string', default: '5' },
      dir: { type: 'string', default: join(tmpdir(), 'desk-partners-bench') },
      reuse: { type: 'boolean', default: false },
    },
  })
  const partners = Number(values.partners)
  const iterations = Math.max(30, Number(values.iterations))
  const warmup = Math.max(1, Number(values.warmup))
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `partners-${partners}.sqlite`)

  if (values.reuse && existsSync(file)) {
    console.log(`复用演示数据文件 ${file}`)
  } else {
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(file + suffix)) (await import('node:fs')).rmSync(file + suffix)
    const t0 = performance.now()
    const created = await openDatabase(file)
    const s = await generateCommunity(created.db, {
      years: 1,
      meetingsPerYear: 40,
      topics: 100,
      resolutions: 20,
      partners,
      partnerYears: 10,
    })
    await created.close()
    const p = s.partners
    console.log(
      `演示数据：合伙人 ${p.partners} 个，协议 ${p.agreements} 份，条款 ${p.commitments} 项，履约期 ${p.periods} 期；` +
        `生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒，文件 ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`,
    )
  }
  console.log(`机器：${cpus()[0]?.model ?? '?'} × ${cpus().length}，Node ${process.version}`)

  const raw = await openRaw(file)
  let capture: Captured[] | null = null
  const db: Db = new Kysely<Database>({
    dialect: new Sqlite3Dialect({ open: async () => raw }),
    log: (event) => {
      if (capture) capture.push({ sql: event.query.sql, parameters: event.query.parameters })
    },
  })
  await migrate(db, MIGRATIONS)
  const now = nowIso()

  // The agreement with the most periods that is in force today, and its partner.
  const live = (await listAgreements(db, { partnerId: null, state: null, search: '' }, now)).find((a) =>
    ['生效', '即将到期'].includes(a.state),
  )
  if (!live) throw new Error('演示数据里没有生效的协议')
  const periods = await db
    .selectFrom('partner_periods as p')
    .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.agreement_id', '=', live.id)
    .executeTakeFirstOrThrow()

  const cases: Array<{ name: string; run: () => Promise<unknown> }> = [
    {
      name: '合伙人列表 第一页（50 个）',
      run: () => listPartners(db, { search: '', kind: null, limit: 50, offset: 0 }),
    },
    {
      name: '合伙人列表 搜索「咖啡」',
      run: () => listPartners(db, { search: '咖啡', kind: null, limit: 50, offset: 0 }),
    },
    { name: `协议页 ${live.number}（${Number(periods.n)} 期）`, run: () => getAgreement(db, live.id, now) },
    { name: '首页提醒（全部，一条语句）', run: () => homeReminders(db, now) },
    { name: '协议列表 全部', run: () => listAgreements(db, { partnerId: null, state: null, search: '' }, now) },
    { name: '待到账的期（公益基金收入用）', run: () => moneyPeriodsOpen(db, live.partnerId, now) },
  ]

  const rows: string[][] = []
  const misses: string[] = []
  for (const c of cases) {
    for (let i = 0; i < warmup; i++) await c.run()
    capture = []
    await c.run()
    const statements = capture
    capture = null
    const service = await time(iterations, () => c.run())
    for (let i = 0; i < warmup; i++) await replay(raw, statements)
    const rawTimes = await time(iterations, () => replay(raw, statements))
    const p50 = pct(service, 50)
    const p95 = pct(service, 95)
    const r50 = pct(rawTimes, 50)
    const r95 = pct(rawTimes, 95)
    const ratio = r50 > 0 ? p50 / r50 : 0
    const flag = p95 >= TARGET_MS ? '⚠ 慢' : ratio > TARGET_RATIO ? '⚠ 倍数' : ''
    if (flag) misses.push(`${c.name}（${flag}）`)
    rows.push([c.name, ms(p50), ms(p95), ms(r50), ms(r95), `${ratio.toFixed(2)}×`, String(statements.length), flag])
  }
  console.log(`\n每项先预热 ${warmup} 次，再计时 ${iterations} 次（毫秒）：`)
  printTable(['查询（服务层）', 'p50', 'p95', '原始SQL p50', '原始SQL p95', '倍数', '语句数', ''], rows)
  console.log(
    misses.length
      ? `\n未达标（p95 < ${TARGET_MS} ms，倍数 ≤ ${TARGET_RATIO}×）：${misses.join('、')}`
      : `\n全部达标：p95 < ${TARGET_MS} ms，倍数 ≤ ${TARGET_RATIO}×。`,
  )
  await db.destroy()
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

/** The recorded statements, one after another, straight through sqlite3 (rows fetched, not mapped). */
async function replay(raw: sqlite3.Database, statements: Captured[]): Promise<void> {
  for (const s of statements) {
    await new Promise<void>((resolve, reject) =>
      raw.all(s.sql, s.parameters as unknown[], (err) => (err ? reject(err) : resolve())),
    )
  }
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
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

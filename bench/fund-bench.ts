import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { nowIso, officeDate } from '../shared/time'
import { openDatabase } from '../electron/database/open-database'
import { demoContext } from '../electron/demo/context'
import { fundDemo } from '../electron/fund/demo'
import { subfundStatement, listEntries } from '../electron/fund/ledger-reads'
import { unreconciledMonths } from '../electron/fund/reconcile-service'
import { homeReminders } from '../electron/registry'
import { ms, pct, printTable, timePairs, warnIfBusy } from './bench-kit'

/**
 * `npm run bench:fund [-- --entries 50000 --iterations 40 --reuse]`
 *
 * The charity fund at the scale: 50,000 entries over ten years in five sub-funds (the demo's
 * fund part, `npm run demo -- --fund-entries 50000`), in a temp folder (or reused with --reuse),
 * opened as the app opens it. Each case is timed at the service layer and as the same query in raw
 * SQL on the same connection (the same text and bound parameters as the service sends), run
 * alternately, warm-up first, then ≥30 runs; it prints p50/p95 and the ratio of the service's p50
 * to raw SQL's. Targets: p95 < 50 ms and service ≤ 1.5× raw.
 */
const TARGET_MS = 50
const TARGET_RATIO = 1.5

interface Case {
  name: string
  service: () => Promise<unknown>
  raw: () => Promise<unknown>
  rows: (result: never) => string
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '50000' },
      iterations: { type: 'string', default: '40' },
      warmup: { type: 'string', default: '5' },
      dir: { type: 'string', default: join(tmpdir(), 'desk-fund-bench') },
      reuse: { type: 'boolean', default: false },
    },
  })
  const entries = Number(values.entries)
  const iterations = Math.max(30, Number(values.iterations))
  const warmup = Math.max(1, Number(values.warmup))
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `fund-${entries}.sqlite`)
  const now = nowIso()
  const today = officeDate(now)

  if (values.reuse && existsSync(file)) {
    console.log(`复用演示数据文件 ${file}`)
  } else {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    const t0 = performance.now()
    const created = await openDatabase(file)
    const ctx = demoContext({ fundEntries: entries, fundYears: 10, today }, () => undefined)
    await fundDemo(created.db, ctx)
    await created.close()
    const f = ctx.summary.fund
    console.log(
      `生成演示数据 ${((performance.now() - t0) / 1000).toFixed(1)} 秒：${f.subfunds} 个子基金，收支 ${f.entries} 笔（冲销 ${f.reversals}），已对账 ${f.reconciledMonths} 个月`,
    )
  }
  console.log(`数据文件 ${file}：${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`)
  console.log(`机器：${cpus()[0]?.model ?? '?'} × ${cpus().length}，Node ${process.version}`)

  const opened = await openDatabase(file)
  const db = opened.db
  try {
    const year = Number(today.slice(0, 4)) - 1
    const biggest = await db
      .selectFrom('fund_entries')
      .select(['subfund_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('subfund_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow()
    const sf = biggest.subfund_id
    const from = `${year}-01-01`
    const to = `${year}-12-31`
    const page = { subfundId: null, year: null, direction: null, search: '', limit: 20, offset: 0 }

    const cases: Case[] = [
      {
        name: `子基金 ${year} 年明细（最大的子基金，${Number(biggest.n)} 笔）`,
        service: () => subfundStatement(db, sf, year),
        raw: () =>
          Promise.all([
            sql`select id, name, restriction, purpose from fund_subfunds where id = ${sf}`.execute(db),
            sql`select sum(delta) as b from fund_entries where subfund_id = ${sf} and entry_date < ${from}`.execute(db),
            sql`select e.id, e.entry_date, e.voucher_no, e.kind, e.direction, e.summary, e.counterparty, e.amount, e.delta,
                  o.voucher_no as rv, r.voucher_no as rb
                from fund_entries e left join fund_entries o on o.id = e.reverses_id
                left join fund_entries r on r.reverses_id = e.id
                where e.subfund_id = ${sf} and e.entry_date >= ${from} and e.entry_date <= ${to}
                order by e.entry_date, e.id`.execute(db),
          ]),
        rows: (s: { lines: unknown[]; closing: number }) => `${s.lines.length} 笔，年末余额 ${s.closing / 100} 元`,
      },
      {
        name: '收支明细第一页（全部）',
        service: () => listEntries(db, page),
        raw: () =>
          Promise.all([
            sql`select e.id, e.entry_date, e.voucher_no, e.subfund_id, s.name, e.direction, e.kind, e.amount, e.counterparty,
                  e.party_type, e.party_named, e.summary, e.reason, e.source_kind, e.source_id, o.id, o.voucher_no, r.id, r.voucher_no,
                  (select count(*) from fund_evidence v where v.entry_id = e.id) as evidence
                from fund_entries e join fund_subfunds s on s.id = e.subfund_id
                left join fund_entries o on o.id = e.reverses_id left join fund_entries r on r.reverses_id = e.id
                order by e.entry_date desc, e.id desc limit ${20} offset ${0}`.execute(db),
            sql`select count(*) as n from fund_entries e`.execute(db),
          ]),
        rows: (x: { rows: unknown[]; total: number }) => `${x.rows.length} 行 / 共 ${x.total}`,
      },
      {
        name: `收支明细第一页（一个子基金＋${year}年）`,
        service: () => listEntries(db, { ...page, subfundId: sf, year }),
        raw: () =>
          Promise.all([
            sql`select e.id, e.entry_date, e.voucher_no, e.subfund_id, s.name, e.direction, e.kind, e.amount, e.counterparty,
                  e.party_type, e.party_named, e.summary, e.reason, e.source_kind, e.source_id, o.id, o.voucher_no, r.id, r.voucher_no,
                  (select count(*) from fund_evidence v where v.entry_id = e.id) as evidence
                from fund_entries e join fund_subfunds s on s.id = e.subfund_id
                left join fund_entries o on o.id = e.reverses_id left join fund_entries r on r.reverses_id = e.id
                where e.subfund_id = ${sf} and e.entry_date >= ${from} and e.entry_date <= ${to}
                order by e.entry_date desc, e.id desc limit ${20} offset ${0}`.execute(db),
            sql`select count(*) as n from fund_entries e where e.subfund_id = ${sf} and e.entry_date >= ${from} and e.entry_date <= ${to}`.execute(
              db,
            ),
          ]),
        rows: (x: { rows: unknown[]; total: number }) => `${x.rows.length} 行 / 共 ${x.total}`,
      },
      {
        name: '首页提醒：基金待对账的月份',
        service: () => unreconciledMonths(db, now),
        raw: () =>
          Promise.all([
            sql`select max(month) as m from fund_reconciliations where reconciled_at is not null`.execute(db),
            sql`select min(entry_date) as d from fund_entries`.execute(db),
          ]),
        rows: (n: number) => `${n} 个月`,
      },
      {
        name: '首页提醒（全部模块的 home.reminders）',
        service: () => homeReminders(db, now),
        // Every module's reminder queries, raw, is not one query; the fund's own part is the row above.
        raw: () => homeReminders(db, now),
        rows: (r: Record<string, number>) => `基金待对账 ${r.fundUnreconciled}`,
      },
    ]

    const load = loadavg()[0]!
    const table: string[][] = []
    let pass = true
    for (const c of cases) {
      for (let i = 0; i < warmup; i++) {
        await c.service()
        await c.raw()
      }
      const result = await c.service()
      const { s, r } = await timePairs(iterations, c.service, c.raw)
      const ratio = pct(s, 50) / pct(r, 50)
      const sameQuery = c.raw !== c.service && !c.name.includes('全部模块')
      const ok = pct(s, 95) < TARGET_MS && (!sameQuery || ratio <= TARGET_RATIO)
      pass &&= ok
      table.push([
        c.name,
        ms(pct(s, 50)),
        ms(pct(s, 95)),
        ms(pct(r, 50)),
        ms(pct(r, 95)),
        sameQuery ? ratio.toFixed(2) : '—',
        ok ? '通过' : '未达标',
        c.rows(result as never),
      ])
    }
    console.log(`\n每项先预热 ${warmup} 次，再计时 ${iterations} 次（毫秒，墙钟）；比值 = 服务层 p50 ÷ 原始 SQL p50：`)
    printTable(['查询', '服务 p50', '服务 p95', 'SQL p50', 'SQL p95', '比值', '结果', '返回'], table)
    console.log(`\n${pass ? 'PASS' : 'FAIL'}：每项 p95 < ${TARGET_MS} ms，且服务层 ≤ ${TARGET_RATIO} × 原始 SQL`)
    warnIfBusy(load)
    if (!pass) process.exitCode = 1
  } finally {
    await opened.close()
  }
  console.log(`数据文件保留在 ${file}（下次加 --reuse 复用）`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

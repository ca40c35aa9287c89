import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { nowIso, officeDate } from '../shared/time'
import { openDatabase } from '../electron/database/open-database'
import { demoContext } from '../electron/demo/context'
import { mediationDemo } from '../electron/mediation/demo'
import { caseDetail, listCases } from '../electron/mediation/case-reads'
import { dossier } from '../electron/mediation/dossier-service'
import { yearStatistics } from '../electron/mediation/stats-service'
import { ms, pct, printTable, timePairs, warnIfBusy } from './bench-kit'

/**
 * `npx tsx bench/mediation-bench.ts [-- --cases 6000 --iterations 40 --reuse]`
 *
 * The casebook at the scale: 6,000 cases over ten years with parties, sessions, agreements
 * and visits (the demo's mediation part), in a temp folder (or reused with --reuse), opened as the
 * app opens it. Each case is timed at the service layer and as the same queries in raw SQL on the
 * same connection, run alternately, warm-up first, then ≥30 runs; it prints p50/p95 and the ratio of
 * the service's p50 to raw SQL's. Targets: p95 < 50 ms (statistics < 200 ms) and service ≤ 1.5× raw.
 */
const TARGET_RATIO = 1.5

interface Case {
  name: string
  target: number
  service: () => Promise<unknown>
  raw: () => Promise<unknown>
  rows: (result: never) => string
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '6000' },
      iterations: { type: 'string', default: '40' },
      warmup: { type: 'string', default: '5' },
      dir: { type: 'string', default: join(tmpdir(), 'desk-mediation-bench') },
      reuse: { type: 'boolean', default: false },
    },
  })
  const count = Number(values.cases)
  const iterations = Math.max(30, Number(values.iterations))
  const warmup = Math.max(1, Number(values.warmup))
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `mediation-${count}.sqlite`)
  const now = nowIso()
  const today = officeDate(now)

  if (values.reuse && existsSync(file)) {
    console.log(`复用演示数据文件 ${file}`)
  } else {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    const t0 = performance.now()
    const created = await openDatabase(file)
    const ctx = demoContext({ mediationCases: count, mediationYears: 10, today }, () => undefined)
    await mediationDemo(created.db, ctx)
    await created.close()
    const m = ctx.summary.mediation
    console.log(
      `生成演示数据 ${((performance.now() - t0) / 1000).toFixed(1)} 秒：案件 ${m.cases}，当事人 ${m.parties}，记录 ${m.sessions}，协议 ${m.agreements}（条款 ${m.clauses}），回访 ${m.visits}，激化苗头 ${m.alerts}`,
    )
  }
  console.log(`数据文件 ${file}：${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`)
  console.log(`机器：${cpus()[0]?.model ?? '?'} × ${cpus().length}，Node ${process.version}`)

  const opened = await openDatabase(file)
  const db = opened.db
  try {
    const year = Number(today.slice(0, 4))
    // The busiest case (most records) and a surname that is common in the demo.
    const big = await db
      .selectFrom('mediation_sessions')
      .select(['case_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('case_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow()
    const caseId = big.case_id
    const someone = await db
      .selectFrom('mediation_parties')
      .select('name')
      .where('id', '=', 7)
      .executeTakeFirstOrThrow()
    const name = someone.name.slice(0, 2)
    const page = { year: null, status: null, disputeType: null, search: '', attention: null, limit: 20, offset: 0 }
    const like = `%${name}%`
    const listRaw = (where: ReturnType<typeof sql>) =>
      sql`select c.id, c.case_no, c.title, c.dispute_type, c.difficulty, c.source, c.status, c.accepted_on, c.extended_until,
            (select count(*) from mediation_alerts al where al.case_id = c.id and al.resolved_on is null) as open_alerts
          from mediation_cases c where ${where} order by c.accepted_on desc, c.id desc limit 20 offset 0`.execute(db)
    const partiesRaw = (ids: number[]) =>
      sql`select case_id, side, name from mediation_parties where case_id in (${sql.join(ids)}) and side in ('申请人', '被申请人') order by id`.execute(
        db,
      )
    const firstIds = (await listCases(db, page, now)).rows.map((r) => r.id)
    const searchIds = (await listCases(db, { ...page, search: name }, now)).rows.map((r) => r.id)
    const openIds = (await listCases(db, { ...page, status: '进行中', disputeType: '邻里' }, now)).rows.map((r) => r.id)
    const caseRaw = () =>
      Promise.all([
        sql`select * from mediation_cases where id = ${caseId}`.execute(db),
        sql`select * from mediation_parties where case_id = ${caseId} order by id`.execute(db),
        sql`select * from mediation_staff where case_id = ${caseId} order by id`.execute(db),
        sql`select * from mediation_sessions where case_id = ${caseId} order by held_at, id`.execute(db),
        sql`select * from mediation_agreements where case_id = ${caseId}`.execute(db),
        sql`select * from mediation_visits where case_id = ${caseId} order by planned_on, id`.execute(db),
        sql`select * from mediation_alerts where case_id = ${caseId} order by found_on`.execute(db),
        sql`select id, document, file_name, pages from mediation_scans where case_id = ${caseId}`.execute(db),
        sql`select cl.* from mediation_clauses cl join mediation_agreements a on a.id = cl.agreement_id where a.case_id = ${caseId} order by position`.execute(
          db,
        ),
      ])
    const statsRaw = async () => {
      const one = (from: string, to: string) =>
        Promise.all([
          sql`select count(*) from mediation_cases where accepted_on between ${from} and ${to}`.execute(db),
          sql`select count(*) from mediation_cases c where accepted_on between ${from} and ${to} and status <> '不予受理'
                and exists (select 1 from mediation_sessions s where s.case_id = c.id and s.kind = '调解记录')`.execute(
            db,
          ),
          sql`select source, count(*) from mediation_cases where accepted_on between ${from} and ${to} group by source`.execute(
            db,
          ),
          sql`select dispute_type, count(*) from mediation_cases where accepted_on between ${from} and ${to} group by dispute_type`.execute(
            db,
          ),
          sql`select difficulty, count(*) from mediation_cases where accepted_on between ${from} and ${to} group by difficulty`.execute(
            db,
          ),
          sql`select count(*) from mediation_agreements where signed_on between ${from} and ${to}`.execute(db),
          sql`select coalesce(sum(cl.amount), 0) from mediation_agreements a join mediation_clauses cl on cl.agreement_id = a.id where a.signed_on between ${from} and ${to}`.execute(
            db,
          ),
          sql`select count(*) from mediation_agreements a where a.signed_on between ${from} and ${to}
                and not exists (select 1 from mediation_clauses o where o.agreement_id = a.id and o.performed_on is null)`.execute(
            db,
          ),
          sql`select count(*) from mediation_agreements where confirm_applied_on between ${from} and ${to}`.execute(db),
          sql`select count(distinct case_id), coalesce(sum(people), 0) from mediation_alerts where resolved_on between ${from} and ${to}`.execute(
            db,
          ),
        ])
      const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
      await Promise.all([
        ...months.map(async (m) => {
          await sql`select * from mediation_frozen_months where month = ${m}`.execute(db)
          await one(`${m}-01`, `${m}-31`)
        }),
        one(`${year}-01-01`, `${year}-12-31`),
      ])
    }

    const cases: Case[] = [
      {
        name: '案件列表第一页（全部）',
        target: 50,
        service: () => listCases(db, page, now),
        raw: () =>
          Promise.all([
            listRaw(sql`1 = 1`),
            sql`select count(*) from mediation_cases c`.execute(db),
            partiesRaw(firstIds),
          ]),
        rows: (x: { rows: unknown[]; total: number }) => `${x.rows.length} 行 / 共 ${x.total}`,
      },
      {
        name: '案件列表（进行中＋邻里）',
        target: 50,
        service: () => listCases(db, { ...page, status: '进行中', disputeType: '邻里' }, now),
        raw: () => {
          const w = sql`c.status in ('受理', '调解中', '达成协议', '履行中') and c.dispute_type = '邻里'`
          return Promise.all([
            listRaw(w),
            sql`select count(*) from mediation_cases c where ${w}`.execute(db),
            partiesRaw(openIds),
          ])
        },
        rows: (x: { rows: unknown[]; total: number }) => `${x.rows.length} 行 / 共 ${x.total}`,
      },
      {
        name: `按当事人姓名查找（“${name}”）`,
        target: 50,
        service: () => listCases(db, { ...page, search: name }, now),
        raw: () => {
          const w = sql`(c.case_no like ${like} or c.id in (select sp.case_id from mediation_parties sp where sp.name like ${like}))`
          return Promise.all([
            listRaw(w),
            sql`select count(*) from mediation_cases c where ${w}`.execute(db),
            partiesRaw(searchIds),
          ])
        },
        rows: (x: { rows: unknown[]; total: number }) => `${x.rows.length} 行 / 共 ${x.total}`,
      },
      {
        name: '一件案件的页面',
        target: 50,
        service: () => caseDetail(db, caseId, now),
        raw: caseRaw,
        rows: (c: { sessions: unknown[] }) => `${c.sessions.length} 份记录`,
      },
      {
        name: '卷宗组装（目录＋全部文书）',
        target: 50,
        service: () => dossier(db, caseId, now),
        raw: caseRaw,
        rows: (d: { totalPages: number }) => `${d.totalPages} 页`,
      },
      {
        name: `${year} 年调解统计（全年＋12 个月）`,
        target: 200,
        service: () => yearStatistics(db, year),
        raw: statsRaw,
        rows: (s: { total: { accepted: number } }) => `受理 ${s.total.accepted}`,
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
      const ok = pct(s, 95) < c.target && ratio <= TARGET_RATIO
      pass &&= ok
      table.push([
        c.name,
        ms(pct(s, 50)),
        ms(pct(s, 95)),
        ms(pct(r, 50)),
        ms(pct(r, 95)),
        ratio.toFixed(2),
        `${c.target}`,
        ok ? '通过' : '未达标',
        c.rows(result as never),
      ])
    }
    console.log(`\n每项先预热 ${warmup} 次，再计时 ${iterations} 次（毫秒，墙钟）；比值 = 服务层 p50 ÷ 原始 SQL p50：`)
    printTable(['查询', '服务 p50', '服务 p95', 'SQL p50', 'SQL p95', '比值', '目标 p95', '结果', '返回'], table)
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}：每项 p95 低于目标（列表、案件页、卷宗 50 ms，统计 200 ms），且服务层 ≤ ${TARGET_RATIO} × 原始 SQL`,
    )
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

import { mkdirSync, rmSync, statSync, existsSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { officeDate, nowIso } from '../shared/time'
import { openDatabase } from '../electron/database/open-database'
import { demoContext } from '../electron/demo/context'
import { communityModule } from '../electron/community'
import { peopleModule } from '../electron/people'
import { contestDemo } from '../electron/contest/demo'
import { computeResults } from '../electron/contest/results-service'
import { listProposals } from '../electron/contest/proposal-service'
import { fund } from '../electron/contest/formulas'
import { ms, pct, printTable, warnIfBusy } from './bench-kit'

/**
 * `npm run bench:contest [-- --contests 10 --proposals 120 --judges 9 --iterations 40 --reuse]`
 *
 * The proposal contest at the scale: ten yearly contests of 120 proposals and 9 judges (the
 * demo's contest part over a community of 1,500 households), in a temp folder (or reused with
 * --reuse), opened as the app opens it. Times, warm-up first, then ≥30 runs, p50/p95:
 * - the results of one contest (every sheet, trimmed means, the tie-break chain, panel diagnostics
 *   and the three-rule what-if panel): target p95 < 100 ms;
 * - the proposal list of one contest: p95 < 50 ms;
 * - the knapsack over that contest's candidates with a 3,000,000 元 budget in 100-元 units: p95 < 200 ms.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contests: { type: 'string', default: '10' },
      proposals: { type: 'string', default: '120' },
      judges: { type: 'string', default: '9' },
      iterations: { type: 'string', default: '40' },
      warmup: { type: 'string', default: '5' },
      dir: { type: 'string', default: join(tmpdir(), 'desk-contest-bench') },
      reuse: { type: 'boolean', default: false },
    },
  })
  const contests = Number(values.contests)
  const proposals = Number(values.proposals)
  const judges = Number(values.judges)
  const iterations = Math.max(30, Number(values.iterations))
  const warmup = Math.max(1, Number(values.warmup))
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `contest-${contests}x${proposals}x${judges}.sqlite`)
  const today = officeDate(nowIso())

  if (values.reuse && existsSync(file)) {
    console.log(`复用演示数据文件 ${file}`)
  } else {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    const t0 = performance.now()
    const created = await openDatabase(file)
    const ctx = demoContext(
      { contests, contestProposals: proposals, contestJudges: judges, today, endYear: Number(today.slice(0, 4)) },
      () => undefined,
    )
    await communityModule.demo!(created.db, ctx)
    await peopleModule.demo!(created.db, ctx)
    await contestDemo(created.db, ctx)
    await created.close()
    const s = ctx.summary.contest
    console.log(
      `生成演示数据 ${((performance.now() - t0) / 1000).toFixed(1)} 秒：${s.contests} 届，提案 ${s.proposals} 个，评分 ${s.scores} 项，立项 ${s.projects} 个`,
    )
  }
  console.log(`数据文件 ${file}：${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`)
  console.log(`机器：${cpus()[0]?.model ?? '?'} × ${cpus().length}，Node ${process.version}`)

  const opened = await openDatabase(file)
  const db = opened.db
  try {
    // The latest contest that has results (the middle of the file's history would do as well).
    const contest = await db
      .selectFrom('contests')
      .select(['id', 'year'])
      .orderBy('year', 'desc')
      .executeTakeFirstOrThrow()
    const results = await computeResults(db, contest.id)
    // Every ranked proposal (not only those above the minimum score), so the budget binds and the table fills.
    const candidates = results.rows
      .filter((r) => r.rank !== null)
      .map((r) => ({ id: r.id, award: r.award, score: r.score }))
    const cases: { name: string; target: number; run: () => Promise<unknown> | unknown; rows: (x: never) => string }[] =
      [
        {
          name: `${contest.year} 年评审结果（含诊断和三种资助方案）`,
          target: 100,
          run: () => computeResults(db, contest.id),
          rows: (r: Awaited<ReturnType<typeof computeResults>>) =>
            `${r.rows.length} 个提案，资助 ${r.funding.funded.length} 个，W = ${r.diagnostics.kendallW?.toFixed(3) ?? '—'}`,
        },
        {
          name: `${contest.year} 年提案列表`,
          target: 50,
          run: () => listProposals(db, contest.id, { search: '', eligibility: null }),
          rows: (r: unknown[]) => `${r.length} 行`,
        },
        {
          name: `背包法：预算 3,000,000 元，按 100 元计（${candidates.length} 个候选）`,
          target: 200,
          run: () => fund('knapsack', candidates, 300_000_000),
          rows: (r: ReturnType<typeof fund>) => `资助 ${r.funded.length} 个，花费 ${r.spent / 100} 元`,
        },
      ]
    const load = loadavg()[0]!
    const table: string[][] = []
    let pass = true
    for (const c of cases) {
      for (let i = 0; i < warmup; i++) await c.run()
      const times: number[] = []
      let result: unknown
      for (let i = 0; i < iterations; i++) {
        const t0 = performance.now()
        result = await c.run()
        times.push(performance.now() - t0)
      }
      times.sort((a, b) => a - b)
      const ok = pct(times, 95) < c.target
      pass &&= ok
      table.push([
        c.name,
        ms(pct(times, 50)),
        ms(pct(times, 95)),
        `< ${c.target}`,
        ok ? '通过' : '未达标',
        c.rows(result as never),
      ])
    }
    console.log(`\n每项先预热 ${warmup} 次，再计时 ${iterations} 次（毫秒，墙钟）：`)
    printTable(['项目', 'p50', 'p95', '目标 p95', '结果', '返回'], table)
    console.log(`\n${pass ? 'PASS' : 'FAIL'}`)
    warnIfBusy(load)
    if (!pass) process.exitCode = 1
  } finally {
    await opened.close()
  }
  console.log(`数据文件保留在 ${file}（下次加 --reuse 复用）`)
}

void main()

import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/app-error'
import { openDatabase } from '../database/open-database'
import {
  defaultDemoOptions,
  generateCommunity,
  hasData,
  MAX_MEETINGS_PER_YEAR,
  type DemoOptions,
} from './generate-community'
import { meetingsForTopics } from '../topics/demo/generate-followup'

/**
 * `npm run demo -- --db <file> [--years N] [--meetings-per-year N] [--scale F] [--topics N] [--resolutions N]
 *   [--seed N] [--force]`
 *
 * Creates (or fills an empty) data file with a demo community. A file that already holds data is
 * refused unless --force, which deletes it first. Open the result with `npm run dev:web -- --db <file>`.
 */
const HELP = `用法：npm run demo -- --db <数据文件> [选项]

  --db <文件>              要生成的数据文件（必填）
  --years <N>              生成几年的会议，截至今年年底（默认 3）
  --meetings-per-year <N>  每年会议次数（默认 60，最多 ${MAX_MEETINGS_PER_YEAR}）
  --scale <倍数>           楼栋、户数、居民和每年会议次数一起放大（默认 1）
  --topics <N>             居民议题件数，分布在各年年初至今天（默认 600）
  --resolutions <N>        决议件数，来自已召开会议议定的事项（默认 150）
                           议题多时每年会议次数自动增加，使每次会议平均约 10 个居民议题
  --fund-entries <N>       公益基金收支笔数（默认 2000，随 --scale 放大）
  --fund-years <N>         公益基金收支的年数，截至今天（默认 10）
  --contests <N>           提案大赛届数，每年一届，截至今年（默认 10）
  --contest-proposals <N>  每届提案数（默认 120，随 --scale 放大）
  --contest-judges <N>     每届评委人数（默认 9）
  --seed <N>               随机种子：同样的种子生成同样的社区
  --end-year <YYYY>        最后一年（默认今年）
  --force                  数据文件已有内容时，先删除再生成
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      years: { type: 'string' },
      'meetings-per-year': { type: 'string' },
      scale: { type: 'string', default: '1' },
      topics: { type: 'string' },
      resolutions: { type: 'string' },
      'fund-entries': { type: 'string' },
      'fund-years': { type: 'string' },
      contests: { type: 'string' },
      'contest-proposals': { type: 'string' },
      'contest-judges': { type: 'string' },
      seed: { type: 'string' },
      'end-year': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help || !values.db) {
    console.log(HELP)
    process.exit(values.help ? 0 : 2)
  }
  const num = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isFinite(n) || n < min || n > max) throw new AppError('BAD_ARG', `--${name} 应在 ${min} 到 ${max} 之间`)
    return n
  }
  const base = defaultDemoOptions()
  const scale = num('scale', values.scale, 0.1, 100)!
  const years = num('years', values.years, 1, 30) ?? base.years
  const topics = num('topics', values.topics, 0, 200_000)
  // Many topics need more meetings to go on, or each agenda would be a list of dozens.
  const perYear = Math.max(
    Math.round(
      (num('meetings-per-year', values['meetings-per-year'], 1, MAX_MEETINGS_PER_YEAR) ?? base.meetingsPerYear) * scale,
    ),
    meetingsForTopics(topics ?? 0, years),
  )
  const options: Partial<DemoOptions> = {
    years,
    topics,
    resolutions: num('resolutions', values.resolutions, 0, 100_000),
    fundEntries: Math.round(
      num('fund-entries', values['fund-entries'], 0, 1_000_000) ?? Math.round(base.fundEntries * scale),
    ),
    fundYears: num('fund-years', values['fund-years'], 1, 30),
    contests: num('contests', values.contests, 0, 30),
    contestProposals:
      num('contest-proposals', values['contest-proposals'], 0, 2000) ?? Math.round(base.contestProposals * scale),
    contestJudges: num('contest-judges', values['contest-judges'], 1, 30),
    seed: num('seed', values.seed, 0, 2 ** 32 - 1),
    endYear: num('end-year', values['end-year'], 2000, 2100),
    buildings: Math.max(1, Math.round(base.buildings * scale)),
    households: Math.max(1, Math.round(base.households * scale)),
    residents: Math.max(30, Math.round(base.residents * scale)),
    meetingsPerYear: Math.min(MAX_MEETINGS_PER_YEAR, perYear),
  }
  for (const k of Object.keys(options) as Array<keyof DemoOptions>) if (options[k] === undefined) delete options[k]

  const file = resolve(values.db)
  if (existsSync(file) && values.force) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  }
  // A new demo file may go into a new folder: the developer asked for exactly this path.
  const database = await openDatabase(file, { createFolder: true })
  try {
    if (await hasData(database.db)) {
      throw new AppError(
        'NOT_EMPTY',
        `数据文件 ${file} 里已经有数据。为保护数据，没有生成演示数据；确实要覆盖请加 --force。`,
      )
    }
    const started = Date.now()
    const s = await generateCommunity(database.db, options, (m) => console.log(`  ${m}`))
    console.log(`已生成演示社区（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${file}`)
    console.log(
      `  ${s.buildings} 个楼栋 ${s.households} 户，${s.residents} 位居民；议事会 ${s.terms} 届、${s.councilMembers} 人次；${s.rooms} 个场地`,
    )
    console.log(
      `  ${s.from} 至 ${s.to}：${s.meetings} 次会议，${s.agendaItems} 个议程事项（${s.votes} 项表决），${s.attendance} 条出席记录，${s.minutes} 份纪要`,
    )
    const f = s.followup
    console.log(
      `  议题 ${f.topics} 个（${Object.entries(f.topicsByStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          '，',
        )}），决议 ${f.resolutions} 件（逾期 ${f.overdue} 件），进展记录 ${f.progressNotes} 条，反馈 ${f.feedback} 次，督办通报 ${f.reportItems} 项（列出逾期决议 ${f.reportListings} 次）`,
    )
    console.log(
      `  公益基金 ${s.fund.subfunds} 个子基金，收支 ${s.fund.entries} 笔（冲销 ${s.fund.reversals} 笔），已对账 ${s.fund.reconciledMonths} 个月`,
    )
    console.log(
      `  提案大赛 ${s.contest.contests} 届，提案 ${s.contest.proposals} 个（合格 ${s.contest.eligible}），评分 ${s.contest.scores} 项，立项 ${s.contest.projects} 个（已验收 ${s.contest.accepted}）`,
    )
  } finally {
    await database.close()
  }
}

main().catch((err) => {
  console.error(err instanceof AppError ? err.message : err)
  process.exit(1)
})

import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../shared/app-error'
import { openDatabase } from '../database/open-database'
import { meetingsForTopics } from '../topics/demo/generate-followup'
import {
  defaultDemoOptions,
  generateCommunity,
  hasData,
  MAX_MEETINGS_PER_YEAR,
  type DemoOptions,
  type DemoSummary,
} from './generate-community'

/**
 * What `npm run demo` and the history benchmark (bench/history-bench.ts) both ask for, in the
 * words of the CLI's options: one function turns it into the generator's options, another writes
 * the file. So "N× the demo" in the benchmark is exactly `npm run demo -- --scale N …`.
 */
export interface DemoRequest {
  /** Buildings, households, residents and meetings a year, all multiplied (default 1). */
  scale?: number
  years?: number
  meetingsPerYear?: number
  topics?: number
  resolutions?: number
  seed?: number
  endYear?: number
  /** 公益基金 entries (default 2000 × scale) over `fundYears` years. */
  fundEntries?: number
  fundYears?: number
  /** 合伙人 (default 12 × scale), each with two agreements. */
  partners?: number
  /** 调解案件 (default 300 × scale) over `mediationYears` years. */
  mediationCases?: number
  mediationYears?: number
  /** 提案大赛: yearly contests (default 10), proposals each (default 120 × scale), judges each (default 9). */
  contests?: number
  contestProposals?: number
  contestJudges?: number
}

/** The limits of each option, as the CLI states them. */
const LIMITS = {
  scale: [0.1, 100],
  years: [1, 30],
  meetingsPerYear: [1, MAX_MEETINGS_PER_YEAR],
  topics: [0, 200_000],
  resolutions: [0, 100_000],
  seed: [0, 2 ** 32 - 1],
  endYear: [2000, 2100],
  fundEntries: [0, 1_000_000],
  fundYears: [1, 30],
  partners: [0, 5000],
  mediationCases: [0, 1_000_000],
  mediationYears: [1, 30],
  contests: [0, 30],
  contestProposals: [0, 2000],
  contestJudges: [1, 30],
} as const satisfies Record<keyof DemoRequest, readonly [number, number]>

/** The CLI's spelling of each option, for the message that names it. */
const FLAGS: Record<keyof DemoRequest, string> = {
  scale: '--scale',
  years: '--years',
  meetingsPerYear: '--meetings-per-year',
  topics: '--topics',
  resolutions: '--resolutions',
  seed: '--seed',
  endYear: '--end-year',
  fundEntries: '--fund-entries',
  fundYears: '--fund-years',
  partners: '--partners',
  mediationCases: '--mediation-cases',
  mediationYears: '--mediation-years',
  contests: '--contests',
  contestProposals: '--contest-proposals',
  contestJudges: '--contest-judges',
}

/** The generator's options for a request; a value out of its range is refused in Chinese. */
export function demoOptions(request: DemoRequest, base: DemoOptions = defaultDemoOptions()): Partial<DemoOptions> {
  for (const key of Object.keys(LIMITS) as Array<keyof DemoRequest>) {
    const v = request[key]
    const [min, max] = LIMITS[key]
    if (v !== undefined && !(Number.isFinite(v) && v >= min && v <= max)) {
      throw new AppError('BAD_ARG', `${FLAGS[key]} 应在 ${min} 到 ${max} 之间`)
    }
  }
  const scale = request.scale ?? 1
  const years = request.years ?? base.years
  // Many topics need more meetings to go on, or each agenda would be a list of dozens.
  const perYear = Math.max(
    Math.round((request.meetingsPerYear ?? base.meetingsPerYear) * scale),
    meetingsForTopics(request.topics ?? 0, years),
  )
  const options: Partial<DemoOptions> = {
    years,
    topics: request.topics,
    resolutions: request.resolutions,
    seed: request.seed,
    endYear: request.endYear,
    buildings: Math.max(1, Math.round(base.buildings * scale)),
    households: Math.max(1, Math.round(base.households * scale)),
    residents: Math.max(30, Math.round(base.residents * scale)),
    meetingsPerYear: Math.min(MAX_MEETINGS_PER_YEAR, perYear),
    fundEntries: request.fundEntries ?? Math.round(base.fundEntries * scale),
    fundYears: request.fundYears,
    partners: request.partners ?? Math.max(1, Math.round(base.partners * scale)),
    mediationCases: request.mediationCases ?? Math.round(base.mediationCases * scale),
    mediationYears: request.mediationYears,
    contests: request.contests,
    contestProposals: request.contestProposals ?? Math.round(base.contestProposals * scale),
    contestJudges: request.contestJudges,
  }
  for (const k of Object.keys(options) as Array<keyof DemoOptions>) if (options[k] === undefined) delete options[k]
  return options
}

/**
 * Creates (or fills an empty) data file with a demo community. A file that already holds data is
 * refused unless `force`, which deletes it (and its -wal/-shm) first.
 */
export async function writeDemoFile(
  path: string,
  options: Partial<DemoOptions>,
  settings: { force?: boolean; log?: (message: string) => void } = {},
): Promise<DemoSummary> {
  const file = resolve(path)
  if (existsSync(file) && settings.force) {
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
    return await generateCommunity(database.db, options, settings.log)
  } finally {
    await database.close()
  }
}

/** What a generated community holds, in the lines the CLI prints. */
export function describeDemo(s: DemoSummary): string[] {
  const f = s.followup
  const m = s.mediation
  const statuses = Object.entries(f.topicsByStatus)
    .map(([k, v]) => `${k} ${v}`)
    .join('，')
  return [
    `${s.buildings} 个楼栋 ${s.households} 户，${s.residents} 位居民；议事会 ${s.terms} 届、${s.councilMembers} 人次；${s.rooms} 个场地`,
    `${s.from} 至 ${s.to}：${s.meetings} 次会议，${s.agendaItems} 个议程事项（${s.votes} 项表决），${s.attendance} 条出席记录，${s.minutes} 份纪要`,
    `议题 ${f.topics} 个（${statuses}），决议 ${f.resolutions} 件（逾期 ${f.overdue} 件），进展记录 ${f.progressNotes} 条，反馈 ${f.feedback} 次，督办通报 ${f.reportItems} 项（列出逾期决议 ${f.reportListings} 次）`,
    `合伙人 ${s.partners.partners} 个，协议 ${s.partners.agreements} 份，条款 ${s.partners.commitments} 项，履约期 ${s.partners.periods} 期`,
    `公益基金 ${s.fund.subfunds} 个子基金，收支 ${s.fund.entries} 笔（冲销 ${s.fund.reversals} 笔），已对账 ${s.fund.reconciledMonths} 个月`,
    `调解案卷 ${m.cases} 件，当事人 ${m.parties} 人次，记录 ${m.sessions} 份，协议 ${m.agreements} 份（条款 ${m.clauses} 条），回访 ${m.visits} 次，激化苗头 ${m.alerts} 次`,
    `提案大赛 ${s.contest.contests} 届，提案 ${s.contest.proposals} 个（合格 ${s.contest.eligible}），评分 ${s.contest.scores} 项，立项 ${s.contest.projects} 个（已验收 ${s.contest.accepted}）`,
  ]
}

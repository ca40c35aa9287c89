import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { MajorityRule } from '../database/schema'
import { rng, type Rng } from './random'

/**
 * The demo kit's shared context: what `npm run demo` (and tests, and the benchmark) ask for, the
 * seeded dice, and what each module's demo part leaves for the modules after it. The parts run in
 * the order of electron/modules.ts (community → people → council → meetings → topics …), each
 * reading what an earlier one made from `made` and adding its own, and filling its fields of the
 * summary. The dice are shared: the same seed gives the same community only while every part makes
 * the same calls in the same order.
 */
export interface DemoOptions {
  /** Whole calendar years of meetings, ending with `endYear`. */
  years: number
  meetingsPerYear: number
  endYear: number
  /** Office-local 'YYYY-MM-DD': meetings before it are held, after it are to come. */
  today: string
  buildings: number
  households: number
  residents: number
  /** Council members per term (including 召集人, 记录人 and two 列席). */
  members: number
  seed: number
  /** Topics residents raised over the period up to `today` (议题征集), and resolutions decided (决议督办). */
  topics: number
  resolutions: number
  /** 社区公益基金: entries over the last `fundYears` years up to `today` (reversals included). */
  fundEntries: number
  fundYears: number
  /** 合伙人 (partners), each with two agreements over `partnerYears` years (the second a renewal). */
  partners: number
  partnerYears: number
  /** 乡贤调解案卷: cases accepted over the last `mediationYears` years up to `today`. */
  mediationCases: number
  mediationYears: number
  /** 提案大赛: yearly contests up to endYear, proposals and judges in each. */
  contests: number
  contestProposals: number
  contestJudges: number
}

export interface FollowupSummary {
  topics: number
  topicsByStatus: Record<string, number>
  topicItems: number
  resolutions: number
  overdue: number
  progressNotes: number
  feedback: number
  /** 督办通报 items: one per meeting that had overdue resolutions to report. */
  reportItems: number
  /** Resolutions listed on them (agenda_reports rows). */
  reportListings: number
}

export interface DemoSummary {
  buildings: number
  households: number
  residents: number
  terms: number
  councilMembers: number
  rooms: number
  meetings: number
  agendaItems: number
  votes: number
  attendance: number
  minutes: number
  from: string
  to: string
  followup: FollowupSummary
  partners: { partners: number; agreements: number; commitments: number; periods: number }
  fund: FundSummary
  mediation: MediationSummary
  contest: ContestSummary
}

export interface MediationSummary {
  cases: number
  parties: number
  sessions: number
  agreements: number
  clauses: number
  visits: number
  alerts: number
}

export interface ContestSummary {
  contests: number
  proposals: number
  eligible: number
  scores: number
  /** Funded proposals that became projects, and those accepted (验收). */
  projects: number
  accepted: number
}

export interface FundSummary {
  subfunds: number
  entries: number
  reversals: number
  /** Months reconciled with the foundation's statement (all but the last two that have ended). */
  reconciledMonths: number
}

/** A building as the community part made it, with the residents the people part is to put in it. */
export interface DemoBuilding {
  id: number
  households: number
  people: number
}

/** A council member's seat: the term it belongs to and the days it was held. */
export interface DemoMember {
  id: number
  termStart: string
  termEnd: string
  start: string
  end: string | null
  role: string
}

export interface DemoCouncil {
  id: number
  quorum_rule: MajorityRule
  pass_rule: MajorityRule
}

/** What earlier modules' demo parts made, for the later ones. */
export interface DemoMade {
  /** community: the buildings in id order. */
  buildings?: DemoBuilding[]
  /** people: every resident's id, in id order. */
  residentIds?: number[]
  /** council: the one council and every member's seat, term by term. */
  council?: DemoCouncil
  members?: DemoMember[]
}

export interface DemoContext {
  readonly options: DemoOptions
  /** The seeded dice every part shares, in turn. */
  readonly r: Rng
  /** Office-local 1 January of the first year and 31 December of `endYear`. */
  readonly from: string
  readonly to: string
  /** The clock when the run started: created_at / updated_at of rows made "now". */
  readonly at: string
  readonly summary: DemoSummary
  readonly log: (message: string) => void
  readonly made: DemoMade
}

/** One module's part of the demo community (the `demo` member of a module's entry file). */
export type DemoPart = (db: Db, ctx: DemoContext) => Promise<void>

export function defaultDemoOptions(now = new Date()): DemoOptions {
  const today = officeDate(now.toISOString())
  return {
    years: 3,
    meetingsPerYear: 60,
    endYear: Number(today.slice(0, 4)),
    today,
    buildings: 30,
    households: 1500,
    residents: 3000,
    members: 25,
    seed: 20260312,
    topics: 600,
    resolutions: 150,
    fundEntries: 2000,
    fundYears: 10,
    partners: 12,
    partnerYears: 10,
    mediationCases: 300,
    mediationYears: 10,
    contests: 10,
    contestProposals: 120,
    contestJudges: 9,
  }
}

/** Two meetings a day on the days residents can come is as busy as a community gets. */
export const MAX_MEETINGS_PER_YEAR = 600

/** The context a run starts with: options checked, the dice seeded, nothing made yet. */
export function demoContext(options: Partial<DemoOptions>, log: (message: string) => void): DemoContext {
  const o = { ...defaultDemoOptions(), ...options }
  if (o.meetingsPerYear > MAX_MEETINGS_PER_YEAR) throw new Error(`每年最多 ${MAX_MEETINGS_PER_YEAR} 次会议`)
  if (o.years < 1 || o.years > 30) throw new Error('年数应在 1 到 30 之间')
  const from = `${o.endYear - o.years + 1}-01-01`
  const to = `${o.endYear}-12-31`
  return {
    options: o,
    r: rng(o.seed),
    from,
    to,
    at: nowIso(),
    log,
    made: {},
    summary: {
      buildings: 0,
      households: 0,
      residents: 0,
      terms: 0,
      councilMembers: 0,
      rooms: 0,
      meetings: 0,
      agendaItems: 0,
      votes: 0,
      attendance: 0,
      minutes: 0,
      from,
      to,
      followup: {
        topics: 0,
        topicsByStatus: {},
        topicItems: 0,
        resolutions: 0,
        overdue: 0,
        progressNotes: 0,
        feedback: 0,
        reportItems: 0,
        reportListings: 0,
      },
      fund: { subfunds: 0, entries: 0, reversals: 0, reconciledMonths: 0 },
      partners: { partners: 0, agreements: 0, commitments: 0, periods: 0 },
      mediation: { cases: 0, parties: 0, sessions: 0, agreements: 0, clauses: 0, visits: 0, alerts: 0 },
      contest: { contests: 0, proposals: 0, eligible: 0, scores: 0, projects: 0, accepted: 0 },
    },
  }
}

/** What an earlier part made, or a clear error naming the part that should have run first. */
export function made<K extends keyof DemoMade>(ctx: DemoContext, key: K, by: string): NonNullable<DemoMade[K]> {
  const value = ctx.made[key]
  if (value === undefined) throw new Error(`演示数据：${by}模块的部分应先生成（缺少 ${key}）`)
  return value as NonNullable<DemoMade[K]>
}

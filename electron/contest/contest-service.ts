import { AppError, notFound } from '../../shared/app-error'
import { nowIso } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import { formatYuan } from '../../shared/money'
import {
  FUNDING_LABELS,
  MIN_TRIM_FROM,
  PHASES,
  TIE_STEP_LABELS,
  type CriterionSpec,
  type FundingRule,
  type Phase,
  type TieStep,
} from '../../shared/contest-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { prepared } from '../database/prepared'

/**
 * A contest's set-up: the budget, the per-proposal cap, the phases with their dates, the weighted
 * criteria, the aggregation rule, the minimum score, the tie-break chain and the funding rule.
 * Everything freezes when scoring opens (the service says so; the database refuses it as well).
 */

export interface ContestInput {
  year: number
  name: string
  budget: number
  cap: number
  trimFrom: number
  /** Tenths of a point. */
  minScore: number
  /** Index into criteria of the tie-break's priority criterion, or null. */
  priority: number | null
  tieChain: TieStep[]
  fundingRule: FundingRule
  objectionDays: number
  objectionPlace: string
  phases: Partial<Record<Phase, { start: string; end: string }>>
  criteria: CriterionSpec[]
}

export interface ContestRules {
  id: number
  year: number
  name: string
  budget: number
  cap: number
  trimFrom: number
  minScore: number
  priority: number | null
  tieChain: TieStep[]
  fundingRule: FundingRule
  objectionDays: number
  objectionPlace: string
  phases: Partial<Record<Phase, { start: string; end: string }>>
  criteria: (CriterionSpec & { id: number; position: number })[]
  scoringOpenedAt: string | null
  scoringClosedAt: string | null
  publishedOn: string | null
  override: { rule: FundingRule; decision: string; at: string } | null
  finalAt: string | null
  /** The rules in plain sentences, printed on every results page. */
  rulesText: string[]
}

function check(input: ContestInput): void {
  const total = input.criteria.reduce((s, c) => s + c.weight, 0)
  if (input.criteria.length === 0) throw new AppError('INVALID_INPUT', '请至少设一个评分项。')
  if (total !== 100) {
    throw new AppError('INVALID_INPUT', `各评分项的权重加起来应当是 100，现在是 ${total}，请调整后再保存。`)
  }
  const names = new Set(input.criteria.map((c) => c.name.trim()))
  if (names.size !== input.criteria.length) throw new AppError('INVALID_INPUT', '评分项的名称不能重复。')
  if (input.trimFrom < MIN_TRIM_FROM) {
    throw new AppError('INVALID_INPUT', `「去掉最高分和最低分」至少要有 ${MIN_TRIM_FROM} 位评委的分数才能用。`)
  }
  if (input.cap > input.budget) {
    throw new AppError(
      'INVALID_INPUT',
      `单个提案的资助上限（${formatYuan(input.cap)}）不能超过总预算（${formatYuan(input.budget)}）。`,
    )
  }
  if (input.priority !== null && !input.criteria[input.priority]) {
    throw new AppError('INVALID_INPUT', '并列时优先比较的评分项不在评分项里，请重新选择。')
  }
  if (input.tieChain.includes('priority') && input.priority === null) {
    throw new AppError('INVALID_INPUT', '并列处理里有「比较优先评分项」，请选出是哪一个评分项。')
  }
  if (new Set(input.tieChain).size !== input.tieChain.length) {
    throw new AppError('INVALID_INPUT', '并列处理的步骤不能重复。')
  }
  let previous = ''
  for (const phase of PHASES) {
    const d = input.phases[phase]
    if (!d) continue
    if (d.end < d.start) throw new AppError('INVALID_INPUT', `「${phase}」阶段的结束日期早于开始日期。`)
    if (d.start < previous) throw new AppError('INVALID_INPUT', `「${phase}」阶段开始于上一阶段结束之前，请检查日期。`)
    previous = d.end
  }
}

export async function createContest(db: Db, input: ContestInput, now = nowIso()): Promise<{ id: number }> {
  check(input)
  return inTransaction(db, async (trx) => {
    const name = input.name.trim()
    const taken = await trx
      .selectFrom('contests')
      .select('id')
      .where('year', '=', input.year)
      .where('name', '=', name)
      .executeTakeFirst()
    if (taken) throw new AppError('DUPLICATE', `${input.year} 年已经有「${name}」了。`)
    const row = await trx
      .insertInto('contests')
      .values({ ...columns(input), year: input.year, name, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    await insertCriteria(trx, row.id, input.criteria)
    await audit(trx, '新增', '提案大赛', row.id, { year: input.year, name })
    return { id: row.id }
  })
}

const columns = (input: ContestInput) => ({
  budget: input.budget,
  cap: input.cap,
  trim_from: input.trimFrom,
  min_score: input.minScore,
  priority_position: input.priority,
  tie_chain: JSON.stringify(input.tieChain),
  funding_rule: input.fundingRule,
  objection_days: input.objectionDays,
  objection_place: input.objectionPlace.trim(),
  phases: JSON.stringify(input.phases),
})

async function insertCriteria(db: Db, contestId: number, criteria: CriterionSpec[]) {
  await db
    .insertInto('contest_criteria')
    .values(
      criteria.map((c, position) => ({
        contest_id: contestId,
        position,
        name: c.name.trim(),
        weight: c.weight,
        max_score: c.max,
        description: c.description,
        levels: JSON.stringify(c.levels),
      })),
    )
    .execute()
}

export async function updateContest(db: Db, id: number, input: ContestInput): Promise<void> {
  check(input)
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, id)
    if (c.scoring_opened_at) {
      throw new AppError('FROZEN', '评分已经开始，评分规则、评分项和预算已经锁定，不能再改。')
    }
    await trx
      .updateTable('contests')
      .set({ ...columns(input), year: input.year, name: input.name.trim() })
      .where('id', '=', id)
      .execute()
    await trx.deleteFrom('contest_criteria').where('contest_id', '=', id).execute()
    await insertCriteria(trx, id, input.criteria)
    await audit(trx, '修改', '提案大赛', id, { budget: input.budget, criteria: input.criteria.map((c) => c.name) })
  })
}

// Read by every page of a contest: compiled once.
const contestById = prepared((db, v: { id: number }) => db.selectFrom('contests').selectAll().where('id', '=', v.id))

export async function contestRow(db: Db, id: number) {
  const [c] = await contestById(db, { id })
  if (!c) throw notFound('提案大赛')
  return c
}

export async function listContests(db: Db) {
  const rows = await db
    .selectFrom('contests as c')
    .select((eb) => [
      'c.id',
      'c.year',
      'c.name',
      'c.budget',
      'c.scoring_opened_at',
      'c.scoring_closed_at',
      'c.published_on',
      'c.final_at',
      eb
        .selectFrom('contest_proposals as p')
        .whereRef('p.contest_id', '=', 'c.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('proposals'),
    ])
    .orderBy('c.year', 'desc')
    .orderBy('c.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    name: r.name,
    budget: r.budget,
    proposals: Number(r.proposals ?? 0),
    stage: stageOf(r),
  }))
}

/** Where a contest stands, in the clerk's words. */
export function stageOf(c: {
  scoring_opened_at: string | null
  scoring_closed_at: string | null
  published_on: string | null
  final_at: string | null
}): string {
  if (c.final_at) return '结果已确定'
  if (c.published_on) return '公示中'
  if (c.scoring_closed_at) return '评审结束'
  if (c.scoring_opened_at) return '评审中'
  return '征集和资格审查'
}

export async function getContest(db: Db, id: number): Promise<ContestRules> {
  const c = await contestRow(db, id)
  const criteria = await db
    .selectFrom('contest_criteria')
    .selectAll()
    .where('contest_id', '=', id)
    .orderBy('position')
    .execute()
  const rules: ContestRules = {
    id: c.id,
    year: c.year,
    name: c.name,
    budget: c.budget,
    cap: c.cap,
    trimFrom: c.trim_from,
    minScore: c.min_score,
    priority: c.priority_position,
    tieChain: JSON.parse(c.tie_chain) as TieStep[],
    fundingRule: c.funding_rule,
    objectionDays: c.objection_days,
    objectionPlace: c.objection_place,
    phases: JSON.parse(c.phases) as ContestRules['phases'],
    criteria: criteria.map((k) => ({
      id: k.id,
      position: k.position,
      name: k.name,
      weight: k.weight,
      max: k.max_score,
      description: k.description,
      levels: JSON.parse(k.levels) as string[],
    })),
    scoringOpenedAt: c.scoring_opened_at,
    scoringClosedAt: c.scoring_closed_at,
    publishedOn: c.published_on,
    override:
      c.override_rule && c.override_at
        ? { rule: c.override_rule, decision: c.override_decision, at: c.override_at }
        : null,
    finalAt: c.final_at,
    rulesText: [],
  }
  rules.rulesText = rulesText(rules)
  return rules
}

export const scoreText = (tenths: number) => (tenths / 10).toFixed(1).replace(/\.0$/, '')

function rulesText(r: ContestRules): string[] {
  const priority = r.priority !== null ? r.criteria[r.priority]?.name : null
  const chain = [
    TIE_STEP_LABELS.score,
    ...r.tieChain.map((s) => (s === 'priority' ? `比较「${priority}」的平均分` : TIE_STEP_LABELS[s])),
    TIE_STEP_LABELS.draw,
  ]
  return [
    `评分项及权重：${r.criteria.map((c) => `${c.name} ${c.weight}（满分 ${c.max}）`).join('，')}；每位评委的加权总分 = Σ 权重 × 得分 ÷ 该项满分，满分 100。`,
    `汇总规则：有 ${r.trimFrom} 位及以上评委评分时，去掉一个最高分和一个最低分后取平均；不足 ${r.trimFrom} 位时取全部分数的平均。按未四舍五入的分数计算和排名，只在显示时保留两位小数。回避的评委不计入人数。`,
    `并列处理顺序：${chain.map((s, i) => `${i + 1}. ${s}`).join('；')}。`,
    `资助规则：最终得分达到 ${scoreText(r.minScore)} 分的提案，按名次在总预算 ${formatYuan(r.budget)} 内资助，每个提案最多 ${formatYuan(r.cap)}（资助额 = 申请金额与上限中较少的一个）；${FUNDING_LABELS[r.fundingRule]}。`,
    ...(r.override ? [`经社区决定改用：${FUNDING_LABELS[r.override.rule]}（${r.override.decision}）。`] : []),
    `公示期 ${r.objectionDays} 天${r.publishedOn ? `（${chineseDate(r.publishedOn)}起）` : ''}${r.objectionPlace ? `，异议请向${r.objectionPlace}提出` : ''}。`,
  ]
}

/** 评审开始: from now on the rules and criteria are frozen. Needs judges and eligible proposals, none left unreviewed. */
export async function openScoring(db: Db, id: number, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, id)
    if (c.scoring_opened_at) throw new AppError('ALREADY', '评分已经开始了。')
    const counts = await trx
      .selectFrom('contest_proposals')
      .select((eb) => ['eligibility', eb.fn.countAll<number>().as('n')])
      .where('contest_id', '=', id)
      .groupBy('eligibility')
      .execute()
    const n = (e: string) => Number(counts.find((r) => r.eligibility === e)?.n ?? 0)
    if (n('待审查') > 0) throw new AppError('NOT_READY', `还有 ${n('待审查')} 个提案没有做资格审查，审查完再开始评分。`)
    if (n('合格') === 0) throw new AppError('NOT_READY', '还没有通过资格审查的提案，不能开始评分。')
    const judges = await trx
      .selectFrom('contest_judges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contest_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(judges.n) === 0) throw new AppError('NOT_READY', '还没有评委，请先组建评审团。')
    await trx.updateTable('contests').set({ scoring_opened_at: now }).where('id', '=', id).execute()
    await audit(trx, '修改', '提案大赛', id, { 开始评分: now })
  })
}

export async function assertScoringOpen(db: Db, contestId: number) {
  const c = await contestRow(db, contestId)
  if (!c.scoring_opened_at) throw new AppError('NOT_OPEN', '评分还没有开始。')
  if (c.scoring_closed_at) throw new AppError('CLOSED', '评分已经结束，不能再录入分数。')
  return c
}

export async function assertNotOpened(db: Db, contestId: number, what: string) {
  const c = await contestRow(db, contestId)
  if (c.scoring_opened_at) throw new AppError('FROZEN', `评分已经开始，不能再${what}。`)
  return c
}

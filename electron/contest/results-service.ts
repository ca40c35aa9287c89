import { AppError } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import { addDays, chineseDate } from '../../shared/dates'
import { formatYuan } from '../../shared/money'
import { FUNDING_LABELS, FUNDING_RULES, TIE_STEP_LABELS, type FundingRule } from '../../shared/contest-values'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { inTransaction } from '../database/unit-of-work'
import { contestRow, getContest, scoreText, type ContestRules } from './contest-service'
import {
  aggregate,
  awardOf,
  compareFractions,
  diagnose,
  fund,
  rankProposals,
  scaleOf,
  sheetUnits,
  valueOf,
  type Diagnostics,
  type FundingOutcome,
  type RankInput,
  type TieLogEntry,
} from './formulas'
import { proposalNumber, proposerMasked, proposerName } from './proposal-service'

/**
 * Results, explained: per proposal each judge's weighted total, the dropped ones, the final score on
 * unrounded values, n and the rank with every tie-break step; the panel diagnostics; the funding
 * under the declared rule next to the other rules (what-if) and the committee's override. Computed
 * from the submitted sheets each time (nothing is stored but draws and decisions), in a few reads.
 */

export interface ResultRow {
  id: number
  number: string
  title: string
  proposer: string
  proposerMasked: string
  request: number
  award: number
  /** Exact final score (for display round to 2 places). */
  score: number
  n: number
  trimmed: boolean
  judges: { judgeId: number; name: string; total: number; dropped: '最高分' | '最低分' | null }[]
  recused: string[]
  rank: number | null
  awaitingDraw: boolean
  aboveMinimum: boolean
  funded: boolean
  /** Why it was (not) funded, in words. */
  fundingNote: string
  disagreement: boolean
}

export interface Results {
  rules: ContestRules
  progress: { submitted: number; total: number }
  rows: ResultRow[]
  tieLog: { step: string; text: string }[]
  drawsNeeded: { ids: number[]; numbers: string[] }[]
  diagnostics: Diagnostics & { judgeNames: Record<number, string> }
  whatIf: (FundingOutcome & { label: string; fundedNumbers: string[] })[]
  rule: FundingRule
  funding: FundingOutcome
}

export async function computeResults(db: Db, contestId: number): Promise<Results> {
  const rules = await getContest(db, contestId)
  const proposals = await db
    .selectFrom('contest_proposals as p')
    .leftJoin('residents as r', 'r.id', 'p.proposer_resident_id')
    .select(['p.id', 'p.seq', 'p.title', 'p.request', 'p.proposer_group', 'r.name'])
    .where('p.contest_id', '=', contestId)
    .where('p.eligibility', '=', '合格')
    .orderBy('p.seq')
    .execute()
  const judges = await db
    .selectFrom('contest_judges as j')
    .leftJoin('contest_sheets as s', 's.judge_id', 'j.id')
    .select(['j.id', 'j.name', 's.id as sheetId', 's.submitted_at'])
    .where('j.contest_id', '=', contestId)
    .orderBy('j.id')
    .execute()
  const submitted = judges.filter((j) => j.submitted_at !== null && j.sheetId !== null)
  const sheetJudge = new Map(submitted.map((j) => [j.sheetId!, j.id]))
  const judgeName = new Map(judges.map((j) => [j.id, j.name]))
  const scores = submitted.length
    ? await db
        .selectFrom('contest_scores')
        .select(['sheet_id', 'proposal_id', 'criterion_id', 'score'])
        .where(
          'sheet_id',
          'in',
          submitted.map((j) => j.sheetId!),
        )
        .execute()
    : []
  const recusals = await db
    .selectFrom('contest_recusals as x')
    .innerJoin('contest_judges as j', 'j.id', 'x.judge_id')
    .select(['x.judge_id', 'x.proposal_id'])
    .where('j.contest_id', '=', contestId)
    .execute()
  const draws = await db
    .selectFrom('contest_draws')
    .select(['drawn_order'])
    .where('contest_id', '=', contestId)
    .execute()

  const criteria = rules.criteria.map((c) => ({ id: c.id, weight: c.weight, max: c.max }))
  const L = scaleOf(criteria)
  const priorityId = rules.priority !== null ? rules.criteria[rules.priority]?.id : undefined
  // proposal → judge → criterion → score
  const cells = new Map<number, Map<number, Map<number, number>>>()
  for (const s of scores) {
    const judge = sheetJudge.get(s.sheet_id)!
    let byJudge = cells.get(s.proposal_id)
    if (!byJudge) cells.set(s.proposal_id, (byJudge = new Map()))
    let byCriterion = byJudge.get(judge)
    if (!byCriterion) byJudge.set(judge, (byCriterion = new Map()))
    byCriterion.set(s.criterion_id, s.score)
  }

  const number = (seq: number) => proposalNumber(rules.year, seq)
  const inputs: RankInput[] = []
  const pointsByProposal = new Map<number, Map<number, number>>()
  const partial = new Map<
    number,
    Omit<ResultRow, 'rank' | 'awaitingDraw' | 'funded' | 'fundingNote' | 'disagreement'>
  >()
  for (const p of proposals) {
    const byJudge = cells.get(p.id) ?? new Map<number, Map<number, number>>()
    const judgeIds = [...byJudge.keys()].filter((j) => byJudge.get(j)!.size === criteria.length).sort((a, b) => a - b)
    const units = judgeIds.map((j) => sheetUnits(criteria, byJudge.get(j)!))
    const agg = aggregate(units, L, rules.trimFrom)
    const points = new Map(judgeIds.map((j, i) => [j, units[i]! / L]))
    pointsByProposal.set(p.id, points)
    const award = awardOf(p.request, rules.cap)
    const score = agg ? valueOf(agg.score) : 0
    partial.set(p.id, {
      id: p.id,
      number: number(p.seq),
      title: p.title,
      proposer: proposerName(p.name, p.proposer_group),
      proposerMasked: proposerMasked(p.name, p.proposer_group),
      request: p.request,
      award,
      score,
      n: agg?.n ?? 0,
      trimmed: agg?.trimmed ?? false,
      judges: judgeIds.map((j, i) => ({
        judgeId: j,
        name: judgeName.get(j) ?? '',
        total: units[i]! / L,
        dropped: agg?.droppedHigh === i ? '最高分' : agg?.droppedLow === i ? '最低分' : null,
      })),
      recused: recusals.filter((x) => x.proposal_id === p.id).map((x) => judgeName.get(x.judge_id) ?? ''),
      aboveMinimum: agg ? compareFractions(agg.score, { num: rules.minScore, den: 10 }) >= 0 : false,
    })
    if (agg) {
      let priority = null
      if (priorityId !== undefined) {
        const vals = judgeIds.map((j) => byJudge.get(j)!.get(priorityId)!)
        priority = { num: vals.reduce((a, b) => a + b, 0), den: vals.length }
      }
      inputs.push({ id: p.id, score: agg.score, priority, request: p.request, byJudge: points })
    }
  }

  const ranking = rankProposals(
    inputs,
    rules.tieChain,
    draws.map((d) => JSON.parse(d.drawn_order) as number[]),
  )
  const rankOf = new Map(ranking.ranked.map((r) => [r.id, r]))
  const numberOf = (id: number) => partial.get(id)!.number

  // Funding: the candidates in rank order, at or above the minimum; a tie awaiting its draw blocks funding.
  const candidates = ranking.ranked
    .filter((r) => partial.get(r.id)!.aboveMinimum)
    .map((r) => ({ id: r.id, award: partial.get(r.id)!.award, score: partial.get(r.id)!.score }))
  const whatIf = FUNDING_RULES.map((rule) => {
    const o = fund(rule, candidates, rules.budget)
    return { ...o, label: FUNDING_LABELS[rule], fundedNumbers: o.funded.map(numberOf) }
  })
  const rule = rules.override?.rule ?? rules.fundingRule
  const funding = whatIf.find((w) => w.rule === rule)!
  const fundedSet = new Set(funding.funded)

  const diagnostics = diagnose(
    judges.map((j) => j.id).filter((j) => submitted.some((s) => s.id === j)),
    pointsByProposal,
  )
  const disagreement = new Set(diagnostics.proposals.filter((p) => p.flagged).map((p) => p.proposalId))

  const rows: ResultRow[] = proposals.map((p) => {
    const base = partial.get(p.id)!
    const r = rankOf.get(p.id)
    const funded = fundedSet.has(p.id)
    let fundingNote = ''
    if (!r) fundingNote = '没有有效评分'
    else if (!base.aboveMinimum) fundingNote = `得分未达到 ${scoreText(rules.minScore)} 分`
    else if (funded)
      fundingNote = base.award < base.request ? `资助 ${formatYuan(base.award)}（达到单个提案上限）` : '资助'
    else fundingNote = '预算内放不下'
    return {
      ...base,
      rank: r?.rank ?? null,
      awaitingDraw: r?.awaitingDraw ?? false,
      funded,
      fundingNote,
      disagreement: disagreement.has(p.id),
    }
  })
  rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.number.localeCompare(b.number))

  return {
    rules,
    progress: { submitted: submitted.length, total: judges.length },
    rows,
    tieLog: ranking.log.map((l) => ({ step: l.step, text: tieText(l, numberOf, rules) })),
    drawsNeeded: ranking.drawsNeeded.map((ids) => ({ ids, numbers: ids.map(numberOf) })),
    diagnostics: { ...diagnostics, judgeNames: Object.fromEntries(judgeName) },
    whatIf,
    rule,
    funding,
  }
}

function tieText(l: TieLogEntry, numberOf: (id: number) => string, rules: ContestRules): string {
  const tied = l.tied.map(numberOf).join('、')
  const order = l.outcome.map((g) => g.map(numberOf).join(' 与 ')).join(' ＞ ')
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4))
  const values = l.tied.map((id) => `${numberOf(id)}：${fmt(l.values[id]!)}`).join('，')
  const label =
    l.step === 'priority'
      ? `比较「${rules.priority !== null ? rules.criteria[rules.priority]!.name : ''}」的平均分`
      : TIE_STEP_LABELS[l.step]
  const still = l.outcome.some((g) => g.length > 1) ? '，仍有并列，进入下一步' : ''
  return l.step === 'draw'
    ? `${tied} 得分并列，经抽签，顺序为 ${order}。`
    : `${tied} 得分完全相同。${label}（${values}）：${order}${still}。`
}

/** 抽签: the drawn order of a group still tied after the chain, with the witnesses. */
export async function recordDraw(
  db: Db,
  contestId: number,
  input: { order: number[]; witnesses: string },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, contestId)
    if (c.published_on) throw new AppError('PUBLISHED', '结果已经公示，不能再抽签。')
    const results = await computeResults(trx, contestId)
    const key = [...input.order].sort((a, b) => a - b).join(',')
    const needed = results.drawsNeeded.find((d) => d.ids.join(',') === key)
    if (!needed) throw new AppError('INVALID_INPUT', '这几个提案现在不需要抽签（没有并列到最后一步），请刷新后再看。')
    if (!input.witnesses.trim()) throw new AppError('INVALID_INPUT', '抽签要写明在场见证人。')
    await trx
      .insertInto('contest_draws')
      .values({
        contest_id: contestId,
        tied: key,
        drawn_order: JSON.stringify(input.order),
        witnesses: input.witnesses.trim(),
        drawn_at: now,
      })
      .execute()
    await audit(trx, '新增', '提案大赛抽签', contestId, input)
  })
}

/** An override of the declared funding rule needs the committee's recorded decision. */
export async function overrideFunding(
  db: Db,
  contestId: number,
  input: { rule: FundingRule; decision: string },
  now = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, contestId)
    if (c.published_on) throw new AppError('PUBLISHED', '结果已经公示，不能再改资助规则。')
    const decision = input.decision.trim()
    if (input.rule === c.funding_rule) {
      await trx
        .updateTable('contests')
        .set({ override_rule: null, override_decision: '', override_at: null })
        .where('id', '=', contestId)
        .execute()
    } else {
      if (!decision) {
        throw new AppError(
          'INVALID_INPUT',
          '不按事先公布的资助规则，要写明社区两委（或评审委员会）的决定，如会议名称、日期和决定内容。',
        )
      }
      await trx
        .updateTable('contests')
        .set({ override_rule: input.rule, override_decision: decision, override_at: now })
        .where('id', '=', contestId)
        .execute()
    }
    await audit(trx, '修改', '提案大赛资助规则', contestId, input)
  })
}

/** 公示: posts the results; needs scoring closed and no draw outstanding. */
export async function publish(db: Db, contestId: number, input: { publishedOn: string; place: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, contestId)
    if (!c.scoring_closed_at) throw new AppError('NOT_READY', '评分还没有结束，不能公示。')
    if (c.published_on) throw new AppError('ALREADY', '已经公示了。')
    const r = await computeResults(trx, contestId)
    if (r.drawsNeeded.length) {
      throw new AppError(
        'NOT_READY',
        `还有并列需要抽签决定：${r.drawsNeeded.map((d) => d.numbers.join('、')).join('；')}。`,
      )
    }
    await trx
      .updateTable('contests')
      .set({ published_on: input.publishedOn, objection_place: input.place.trim() || c.objection_place })
      .where('id', '=', contestId)
      .execute()
    await audit(trx, '修改', '提案大赛公示', contestId, input)
  })
}

/** The A4 公示: ranks, scores, awards, the rules, the objection period and where to object; names masked. */
export async function notice(db: Db, contestId: number) {
  const r = await computeResults(db, contestId)
  const c = r.rules
  const community = await db.selectFrom('community').select(['name']).where('id', '=', 1).executeTakeFirst()
  const start = c.publishedOn
  const end = start ? addDays(start, c.objectionDays - 1) : null
  return {
    title: `${c.year}年${c.name}评审结果公示`,
    community: community?.name ?? '',
    rows: r.rows
      .filter((x) => x.rank !== null)
      .map((x) => ({
        rank: x.rank!,
        number: x.number,
        title: x.title,
        proposer: x.proposerMasked,
        score: x.score.toFixed(2),
        award: x.funded ? formatYuan(x.award) : '—',
        note: x.fundingNote,
      })),
    rules: c.rulesText,
    tieLog: r.tieLog.map((t) => t.text),
    period: start && end ? `${chineseDate(start)}至${chineseDate(end)}` : '（公示日期确定后填写）',
    place: c.objectionPlace,
    funded: r.funding.funded.length,
    spent: formatYuan(r.funding.spent),
    left: formatYuan(r.funding.left),
  }
}

export async function addObjection(
  db: Db,
  contestId: number,
  input: { proposalId: number | null; receivedOn: string; objector: string; content: string },
): Promise<{ id: number }> {
  const c = await contestRow(db, contestId)
  if (!c.published_on) throw new AppError('NOT_READY', '还没有公示，不能登记异议。')
  if (c.final_at) throw new AppError('FINAL', '结果已经确定，公示期已过。')
  if (input.receivedOn < c.published_on) throw new AppError('INVALID_INPUT', '收到异议的日期不能早于公示日期。')
  const row = await db
    .insertInto('contest_objections')
    .values({
      contest_id: contestId,
      proposal_id: input.proposalId,
      received_on: input.receivedOn,
      objector: input.objector.trim(),
      content: input.content.trim(),
      settled_on: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await audit(db, '新增', '提案大赛异议', row.id, input)
  return { id: row.id }
}

export async function settleObjection(
  db: Db,
  id: number,
  input: { handling: string; settledOn: string },
): Promise<void> {
  const o = await db.selectFrom('contest_objections').selectAll().where('id', '=', id).executeTakeFirst()
  if (!o) throw new AppError('NOT_FOUND', '找不到这条异议，请刷新后再试。')
  if (!input.handling.trim()) throw new AppError('INVALID_INPUT', '请写明处理结果。')
  if (input.settledOn < o.received_on) throw new AppError('INVALID_INPUT', '处理日期不能早于收到异议的日期。')
  await db
    .updateTable('contest_objections')
    .set({ handling: input.handling.trim(), settled_on: input.settledOn })
    .where('id', '=', id)
    .execute()
  await audit(db, '修改', '提案大赛异议', id, input)
}

export async function objections(db: Db, contestId: number) {
  const c = await contestRow(db, contestId)
  const rows = await db
    .selectFrom('contest_objections as o')
    .leftJoin('contest_proposals as p', 'p.id', 'o.proposal_id')
    .select(['o.id', 'o.received_on', 'o.objector', 'o.content', 'o.handling', 'o.settled_on', 'p.seq', 'p.title'])
    .where('o.contest_id', '=', contestId)
    .orderBy('o.id')
    .execute()
  return rows.map((o) => ({
    id: o.id,
    receivedOn: o.received_on,
    objector: o.objector,
    content: o.content,
    handling: o.handling,
    settledOn: o.settled_on,
    proposal: o.seq !== null ? `${proposalNumber(c.year, o.seq)} ${o.title}` : '（整体结果）',
  }))
}

/** Results become final only after the objection period, with every objection settled. */
export async function finalize(db: Db, contestId: number, now = nowIso()): Promise<void> {
  await inTransaction(db, async (trx) => {
    const c = await contestRow(trx, contestId)
    if (!c.published_on) throw new AppError('NOT_READY', '还没有公示。')
    if (c.final_at) throw new AppError('ALREADY', '结果已经确定了。')
    const lastDay = addDays(c.published_on, c.objection_days - 1)
    if (officeDate(now) <= lastDay) {
      throw new AppError('NOT_READY', `公示期到${chineseDate(lastDay)}才结束，之后才能确定结果。`)
    }
    const open = await trx
      .selectFrom('contest_objections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contest_id', '=', contestId)
      .where('settled_on', 'is', null)
      .executeTakeFirstOrThrow()
    if (Number(open.n) > 0) throw new AppError('NOT_READY', `还有 ${open.n} 条异议没有处理完，处理完才能确定结果。`)
    await trx.updateTable('contests').set({ final_at: now }).where('id', '=', contestId).execute()
    await audit(trx, '修改', '提案大赛结果确定', contestId, { final: now })
  })
}

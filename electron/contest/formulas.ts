import { KNAPSACK_UNIT_FEN, type FundingRule, type TieStep } from '../../shared/contest-values'

/**
 * The contest's formulas, as pure functions on plain numbers (research note anchors-ledger-contest
 * §2.5). Scores are whole points, so every sheet total is an exact fraction: with weights w_c
 * (Σ = 100) and maxima M_c, x = Σ w_c·s_c / M_c = units / L where L = lcm(M_c) and units is a whole
 * number. Final scores are compared as fractions (cross-multiplied), never after rounding, so a
 * tie is a real tie and display rounding never makes or breaks one. Money is integer fen.
 */

export interface Fraction {
  num: number
  den: number
}
export const valueOf = (f: Fraction) => f.num / f.den
/** −1 when a < b, 0 when equal, 1 when a > b (exactly). */
export const compareFractions = (a: Fraction, b: Fraction) => Math.sign(a.num * b.den - b.num * a.den)

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b

export interface CriterionRule {
  id: number
  weight: number
  max: number
}

/** L: the common denominator of every sheet total of these criteria. */
export const scaleOf = (criteria: readonly CriterionRule[]) => criteria.reduce((l, c) => lcm(l, c.max), 1)

/**
 * (1) A judge's weighted total for one proposal, 0–100, as whole units of 1/L:
 * x = 100 · Σ (w_c/100) · s_c / M_c.
 */
export function sheetUnits(criteria: readonly CriterionRule[], scores: ReadonlyMap<number, number>): number {
  const L = scaleOf(criteria)
  let units = 0
  for (const c of criteria) {
    const s = scores.get(c.id)
    if (s === undefined) throw new Error(`missing score for criterion ${c.id}`)
    units += c.weight * s * (L / c.max)
  }
  return units
}

export interface Aggregate {
  /** The final score, exact. */
  score: Fraction
  n: number
  /** true when the highest and the lowest were dropped. */
  trimmed: boolean
  /** Indexes (into the input) of the dropped highest and lowest total; one each even when tied. */
  droppedHigh: number | null
  droppedLow: number | null
}

/**
 * (2)/(3) The declared aggregation: drop ONE highest and ONE lowest total when at least `trimFrom`
 * judges scored (trimFrom ≥ 3), else the plain mean. With tied maxima (or minima) only the first
 * instance is dropped. `totals` are sheet units (see sheetUnits) over the scale L.
 */
export function aggregate(totals: readonly number[], L: number, trimFrom: number): Aggregate | null {
  const n = totals.length
  if (n === 0) return null
  const sum = totals.reduce((a, b) => a + b, 0)
  if (n < Math.max(3, trimFrom)) {
    return { score: { num: sum, den: n * L }, n, trimmed: false, droppedHigh: null, droppedLow: null }
  }
  let hi = 0
  let lo = 0
  totals.forEach((t, i) => {
    if (t > totals[hi]!) hi = i
    if (t < totals[lo]!) lo = i
  })
  // All equal: hi and lo are both index 0; drop two different instances.
  if (hi === lo) lo = 1
  return {
    score: { num: sum - totals[hi]! - totals[lo]!, den: (n - 2) * L },
    n,
    trimmed: true,
    droppedHigh: hi,
    droppedLow: lo,
  }
}

// ---------------------------------------------------------------------------------------------
// Ranking with the declared tie-break chain

export interface RankInput {
  id: number
  score: Fraction
  /** The mean on the priority criterion, exact (null when the chain has no priority step). */
  priority: Fraction | null
  /** Requested amount in fen (the award is min(request, cap)). */
  request: number
  /** Sheet totals by judge id (the judges who scored it). */
  byJudge: ReadonlyMap<number, number>
}

export interface TieLogEntry {
  step: TieStep | 'draw'
  /** The proposals that were tied when this step was applied. */
  tied: number[]
  /** The order after the step, groups still tied in inner arrays. */
  outcome: number[][]
  /** Per proposal, the value the step compared (for the printout). */
  values: Record<number, number>
}

export interface Ranked {
  id: number
  rank: number
  /** true while the tie needs a 抽签 not yet recorded (rank is shared). */
  awaitingDraw: boolean
}

export interface RankResult {
  ranked: Ranked[]
  log: TieLogEntry[]
  /** Groups still tied after the chain with no recorded draw: the committee must draw lots. */
  drawsNeeded: number[][]
}

/** Split `ids` into groups ordered best first by `better` (>0 when a is better than b), ties kept together. */
function splitBy(ids: number[], key: (id: number) => number | Fraction, higherFirst: boolean): number[][] {
  const cmp = (a: number, b: number) => {
    const ka = key(a)
    const kb = key(b)
    const c = typeof ka === 'number' ? Math.sign(ka - (kb as number)) : compareFractions(ka, kb as Fraction)
    return higherFirst ? -c : c
  }
  const sorted = [...ids].sort((a, b) => cmp(a, b) || a - b)
  const groups: number[][] = []
  for (const id of sorted) {
    const last = groups[groups.length - 1]
    if (last && cmp(last[0]!, id) === 0) last.push(id)
    else groups.push([id])
  }
  return groups
}

/**
 * (3) Head-to-head within a tied group: for each proposal, Σ over the others of (judges who scored
 * it above the other − judges who scored the other above it), counting only judges who scored both.
 * For two proposals this is the plain "how many judges preferred which".
 */
export function headToHead(group: readonly number[], byId: ReadonlyMap<number, RankInput>): Map<number, number> {
  const out = new Map<number, number>()
  for (const i of group) {
    let net = 0
    const a = byId.get(i)!.byJudge
    for (const j of group) {
      if (i === j) continue
      const b = byId.get(j)!.byJudge
      for (const [judge, x] of a) {
        const y = b.get(judge)
        if (y === undefined) continue
        if (x > y) net++
        else if (x < y) net--
      }
    }
    out.set(i, net)
  }
  return out
}

/**
 * Ranks by the exact final score, then breaks ties with the declared chain, logging every step.
 * Groups still tied go to 抽签: `draws` holds recorded draws (the drawn order of the group's ids);
 * a group without one keeps a shared rank and is listed in drawsNeeded.
 */
export function rankProposals(
  inputs: readonly RankInput[],
  chain: readonly TieStep[],
  draws: ReadonlyArray<readonly number[]> = [],
): RankResult {
  const byId = new Map(inputs.map((p) => [p.id, p]))
  const log: TieLogEntry[] = []
  const drawsNeeded: number[][] = []

  const resolve = (group: number[], stepIndex: number): { order: number[][]; awaiting: Set<number> } => {
    if (group.length === 1) return { order: [group], awaiting: new Set() }
    if (stepIndex >= chain.length) {
      const key = [...group].sort((a, b) => a - b).join(',')
      const draw = draws.find((d) => [...d].sort((a, b) => a - b).join(',') === key)
      if (draw) {
        log.push({
          step: 'draw',
          tied: [...group],
          outcome: draw.map((id) => [id]),
          values: Object.fromEntries(draw.map((id, i) => [id, i + 1])),
        })
        return { order: draw.map((id) => [id]), awaiting: new Set() }
      }
      drawsNeeded.push([...group].sort((a, b) => a - b))
      return { order: [group], awaiting: new Set(group) }
    }
    const step = chain[stepIndex]!
    let values: Map<number, number | Fraction>
    let higherFirst = true
    if (step === 'priority') values = new Map(group.map((id) => [id, byId.get(id)!.priority ?? { num: 0, den: 1 }]))
    else if (step === 'headToHead') values = headToHead(group, byId)
    else {
      values = new Map(group.map((id) => [id, byId.get(id)!.request]))
      higherFirst = false
    }
    const groups = splitBy(group, (id) => values.get(id)!, higherFirst)
    log.push({
      step,
      tied: [...group],
      outcome: groups,
      values: Object.fromEntries(
        group.map((id) => {
          const v = values.get(id)!
          return [id, typeof v === 'number' ? v : valueOf(v)]
        }),
      ),
    })
    const order: number[][] = []
    const awaiting = new Set<number>()
    for (const g of groups) {
      const inner = resolve(g, stepIndex + 1)
      order.push(...inner.order)
      for (const id of inner.awaiting) awaiting.add(id)
    }
    return { order, awaiting }
  }

  const ranked: Ranked[] = []
  let rank = 1
  for (const group of splitBy(
    inputs.map((p) => p.id),
    (id) => byId.get(id)!.score,
    true,
  )) {
    const { order, awaiting } = resolve(group, 0)
    for (const g of order) {
      for (const id of g) ranked.push({ id, rank, awaitingDraw: awaiting.has(id) })
      rank += g.length
    }
  }
  return { ranked, log, drawsNeeded }
}

// ---------------------------------------------------------------------------------------------
// Funding

export interface FundingCandidate {
  id: number
  /** min(request, cap), fen. */
  award: number
  /** The exact final score as a number (the knapsack maximises their sum). */
  score: number
}

export interface FundingOutcome {
  rule: FundingRule
  funded: number[]
  spent: number
  left: number
  scoreSum: number
}

/** The award: the request, never above the per-proposal cap. */
export const awardOf = (request: number, cap: number) => Math.min(request, cap)

/**
 * (11) The budget rules over candidates in rank order (only those at or above the minimum score):
 * greedy-stop stops at the first that does not fit; greedy-skip skips it and goes on; knapsack
 * maximises the sum of scores within the budget, in whole units of 100 元 (each award rounded UP to
 * a unit, so what it picks always fits the budget in fen).
 */
export function fund(rule: FundingRule, candidates: readonly FundingCandidate[], budget: number): FundingOutcome {
  let funded: number[]
  if (rule === 'knapsack') funded = knapsack(candidates, budget)
  else {
    funded = []
    let left = budget
    for (const c of candidates) {
      if (c.award <= left) {
        funded.push(c.id)
        left -= c.award
      } else if (rule === 'greedyStop') break
    }
  }
  const set = new Set(funded)
  const chosen = candidates.filter((c) => set.has(c.id))
  const spent = chosen.reduce((s, c) => s + c.award, 0)
  const scoreSum = chosen.reduce((s, c) => s + c.score, 0)
  return { rule, funded: chosen.map((c) => c.id), spent, left: budget - spent, scoreSum }
}

/** 0/1 knapsack by dynamic programming over 100-元 units: O(n · B/unit) time, n · B/unit bits of choices. */
export function knapsack(candidates: readonly FundingCandidate[], budget: number): number[] {
  const cap = Math.floor(budget / KNAPSACK_UNIT_FEN)
  const n = candidates.length
  const weights = candidates.map((c) => Math.ceil(c.award / KNAPSACK_UNIT_FEN))
  const best = new Float64Array(cap + 1)
  const took = new Uint8Array(n * (cap + 1))
  for (let i = 0; i < n; i++) {
    const w = weights[i]!
    const v = candidates[i]!.score
    const row = i * (cap + 1)
    // Strictly better only (plus a tiny tolerance for float sums), so an equal sum keeps the higher-ranked set.
    for (let b = cap; b >= w; b--) {
      const withIt = best[b - w]! + v
      if (withIt > best[b]! + 1e-9) {
        best[b] = withIt
        took[row + b] = 1
      }
    }
  }
  const chosen: number[] = []
  let b = cap
  for (let i = n - 1; i >= 0; i--) {
    if (took[i * (cap + 1) + b]) {
      chosen.push(candidates[i]!.id)
      b -= weights[i]!
    }
  }
  return chosen.reverse()
}

// ---------------------------------------------------------------------------------------------
// Panel diagnostics

/** Mid-ranks (1 = highest value) with ties sharing the mean rank. */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v)
  const ranks = new Array<number>(values.length)
  let k = 0
  while (k < order.length) {
    let e = k
    while (e + 1 < order.length && order[e + 1]!.v === order[k]!.v) e++
    const mid = (k + e) / 2 + 1
    for (let t = k; t <= e; t++) ranks[order[t]!.i] = mid
    k = e + 1
  }
  return ranks
}

/**
 * (9) Kendall's W for m judges each ranking the same n proposals (`table[j][i]` = judge j's total
 * for proposal i), with the tie correction: W = 12S / (m²(n³−n) − m·ΣT_j), T_j = Σ (t³ − t) over
 * judge j's tie groups. Null when it is undefined (fewer than 2 judges or proposals, or every
 * judge tied everything).
 */
export function kendallW(table: readonly (readonly number[])[]): number | null {
  const m = table.length
  const n = m ? table[0]!.length : 0
  if (m < 2 || n < 2) return null
  const R = new Array<number>(n).fill(0)
  let T = 0
  for (const row of table) {
    const ranks = midRanks(row)
    ranks.forEach((r, i) => (R[i]! += r))
    const counts = new Map<number, number>()
    for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1)
    for (const t of counts.values()) T += t ** 3 - t
  }
  const mean = R.reduce((a, b) => a + b, 0) / n
  const S = R.reduce((a, r) => a + (r - mean) ** 2, 0)
  const denom = m * m * (n ** 3 - n) - m * T
  return denom > 0 ? (12 * S) / denom : null
}

/** Spearman's ρ as the Pearson correlation of mid-ranks (right with ties). Null when undefined. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 3) return null
  return pearson(midRanks(a), midRanks(b))
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length
  const ma = a.reduce((s, v) => s + v, 0) / n
  const mb = b.reduce((s, v) => s + v, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
/** Population standard deviation. */
export const sd = (xs: readonly number[]) => {
  const m = mean(xs)
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))
}

export interface JudgeDiagnostic {
  judgeId: number
  sheets: number
  /** Mean of (own total − the other judges' mean) over the proposals scored: + lenient, − harsh. */
  offset: number
  /** SD of the judge's own totals (how much of the scale they use). */
  spread: number
  /** Spearman ρ of the judge's totals with the mean of the other judges (leave-one-out). */
  rho: number | null
  flagged: boolean
  why: string[]
}

export interface ProposalSpread {
  proposalId: number
  sd: number
  range: number
  flagged: boolean
}

export interface Diagnostics {
  judges: JudgeDiagnostic[]
  proposals: ProposalSpread[]
  /** Kendall's W over the proposals every judge scored (recusals leave the others out). */
  kendallW: number | null
  /** How many proposals W was computed on. */
  wProposals: number
}

/**
 * Panel diagnostics (shown for discussion, never applied): each judge's offset from the panel,
 * spread and rank correlation with the rest, Kendall's W on the complete sub-table, and the
 * proposals judges disagree on most. `totals` maps proposal id → (judge id → sheet total, points).
 * A judge is flagged when the offset is more than 1.5 × the SD of all judges' offsets (and over 3
 * points) or ρ < 0.3; a proposal when its judges' SD is over twice the median SD and over 8 points.
 */
export function diagnose(
  judgeIds: readonly number[],
  totals: ReadonlyMap<number, ReadonlyMap<number, number>>,
): Diagnostics {
  const raw = judgeIds.map((j) => {
    const own: number[] = []
    const others: number[] = []
    for (const byJudge of totals.values()) {
      const x = byJudge.get(j)
      if (x === undefined || byJudge.size < 2) continue
      let s = 0
      for (const [k, y] of byJudge) if (k !== j) s += y
      own.push(x)
      others.push(s / (byJudge.size - 1))
    }
    return {
      judgeId: j,
      sheets: own.length,
      offset: own.length ? mean(own.map((x, i) => x - others[i]!)) : 0,
      spread: own.length ? sd(own) : 0,
      rho: spearman(own, others),
    }
  })
  const offsetSd = raw.length > 1 ? sd(raw.map((r) => r.offset)) : 0
  const judges = raw.map((r) => {
    const why: string[] = []
    if (r.sheets && Math.abs(r.offset) > 1.5 * offsetSd && Math.abs(r.offset) > 3)
      why.push(r.offset > 0 ? '打分明显偏高' : '打分明显偏低')
    if (r.rho !== null && r.rho < 0.3) why.push('排序与其他评委差别大')
    return { ...r, flagged: why.length > 0, why }
  })

  const spreads = [...totals].map(([proposalId, byJudge]) => {
    const xs = [...byJudge.values()]
    return { proposalId, sd: xs.length ? sd(xs) : 0, range: xs.length ? Math.max(...xs) - Math.min(...xs) : 0 }
  })
  const sds = spreads.map((s) => s.sd).sort((a, b) => a - b)
  const median = sds.length ? (sds[(sds.length - 1) >> 1]! + sds[sds.length >> 1]!) / 2 : 0
  const proposals = spreads.map((s) => ({ ...s, flagged: s.sd > 2 * median && s.sd > 8 }))

  const complete = [...totals].filter(([, byJudge]) => judgeIds.every((j) => byJudge.has(j)))
  const table = judgeIds.map((j) => complete.map(([, byJudge]) => byJudge.get(j)!))
  return { judges, proposals, kendallW: kendallW(table), wProposals: complete.length }
}

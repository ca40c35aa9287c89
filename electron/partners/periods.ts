import { addDays } from '../../shared/dates'
import { percentDue, type CarryPolicy, type CommitmentKind, type PeriodUnit } from '../../shared/partner-values'

/**
 * Periods and the arithmetic of fulfilment — pure functions, no database, tested directly.
 *
 * Periods run from the term's start in whole units (a term from 1 March gives March, April, …; one
 * from 15 March gives 15 March–14 April, …) and the last is cut at the term's end. A one-off
 * deliverable has one period, from the start to its due date.
 */

const MONTHS: Record<PeriodUnit, number> = { 月: 1, 季: 3, 年: 12 }

/** The same day `n` months later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function sameDayMonthsLater(date: string, n: number): string {
  const y = Number(date.slice(0, 4))
  const m0 = Number(date.slice(5, 7)) - 1 + n
  const year = y + Math.floor(m0 / 12)
  const month = ((m0 % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(Number(date.slice(8, 10)), lastDay)
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export interface PeriodSpan {
  seq: number
  start: string
  end: string
}

/** The periods of [start, until] in `unit`s; `from` skips those already made (their count). */
export function periodSpans(start: string, until: string, unit: PeriodUnit, from = 0): PeriodSpan[] {
  const out: PeriodSpan[] = []
  const step = MONTHS[unit]
  for (let k = from; ; k++) {
    const s = sameDayMonthsLater(start, k * step)
    if (s > until) break
    const e = addDays(sameDayMonthsLater(start, (k + 1) * step), -1)
    out.push({ seq: k + 1, start: s, end: e < until ? e : until })
    if (out.length > 2400) break
  }
  return out
}

/** The facts of one period and what its commitment's periods around it give. */
export interface PeriodFacts {
  start: string
  end: string
  baseFen: number | null
  paidFen: number
  doneCount: number
  waived: boolean
  /** Held meetings the partner hosted in it (for a commitment counted from meetings). */
  meetings: number
  /** Named holders in place on its last day (for 保持人数). */
  holders: number
}

export interface CommitmentTerms {
  kind: CommitmentKind
  quantity: number
  amountFen: number
  rateBp: number
  carryPolicy: CarryPolicy
  countsMeetings: boolean
}

export interface Settled {
  planned: number
  actual: number
  credited: number
  carryIn: number
  /** 比例分成: the year-end adjustment (年度结算) put on the year's last period; 0 elsewhere. */
  trueUpFen: number
  /** Not waived, and credited below planned. Whether that is 逾期 depends on the date, at read time. */
  short: boolean
}

/**
 * Planned, actual and credited of every period of one commitment, in order.
 *
 * - planned: 固定金额 the amount; 比例分成 rate × max(0, base) to the fen, half up, and on the last
 *   period of each calendar year the true-up rate × max(0, Σ base of the year) − Σ due of its
 *   periods, so loss months are not overcharged (the planned figure never goes below 0; what the
 *   true-up gives back beyond that stays visible as trueUpFen); 每期次数 / 保持人数 the quantity;
 *   一次性交付 1.
 * - actual: money paid; count done by hand plus held meetings hosted; holders at the period's end;
 *   delivered (0 or 1).
 * - credited = min(planned, actual + carry in); carry out = max(0, actual + carry in − planned)
 *   when the commitment lets over-delivery count forward (never for a level: a job held this month
 *   does not fill next month), else 0. A waived period (豁免) is credited nothing, is never short,
 *   and passes the carry on.
 */
export function settle(terms: CommitmentTerms, periods: readonly PeriodFacts[]): Settled[] {
  const planned = periods.map((p) => plannedOf(terms, p))
  const trueUps = periods.map(() => 0)
  if (terms.kind === '比例分成') {
    const lastOfYear = new Map<string, number>()
    periods.forEach((p, i) => lastOfYear.set(p.end.slice(0, 4), i))
    for (const [year, last] of lastOfYear) {
      const inYear = periods.map((p, i) => ({ p, i })).filter(({ p }) => p.end.slice(0, 4) === year)
      const sumBase = inYear.reduce((s, { p }) => s + (p.baseFen ?? 0), 0)
      const sumDue = inYear.reduce((s, { i }) => s + planned[i]!, 0)
      trueUps[last] = percentDue(terms.rateBp, sumBase) - sumDue
    }
  }
  const forward = terms.carryPolicy === '超出部分计入下期' && terms.kind !== '保持人数'
  let carry = 0
  return periods.map((p, i) => {
    const plan = Math.max(0, planned[i]! + trueUps[i]!)
    const actual = actualOf(terms, p)
    const carryIn = carry
    if (p.waived) return { planned: plan, actual, credited: 0, carryIn, trueUpFen: trueUps[i]!, short: false }
    const available = actual + carryIn
    const credited = Math.min(plan, available)
    carry = forward ? Math.max(0, available - plan) : 0
    return { planned: plan, actual, credited, carryIn, trueUpFen: trueUps[i]!, short: credited < plan }
  })
}

function plannedOf(terms: CommitmentTerms, p: PeriodFacts): number {
  switch (terms.kind) {
    case '固定金额':
      return terms.amountFen
    case '比例分成':
      return percentDue(terms.rateBp, p.baseFen ?? 0)
    case '每期次数':
    case '保持人数':
      return terms.quantity
    case '一次性交付':
      return 1
  }
}

function actualOf(terms: CommitmentTerms, p: PeriodFacts): number {
  switch (terms.kind) {
    case '固定金额':
    case '比例分成':
      return p.paidFen
    case '每期次数':
      return p.doneCount + (terms.countsMeetings ? p.meetings : 0)
    case '保持人数':
      return p.holders
    case '一次性交付':
      return Math.min(1, p.doneCount)
  }
}

/** Σ credited / Σ planned over the periods already over (end before today) and not waived. */
export interface Rate {
  credited: number
  planned: number
  periods: number
  /** credited / planned, or null when nothing was due yet. */
  value: number | null
}

export function fulfilmentRate(
  periods: ReadonlyArray<{ end: string; planned: number; credited: number; waived: boolean; excluded?: boolean }>,
  today: string,
): Rate {
  let credited = 0
  let planned = 0
  let n = 0
  for (const p of periods) {
    if (p.end >= today || p.waived || p.excluded) continue
    credited += p.credited
    planned += p.planned
    n++
  }
  return { credited, planned, periods: n, value: planned > 0 ? credited / planned : null }
}

/** R = Σ wₖ·rₖ / Σ wₖ over the commitments that have a rate (something was due) and a weight. */
export function weightedRate(parts: ReadonlyArray<{ weight: number; rate: number | null }>): {
  value: number | null
  weights: number
} {
  let num = 0
  let den = 0
  for (const p of parts) {
    if (p.rate === null || p.weight <= 0) continue
    num += p.weight * p.rate
    den += p.weight
  }
  return { value: den > 0 ? num / den : null, weights: den }
}

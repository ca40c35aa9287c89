import { AppError } from '../../shared/app-error'
import { monthEnd } from '../../shared/dates'
import { SMALL_CELL } from '../../shared/mediation-values'
import { nowIso, officeDate } from '../../shared/time'
import { audit } from '../database/audit'
import type { Db } from '../database/open-database'

/**
 * The figures the 司法所 asks for, computed from the cases of a period: accepted, mediated,
 * successful and the success rate, the amount agreements cover, agreements performed and
 * court-confirmed, by source, by type and by difficulty, and 防止民转刑 (cases / people). A month
 * reported is frozen: its figures are stored as reported and never recomputed (the table refuses
 * changes), so later corrections change later months only.
 */
export interface MediationFigures {
  from: string
  to: string
  accepted: number
  /** Accepted cases that were mediated (a 调解记录 exists), not 不予受理. */
  mediated: number
  /** Agreements signed in the period. */
  successful: number
  /** successful / mediated, in per mille (0–1000), or null when nothing was mediated. */
  successPermille: number | null
  /** Fen covered by the agreements signed in the period. */
  amount: number
  /** Agreements signed in the period whose every clause is performed. */
  performed: number
  confirmed: number
  bySource: Record<string, number>
  byType: Record<string, number>
  byDifficulty: Record<string, number>
  /** 防止民转刑: 激化苗头 resolved in the period — distinct cases and people. */
  preventedCases: number
  preventedPeople: number
}

function groupCount(rows: { k: string; n: number | string | bigint }[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]))
}

export async function computeFigures(db: Db, from: string, to: string): Promise<MediationFigures> {
  const inPeriod = db
    .selectFrom('mediation_cases as c')
    .where('c.accepted_on', '>=', from)
    .where('c.accepted_on', '<=', to)
  const [accepted, mediated, bySource, byType, byDifficulty] = await Promise.all([
    inPeriod.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    inPeriod
      .where('c.status', '!=', '不予受理')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('mediation_sessions as s')
            .select('s.id')
            .whereRef('s.case_id', '=', 'c.id')
            .where('s.kind', '=', '调解记录'),
        ),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    inPeriod
      .select(['c.source as k', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('c.source')
      .execute(),
    inPeriod
      .select(['c.dispute_type as k', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('c.dispute_type')
      .execute(),
    inPeriod
      .select(['c.difficulty as k', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('c.difficulty')
      .execute(),
  ])
  const signed = db
    .selectFrom('mediation_agreements as a')
    .where('a.signed_on', '>=', from)
    .where('a.signed_on', '<=', to)
  const [successful, amount, performed, confirmed, prevented] = await Promise.all([
    signed.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    signed
      .innerJoin('mediation_clauses as cl', 'cl.agreement_id', 'a.id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cl.amount'), eb.lit(0)).as('n'))
      .executeTakeFirstOrThrow(),
    signed
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('mediation_clauses as o')
              .select('o.id')
              .whereRef('o.agreement_id', '=', 'a.id')
              .where('o.performed_on', 'is', null),
          ),
        ),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('mediation_agreements')
      .where('confirm_applied_on', '>=', from)
      .where('confirm_applied_on', '<=', to)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('mediation_alerts')
      .where('resolved_on', '>=', from)
      .where('resolved_on', '<=', to)
      .select((eb) => [
        eb.fn.count<number>('case_id').distinct().as('cases'),
        eb.fn.coalesce(eb.fn.sum<number>('people'), eb.lit(0)).as('people'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const m = Number(mediated.n)
  const s = Number(successful.n)
  return {
    from,
    to,
    accepted: Number(accepted.n),
    mediated: m,
    successful: s,
    successPermille: m === 0 ? null : Math.round((Math.min(s, m) * 1000) / m),
    amount: Number(amount.n),
    performed: Number(performed.n),
    confirmed: Number(confirmed.n),
    bySource: groupCount(bySource),
    byType: groupCount(byType),
    byDifficulty: groupCount(byDifficulty),
    preventedCases: Number(prevented.cases),
    preventedPeople: Number(prevented.people),
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/** One month's figures: as frozen when it was reported, else computed now. */
export async function monthFigures(db: Db, month: string) {
  const frozen = await db
    .selectFrom('mediation_frozen_months')
    .selectAll()
    .where('month', '=', month)
    .executeTakeFirst()
  if (frozen) return { month, frozenAt: frozen.frozen_at, figures: JSON.parse(frozen.figures) as MediationFigures }
  return { month, frozenAt: null, figures: await computeFigures(db, `${month}-01`, monthEnd(`${month}-01`)) }
}

/** The statistics page: the year's total and each month (frozen months as reported). */
export async function yearStatistics(db: Db, year: number) {
  const months = await Promise.all(
    Array.from({ length: 12 }, (_, i) => monthFigures(db, `${year}-${String(i + 1).padStart(2, '0')}`)),
  )
  return { year, total: await computeFigures(db, `${year}-01-01`, `${year}-12-31`), months }
}

/** 上报: freezes a month that has ended. A frozen month is never recomputed nor changed. */
export async function freezeMonth(db: Db, month: string, now = nowIso()) {
  if (!MONTH.test(month)) throw new AppError('VALIDATION', '月份应当是年月，如 2026-03。')
  if (monthEnd(`${month}-01`) >= officeDate(now))
    throw new AppError('VALIDATION', '这个月还没有过完，月底以后才能上报。')
  const done = await db
    .selectFrom('mediation_frozen_months')
    .select('month')
    .where('month', '=', month)
    .executeTakeFirst()
  if (done) throw new AppError('FROZEN', `${month} 已经上报过了。`)
  const figures = await computeFigures(db, `${month}-01`, monthEnd(`${month}-01`))
  await db
    .insertInto('mediation_frozen_months')
    .values({ month, figures: JSON.stringify(figures), frozen_at: now })
    .execute()
  await audit(db, '新增', 'mediation_frozen_month', null, { month })
  return figures
}

/**
 * 上报统计 export profile: counts only, and every count under 3 (but above 0) shown as "<3", so
 * a small cell cannot point at a party.
 */
export function suppressSmallCells(f: MediationFigures) {
  const cell = (n: number): number | string => (n > 0 && n < SMALL_CELL ? `<${SMALL_CELL}` : n)
  const map = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)]))
  return {
    ...f,
    accepted: cell(f.accepted),
    mediated: cell(f.mediated),
    successful: cell(f.successful),
    performed: cell(f.performed),
    confirmed: cell(f.confirmed),
    bySource: map(f.bySource),
    byType: map(f.byType),
    byDifficulty: map(f.byDifficulty),
    preventedCases: cell(f.preventedCases),
    preventedPeople: cell(f.preventedPeople),
  }
}

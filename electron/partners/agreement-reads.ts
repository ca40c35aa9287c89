import { notFound } from '../../shared/app-error'
import { officeDate, nowIso } from '../../shared/time'
import { type AgreementState, type CommitmentStatus, type PeriodUnit } from '../../shared/partner-values'
import type { Db } from '../database/open-database'
import { likePattern, likes } from '../database/text-search'
import { agreementState, gapDays } from './agreement-service'
import { creditingMeetings } from './meeting-credit'
import { fulfilmentRate, weightedRate, type Rate } from './periods'
import { prepared } from '../database/prepared'

/** What an agreement's page, its 履约评估表 and the 台账 read. Reads never write. */

const PER_YEAR: Record<PeriodUnit, number> = { 月: 12, 季: 4, 年: 1 }

export interface PeriodView {
  id: number
  seq: number
  start: string
  end: string
  baseFen: number | null
  paidFen: number
  doneCount: number
  waivedReason: string
  reviewedBy: string
  reviewedAt: string | null
  note: string
  planned: number
  actual: number
  credited: number
  carryIn: number
  trueUpFen: number
  /** Over (its end is before today). */
  elapsed: boolean
  /** Over, not waived, credited below planned. */
  overdue: boolean
  /** Starts after the agreement was terminated: no longer counts. */
  excluded: boolean
  evidence: number
  meetings: Array<{ id: number; title: string; date: string; status: string }>
}

export function commitmentStatus(periods: readonly PeriodView[]): CommitmentStatus {
  const live = periods.filter((p) => !p.excluded)
  if (live.some((p) => p.overdue)) return '逾期'
  const last = live[live.length - 1]
  if (last && last.elapsed && live.every((p) => p.waivedReason !== '' || p.credited >= p.planned)) return '已完成'
  if (live.some((p) => p.credited > 0)) return '履约中'
  return '待履约'
}

async function successorsOf(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { id: number; number: string; start_date: string }>()
  const rows = await db
    .selectFrom('partner_agreements')
    .select(['id', 'number', 'start_date', 'predecessor_id'])
    .where('predecessor_id', 'in', ids)
    .where('voided_at', 'is', null)
    .execute()
  return new Map(rows.map((r) => [r.predecessor_id!, r]))
}

export async function getAgreement(db: Db, id: number, now = nowIso()) {
  const today = officeDate(now)
  const a = await db
    .selectFrom('partner_agreements as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .leftJoin('partner_agreements as pre', 'pre.id', 'a.predecessor_id')
    .selectAll('a')
    .select(['p.name as partnerName', 'p.kind as partnerKind', 'pre.number as preNumber', 'pre.end_date as preEnd'])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!a) throw notFound('协议')
  const successor = (await successorsOf(db, [id])).get(id) ?? null
  const predecessor =
    a.predecessor_id !== null ? { id: a.predecessor_id, number: a.preNumber ?? '', end_date: a.preEnd } : undefined
  const commitments = await db
    .selectFrom('partner_commitments')
    .selectAll()
    .where('agreement_id', '=', id)
    .orderBy('position')
    .execute()
  const ids = commitments.map((c) => c.id)
  const periods = ids.length
    ? await db
        .selectFrom('partner_periods')
        .selectAll()
        .where('commitment_id', 'in', ids)
        .orderBy('commitment_id')
        .orderBy('seq')
        .execute()
    : []
  const periodIds = periods.map((p) => p.id)
  const evidence = new Map<number, number>()
  if (periodIds.length) {
    for (const e of await db
      .selectFrom('partner_evidence')
      .select(['period_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('period_id', 'in', periodIds)
      .groupBy('period_id')
      .execute()) {
      evidence.set(e.period_id, Number(e.n))
    }
  }
  const meetingsByPeriod = new Map<number, PeriodView['meetings']>()
  const fromMeetings = new Set(commitments.filter((c) => c.counts_meetings).map((c) => c.id))
  for (const m of await creditingMeetings(
    db,
    periods.filter((p) => fromMeetings.has(p.commitment_id)).map((p) => p.id),
  )) {
    const list = meetingsByPeriod.get(m.periodId!) ?? []
    list.push({ id: m.id, title: m.title, date: m.date, status: m.status })
    meetingsByPeriod.set(m.periodId!, list)
  }
  const levelIds = commitments.filter((c) => c.kind === '保持人数').map((c) => c.id)
  const holders = levelIds.length
    ? await db
        .selectFrom('partner_holders as h')
        .innerJoin('residents as r', 'r.id', 'h.resident_id')
        .select([
          'h.id',
          'h.commitment_id',
          'h.resident_id as residentId',
          'r.name',
          'h.role',
          'h.from_date as from',
          'h.to_date as to',
        ])
        .where('h.commitment_id', 'in', levelIds)
        .orderBy('h.from_date')
        .execute()
    : []

  const periodsOf = new Map<number, typeof periods>()
  for (const p of periods) {
    const list = periodsOf.get(p.commitment_id)
    if (list) list.push(p)
    else periodsOf.set(p.commitment_id, [p])
  }
  const views = commitments.map((c) => {
    const ps: PeriodView[] = (periodsOf.get(c.id) ?? []).map((p) => {
      const elapsed = p.end_date < today
      const excluded = a.terminated_on !== null && p.start_date > a.terminated_on
      return {
        id: p.id,
        seq: p.seq,
        start: p.start_date,
        end: p.end_date,
        baseFen: p.base_fen,
        paidFen: p.paid_fen,
        doneCount: p.done_count,
        waivedReason: p.waived_reason,
        reviewedBy: p.reviewed_by,
        reviewedAt: p.reviewed_at,
        note: p.note,
        planned: p.planned,
        actual: p.actual,
        credited: p.credited,
        carryIn: p.carry_in,
        trueUpFen: p.true_up_fen,
        elapsed,
        overdue: elapsed && !excluded && p.short === 1,
        excluded,
        evidence: evidence.get(p.id) ?? 0,
        meetings: meetingsByPeriod.get(p.id) ?? [],
      }
    })
    const rate: Rate = fulfilmentRate(
      ps.map((p) => ({
        end: p.end,
        planned: p.planned,
        credited: p.credited,
        waived: p.waivedReason !== '',
        excluded: p.excluded,
      })),
      today,
    )
    return {
      id: c.id,
      position: c.position,
      side: c.side,
      kind: c.kind,
      category: c.category,
      title: c.title,
      periodUnit: c.period_unit,
      quantity: c.quantity,
      amountFen: c.amount_fen,
      rateBp: c.rate_bp,
      dueDate: c.due_date,
      areaM2: c.area_m2,
      imputedYearlyFen: c.imputed_yearly_fen,
      weight: c.weight,
      carryPolicy: c.carry_policy,
      countsMeetings: c.counts_meetings === 1,
      note: c.note,
      status: commitmentStatus(ps),
      rate,
      yearlyValueFen: yearlyValue(c, ps, today),
      periods: ps,
      holders: holders.filter((h) => h.commitment_id === c.id),
    }
  })
  const partnerSide = views.filter((v) => v.side === '合伙人承诺')
  const overall = weightedRate(partnerSide.map((v) => ({ weight: v.weight, rate: v.rate.value })))
  const state = agreementState(a, successor !== null, today)
  return {
    agreement: {
      id: a.id,
      number: a.number,
      title: a.title,
      kind: a.kind,
      state,
      partner: { id: a.partner_id, name: a.partnerName, kind: a.partnerKind },
      signedOn: a.signed_on,
      startDate: a.start_date,
      endDate: a.end_date,
      noticeDays: a.notice_days,
      noticeOn: a.notice_on,
      communitySignatory: a.community_signatory,
      partnerSignatory: a.partner_signatory,
      terminatedOn: a.terminated_on,
      terminationReason: a.termination_reason,
      voidedAt: a.voided_at,
      voidReason: a.void_reason,
      note: a.note,
      predecessor: predecessor
        ? {
            id: predecessor.id,
            number: predecessor.number,
            endDate: predecessor.end_date,
            gapDays: gapDays(predecessor.end_date, a.start_date),
          }
        : null,
      successor: successor
        ? {
            id: successor.id,
            number: successor.number,
            startDate: successor.start_date,
            gapDays: gapDays(a.end_date, successor.start_date),
          }
        : null,
    },
    commitments: views,
    /** 对价: what a year of each side is worth. */
    balance: {
      communityFen: views.filter((v) => v.side === '社区提供').reduce((s, v) => s + v.yearlyValueFen, 0),
      partnerFen: partnerSide.reduce((s, v) => s + v.yearlyValueFen, 0),
    },
    /** 履约率 of the agreement: Σ wₖ·rₖ / Σ wₖ over the partner's commitments that had something due. */
    overall: {
      value: overall.value,
      weights: overall.weights,
      parts: partnerSide.map((v) => ({ title: v.title, weight: v.weight, rate: v.rate.value })),
    },
    today,
  }
}

/**
 * What a year of a commitment is worth for the 对价 view: the imputed value when one was set,
 * else for fixed money its amount × periods a year, for a percentage the due of the last twelve
 * months of periods that are over.
 */
function yearlyValue(
  c: { kind: string; imputed_yearly_fen: number; amount_fen: number; period_unit: PeriodUnit | null },
  periods: readonly PeriodView[],
  today: string,
): number {
  if (c.imputed_yearly_fen > 0) return c.imputed_yearly_fen
  if (c.kind === '固定金额' && c.period_unit) return c.amount_fen * PER_YEAR[c.period_unit]
  if (c.kind === '比例分成' && c.period_unit) {
    const over = periods.filter((p) => p.end < today).slice(-PER_YEAR[c.period_unit])
    return over.reduce((s, p) => s + p.planned, 0)
  }
  return 0
}

export interface AgreementListRow {
  id: number
  number: string
  title: string
  kind: string
  partnerId: number
  partnerName: string
  state: AgreementState
  signedOn: string | null
  startDate: string
  endDate: string | null
  noticeOn: string | null
  predecessorId: number | null
}

// Compiled once per filter combination (prepared.ts); a search is a value (its LIKE pattern).
const agreementRows = prepared((db, query: { partnerId: number | null; pattern: string }) => {
  let q = db
    .selectFrom('partner_agreements as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select([
      'a.id',
      'a.number',
      'a.title',
      'a.kind',
      'a.partner_id',
      'p.name',
      'a.signed_on',
      'a.start_date',
      'a.end_date',
      'a.notice_on',
      'a.terminated_on',
      'a.voided_at',
      'a.predecessor_id',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('partner_agreements as s')
              .select('s.id')
              .whereRef('s.predecessor_id', '=', 'a.id')
              .where('s.voided_at', 'is', null),
          )
          .as('renewed'),
    ])
  if (query.partnerId !== null) q = q.where('a.partner_id', '=', query.partnerId)
  if (query.pattern) {
    const p = query.pattern
    q = q.where((eb) => eb.or([likes('a.number', p), likes('a.title', p), likes('p.name', p)]))
  }
  return q.orderBy('a.start_date', 'desc').orderBy('a.id', 'desc')
})

/** Agreements (of a partner, or all), with their state; `state` filters on the computed state. */
export async function listAgreements(
  db: Db,
  query: { partnerId: number | null; state: AgreementState | null; search: string },
  now = nowIso(),
): Promise<AgreementListRow[]> {
  const today = officeDate(now)
  const rows = await agreementRows(db, {
    partnerId: query.partnerId,
    pattern: query.search ? likePattern(query.search) : '',
  })
  return rows
    .map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      kind: r.kind,
      partnerId: r.partner_id,
      partnerName: r.name,
      state: agreementState(r, Boolean(r.renewed), today),
      signedOn: r.signed_on,
      startDate: r.start_date,
      endDate: r.end_date,
      noticeOn: r.notice_on,
      predecessorId: r.predecessor_id,
    }))
    .filter((r) => query.state === null || r.state === query.state)
}

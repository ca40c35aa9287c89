import type { Db } from '../database/open-database'
import { settle, type PeriodFacts } from './periods'
import type { CarryPolicy, CommitmentKind } from '../../shared/partner-values'

/**
 * Recomputes the settled figures (planned, actual, credited, carry, true-up, short) of one
 * commitment's periods from their facts, and writes those that changed. Every write of a fact they
 * depend on — a payment, a base reported, a count, a waiver, a holder, a meeting held or taken
 * back — calls this in its own transaction, so the stored figures always equal a recomputation.
 */
export async function settleCommitment(db: Db, commitmentId: number): Promise<void> {
  const c = await db
    .selectFrom('partner_commitments')
    .select(['kind', 'quantity', 'amount_fen', 'rate_bp', 'carry_policy', 'counts_meetings'])
    .where('id', '=', commitmentId)
    .executeTakeFirst()
  if (!c) return
  const periods = await db
    .selectFrom('partner_periods')
    .select([
      'id',
      'start_date',
      'end_date',
      'base_fen',
      'paid_fen',
      'done_count',
      'waived_reason',
      'planned',
      'actual',
      'credited',
      'carry_in',
      'true_up_fen',
      'short',
    ])
    .where('commitment_id', '=', commitmentId)
    .orderBy('seq')
    .execute()
  if (periods.length === 0) return
  const meetings = new Map<number, number>()
  if (c.counts_meetings) {
    const rows = await db
      .selectFrom('partner_meeting_credits as mc')
      .innerJoin('partner_periods as p', 'p.id', 'mc.period_id')
      .select(['mc.period_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.commitment_id', '=', commitmentId)
      .groupBy('mc.period_id')
      .execute()
    for (const r of rows) meetings.set(r.period_id!, Number(r.n))
  }
  const holders =
    c.kind === '保持人数'
      ? await db
          .selectFrom('partner_holders')
          .select(['from_date', 'to_date'])
          .where('commitment_id', '=', commitmentId)
          .execute()
      : []
  const facts: PeriodFacts[] = periods.map((p) => ({
    start: p.start_date,
    end: p.end_date,
    baseFen: p.base_fen,
    paidFen: p.paid_fen,
    doneCount: p.done_count,
    waived: p.waived_reason !== '',
    meetings: meetings.get(p.id) ?? 0,
    holders: holders.filter((h) => h.from_date <= p.end_date && (h.to_date === null || h.to_date >= p.end_date)).length,
  }))
  const out = settle(
    {
      kind: c.kind as CommitmentKind,
      quantity: c.quantity,
      amountFen: c.amount_fen,
      rateBp: c.rate_bp,
      carryPolicy: c.carry_policy as CarryPolicy,
      countsMeetings: c.counts_meetings === 1,
    },
    facts,
  )
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!
    const s = out[i]!
    const short = s.short ? 1 : 0
    if (
      p.planned === s.planned &&
      p.actual === s.actual &&
      p.credited === s.credited &&
      p.carry_in === s.carryIn &&
      p.true_up_fen === s.trueUpFen &&
      p.short === short
    ) {
      continue
    }
    await db
      .updateTable('partner_periods')
      .set({
        planned: s.planned,
        actual: s.actual,
        credited: s.credited,
        carry_in: s.carryIn,
        true_up_fen: s.trueUpFen,
        short,
      })
      .where('id', '=', p.id)
      .execute()
  }
}

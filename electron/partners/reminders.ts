import type { ExpressionBuilder } from 'kysely'
import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { cappedCount, type ReminderClock } from '../registry/module'

/**
 * What the home page reminds about the partner ledger. Each tile counts with the filter of the
 * list it opens (the same function builds both queries), so the number and the list agree:
 * - agreementsExpiring: signed, live agreements inside their notice window (即将到期), not yet renewed;
 * - overduePeriods: the partner's periods over, not waived, credited below planned (逾期), of live agreements;
 * - unreviewedPeriods: the partner's periods that are over, not waived, and have no 复核 yet
 *   (复核 needs evidence, so this is also "evidence missing").
 */

export type PeriodFilter = 'overdue' | 'unreviewed'

type Eb = ExpressionBuilder<Database, 'partner_periods' | 'partner_commitments' | 'partner_agreements'>

/**
 * Where a query starts: the connection (a list, a count) or the home page's expression builder
 * (the same query as a scalar subquery of the one reminders statement), so both share one filter.
 */
type From = Pick<ExpressionBuilder<Database, never>, 'selectFrom'>

function periodsQuery(db: From, filter: PeriodFilter, today: string) {
  let q = db
    .selectFrom('partner_periods')
    .innerJoin('partner_commitments', 'partner_commitments.id', 'partner_periods.commitment_id')
    .innerJoin('partner_agreements', 'partner_agreements.id', 'partner_commitments.agreement_id')
    .where('partner_periods.end_date', '<', today)
    .where('partner_agreements.voided_at', 'is', null)
    .where('partner_agreements.signed_on', 'is not', null)
    .where((eb: Eb) =>
      eb.or([
        eb('partner_agreements.terminated_on', 'is', null),
        eb('partner_periods.start_date', '<=', eb.ref('partner_agreements.terminated_on')),
      ]),
    )
  // The tiles speak of the partner's side; what the community owes shows on the agreement's page.
  q = q.where('partner_commitments.side', '=', '合伙人承诺')
  if (filter === 'overdue') return q.where('partner_periods.short', '=', 1)
  // Nothing due is no reason to skip 复核: a month with no profit reported, or a loss, needs its 利润表.
  return q.where('partner_periods.reviewed_at', 'is', null).where('partner_periods.waived_reason', '=', '')
}

export async function countPeriods(db: Db, filter: PeriodFilter, now: string): Promise<number> {
  const row = await periodsQuery(db, filter, officeDate(now))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listPeriods(
  db: Db,
  query: { filter: PeriodFilter; limit: number; offset: number },
  now = nowIso(),
) {
  const today = officeDate(now)
  const total = await countPeriods(db, query.filter, now)
  const rows = await periodsQuery(db, query.filter, today)
    .innerJoin('partners', 'partners.id', 'partner_agreements.partner_id')
    .select([
      'partner_periods.id',
      'partner_periods.start_date as start',
      'partner_periods.end_date as end',
      'partner_periods.planned',
      'partner_periods.credited',
      'partner_periods.reviewed_at as reviewedAt',
      'partner_commitments.title',
      'partner_commitments.kind',
      'partner_agreements.id as agreementId',
      'partner_agreements.number',
      'partners.name as partnerName',
    ])
    .orderBy('partner_periods.end_date', 'desc')
    .orderBy('partner_periods.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute()
  return { total, rows }
}

/** Signed, live, not renewed, and today inside [end − notice days, end]. */
export async function countExpiring(db: Db, now: string): Promise<number> {
  const row = await expiringQuery(db, officeDate(now)).executeTakeFirstOrThrow()
  return Number(row.n)
}

function expiringQuery(db: From, today: string) {
  return db
    .selectFrom('partner_agreements as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.notice_on', '<=', today)
    .where('a.end_date', '>=', today)
    .where('a.signed_on', 'is not', null)
    .where('a.voided_at', 'is', null)
    .where((eb) => eb.or([eb('a.terminated_on', 'is', null), eb('a.terminated_on', '>', today)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('partner_agreements as s')
            .select('s.id')
            .whereRef('s.predecessor_id', '=', 'a.id')
            .where('s.voided_at', 'is', null),
        ),
      ),
    )
}

/** The three tiles as scalar subqueries of the home page's one statement (registry/module.ts). */
export function partnerReminders(eb: ExpressionBuilder<Database, never>, { today }: ReminderClock) {
  // Periods pile up with the years (a short one stays short): counted up to the cap only.
  const periods = (filter: PeriodFilter) =>
    cappedCount(eb, periodsQuery(eb, filter, today).select('partner_periods.id'))
  return {
    agreementsExpiring: expiringQuery(eb, today).$asScalar(),
    overduePeriods: periods('overdue'),
    unreviewedPeriods: periods('unreviewed'),
  }
}

import { officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import { settleCommitment } from './settle-store'

/**
 * Meetings credit commitments by themselves. A council meeting names its host partner
 * (meetings.host_partner_id); once it is held, it counts for that partner's "meetings per period"
 * commitment (每期次数 counted from meetings) in the period of its date, and it is the evidence.
 * Cancelling it, changing its host or its date, takes the credit back or moves it.
 *
 * The meetings module knows nothing of partners: it calls its change hook (meetings/agenda-hooks.ts)
 * inside the transaction of every change, and partners registers `syncMeetingCredits` there. The
 * sync compares the held, hosted meetings with partner_meeting_credits (what was credited) and
 * settles only the commitments whose meetings changed.
 */

/** A meeting counts once it has taken place (running, minutes pending, confirmed or archived). */
export const HELD_STATUSES = ['进行中', '待整理纪要', '纪要已确认', '已归档'] as const

export async function syncMeetingCredits(db: Db): Promise<void> {
  const held = await db
    .selectFrom('meetings')
    .select(['id', 'host_partner_id', 'starts_at'])
    .where('host_partner_id', 'is not', null)
    .where('status', 'in', HELD_STATUSES)
    .execute()
  const credited = await db.selectFrom('partner_meeting_credits').selectAll().execute()
  const byMeeting = new Map(credited.map((c) => [c.meeting_id, c]))
  const touched = new Set<number>()
  const periodsToSettle = new Set<number>()
  for (const m of held) {
    const onDate = officeDate(m.starts_at)
    const current = byMeeting.get(m.id)
    byMeeting.delete(m.id)
    if (current && current.partner_id === m.host_partner_id && current.on_date === onDate) continue
    if (current) {
      if (current.period_id !== null) periodsToSettle.add(current.period_id)
      await db.deleteFrom('partner_meeting_credits').where('meeting_id', '=', m.id).execute()
    }
    const period = await periodFor(db, m.host_partner_id!, onDate)
    await db
      .insertInto('partner_meeting_credits')
      .values({ meeting_id: m.id, partner_id: m.host_partner_id!, on_date: onDate, period_id: period?.id ?? null })
      .execute()
    if (period) touched.add(period.commitment_id)
  }
  // Credited before, no longer held or hosted (cancelled, host removed, deleted).
  for (const gone of byMeeting.values()) {
    if (gone.period_id !== null) periodsToSettle.add(gone.period_id)
    await db.deleteFrom('partner_meeting_credits').where('meeting_id', '=', gone.meeting_id).execute()
  }
  if (periodsToSettle.size) {
    const rows = await db
      .selectFrom('partner_periods')
      .select('commitment_id')
      .where('id', 'in', [...periodsToSettle])
      .execute()
    for (const r of rows) touched.add(r.commitment_id)
  }
  for (const id of touched) await settleCommitment(db, id)
}

/**
 * The period a meeting of `partnerId` on `onDate` credits: of a signed, live agreement's commitment
 * counted from meetings, the period containing the date (the most recent agreement first).
 */
async function periodFor(db: Db, partnerId: number, onDate: string) {
  return db
    .selectFrom('partner_periods as p')
    .innerJoin('partner_commitments as c', 'c.id', 'p.commitment_id')
    .innerJoin('partner_agreements as a', 'a.id', 'c.agreement_id')
    .select(['p.id', 'p.commitment_id'])
    .where('a.partner_id', '=', partnerId)
    .where('c.counts_meetings', '=', 1)
    .where('a.signed_on', 'is not', null)
    .where('a.voided_at', 'is', null)
    .where((eb) => eb.or([eb('a.terminated_on', 'is', null), eb('a.terminated_on', '>=', onDate)]))
    .where('p.start_date', '<=', onDate)
    .where('p.end_date', '>=', onDate)
    .orderBy('a.start_date', 'desc')
    .orderBy('c.position')
    .limit(1)
    .executeTakeFirst()
}

/**
 * After a partner's agreements changed (signed, renewed, terminated, voided, periods extended):
 * every meeting it hosted is put in the period it now belongs to, and both sides settled.
 */
export async function reattachMeetings(db: Db, partnerId: number): Promise<void> {
  const rows = await db.selectFrom('partner_meeting_credits').selectAll().where('partner_id', '=', partnerId).execute()
  const touched = new Set<number>()
  const oldPeriods = rows.flatMap((r) => (r.period_id === null ? [] : [r.period_id]))
  if (oldPeriods.length) {
    for (const r of await db
      .selectFrom('partner_periods')
      .select('commitment_id')
      .where('id', 'in', [...new Set(oldPeriods)])
      .execute()) {
      touched.add(r.commitment_id)
    }
  }
  for (const r of rows) {
    const period = await periodFor(db, partnerId, r.on_date)
    if ((period?.id ?? null) !== r.period_id) {
      await db
        .updateTable('partner_meeting_credits')
        .set({ period_id: period?.id ?? null })
        .where('meeting_id', '=', r.meeting_id)
        .execute()
    }
    if (period) touched.add(period.commitment_id)
  }
  for (const id of touched) await settleCommitment(db, id)
}

/** The meetings that credited a period: the evidence, each a link to the meeting. */
export async function creditingMeetings(db: Db, periodIds: readonly number[]) {
  if (periodIds.length === 0) return []
  return db
    .selectFrom('partner_meeting_credits as mc')
    .innerJoin('meetings as m', 'm.id', 'mc.meeting_id')
    .select(['mc.period_id as periodId', 'm.id', 'm.title', 'mc.on_date as date', 'm.status'])
    .where('mc.period_id', 'in', periodIds)
    .orderBy('mc.on_date')
    .execute()
}

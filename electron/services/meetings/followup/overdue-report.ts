import { nowIso, officeDate } from '../../../common/time'
import type { Db } from '../../../database/open-database'
import { OPEN_RESOLUTION, resolutionNumber } from './constants'

/**
 * An overdue resolution goes back to the council that made it: a 通报 item "督办通报：…" is put at
 * the end of that council's next meeting that has not been held yet, so the lead department has
 * to report in front of the residents. Idempotent: a resolution already reported on a coming
 * meeting is left alone; once that meeting is held and the work is still overdue, the one after
 * gets it again. Runs whenever the agenda or the follow-up list is opened, in one transaction.
 */
const NOT_HELD = ['草稿', '已通知', '延期']
const REPORT_MINUTES = 5

export async function syncOverdueReports(db: Db, now = nowIso()): Promise<{ added: number }> {
  const today = officeDate(now)
  const overdue = await db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['r.id', 'r.year', 'r.seq', 'r.text', 'r.lead_department', 'm.council_id'])
    .where('r.status', 'in', OPEN_RESOLUTION)
    .where('r.due_date', '<', today)
    .where('m.council_id', 'is not', null)
    .orderBy('r.year')
    .orderBy('r.seq')
    .execute()
  if (overdue.length === 0) return { added: 0 }

  const councils = [...new Set(overdue.map((r) => r.council_id!))]
  const upcoming = await db
    .selectFrom('meetings')
    .select(['id', 'council_id', 'starts_at'])
    .where('council_id', 'in', councils)
    .where('starts_at', '>', now)
    .where('status', 'in', NOT_HELD)
    .orderBy('starts_at')
    .execute()
  const nextOf = new Map<number, number>()
  for (const m of upcoming) if (!nextOf.has(m.council_id!)) nextOf.set(m.council_id!, m.id)
  if (nextOf.size === 0) return { added: 0 }

  const alreadyReported = new Set(
    (
      await db
        .selectFrom('agenda_items')
        .select('report_resolution_id')
        .where(
          'meeting_id',
          'in',
          upcoming.map((m) => m.id),
        )
        .where('report_resolution_id', 'is not', null)
        .execute()
    ).map((i) => i.report_resolution_id!),
  )
  const toAdd = overdue.filter((r) => nextOf.has(r.council_id!) && !alreadyReported.has(r.id))
  if (toAdd.length === 0) return { added: 0 }

  await db.transaction().execute(async (trx) => {
    for (const r of toAdd) {
      const meetingId = nextOf.get(r.council_id!)!
      const last = await trx
        .selectFrom('agenda_items')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst()
      const text = [...r.text]
      await trx
        .insertInto('agenda_items')
        .values({
          meeting_id: meetingId,
          position: Number(last?.p ?? 0) + 1,
          title: `督办通报：${resolutionNumber(r.year, r.seq)} ${text.length > 40 ? `${text.slice(0, 40).join('')}…` : r.text}（逾期未办结）`,
          type: '通报',
          presenter: r.lead_department,
          planned_minutes: REPORT_MINUTES,
          carried_from_id: null,
          votes_for: null,
          votes_against: null,
          votes_abstain: null,
          votes_eligible: null,
          pass_rule: null,
          report_resolution_id: r.id,
        })
        .execute()
    }
  })
  return { added: toAdd.length }
}

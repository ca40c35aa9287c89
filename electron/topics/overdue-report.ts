import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import { OPEN_RESOLUTION } from '../../shared/followup-values'
import { appendItem, onMeetingChange, renumber } from '../meetings'
import { inTransaction } from '../database/unit-of-work'

/**
 * An overdue resolution goes back to the council that made it: the council's next meeting that
 * has not been held yet gets ONE 通报 item, "督办通报：逾期未办结的决议", listing every overdue
 * resolution of that council (agenda_reports), so the lead departments report in front of the
 * residents without the agenda filling up with one item per resolution. Idempotent: a resolution
 * already listed on a coming meeting is left alone; once that meeting is held and the work is
 * still overdue, the one after lists it again. Work completed (or voided) before a coming meeting
 * is taken off its list (a deadline merely moved is not: see dropSettled), and an emptied 督办通报
 * item off its agenda. Runs, in the transaction of the change, whenever a resolution's status or
 * due date changes or meetings are added, moved or change status (agenda-hooks); and once a day
 * (the topics module's upkeep), when yesterday's open work becomes overdue. Never on a read.
 */
export const REPORT_TITLE = '督办通报：逾期未办结的决议'
const NOT_HELD = ['草稿', '已通知', '延期']
const REPORT_MINUTES = 10

export async function syncOverdueReports(db: Db, now = nowIso()): Promise<{ added: number; removed: number }> {
  return inTransaction(db, (trx) => sync(trx, now))
}

async function sync(db: Db, now: string): Promise<{ added: number; removed: number }> {
  const today = officeDate(now)
  const removed = await dropSettled(db, now)
  const overdue = await db
    .selectFrom('resolutions as r')
    .innerJoin('agenda_items as a', 'a.id', 'r.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select(['r.id', 'm.council_id'])
    .where('r.status', 'in', OPEN_RESOLUTION)
    .where('r.due_date', '<', today)
    .orderBy('r.year')
    .orderBy('r.seq')
    .execute()
  if (overdue.length === 0) return { added: 0, removed }

  // The next not-held meeting of each council; a resolution made at a meeting with no council
  // (a 协调会, say) goes to the next council meeting of any council (key 0).
  const upcoming = await db
    .selectFrom('meetings')
    .select(['id', 'council_id', 'starts_at'])
    .where('council_id', 'is not', null)
    .where('starts_at', '>', now)
    .where('status', 'in', NOT_HELD)
    .orderBy('starts_at')
    .execute()
  const nextOf = new Map<number, number>()
  for (const m of upcoming) {
    if (!nextOf.has(m.council_id!)) nextOf.set(m.council_id!, m.id)
    if (!nextOf.has(0)) nextOf.set(0, m.id)
  }
  if (nextOf.size === 0) return { added: 0, removed }

  const upcomingIds = upcoming.map((m) => m.id)
  const listed = await db
    .selectFrom('agenda_reports as ar')
    .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
    .select(['ar.resolution_id', 'ar.agenda_item_id', 'a.meeting_id'])
    .where('a.meeting_id', 'in', upcomingIds)
    .execute()
  // Listed on a later meeting than its council's next one (a nearer meeting was scheduled since):
  // it moves to the nearer one, so the report is heard at the first chance.
  const targetOf = new Map(overdue.map((r) => [r.id, nextOf.get(r.council_id ?? 0)]))
  const misplaced = listed.filter(
    (l) => targetOf.has(l.resolution_id) && targetOf.get(l.resolution_id) !== l.meeting_id,
  )
  await removeListings(db, misplaced)
  const alreadyReported = new Set(listed.filter((l) => !misplaced.includes(l)).map((r) => r.resolution_id))
  const toAdd = overdue
    .map((r) => ({ id: r.id, key: r.council_id ?? 0 }))
    .filter((r) => nextOf.has(r.key) && !alreadyReported.has(r.id))
  if (toAdd.length === 0) return { added: 0, removed }

  const itemOf = new Map<number, number>()
  for (const r of toAdd) {
    const meetingId = nextOf.get(r.key)!
    let itemId = itemOf.get(meetingId)
    if (itemId === undefined) {
      itemId = await reportItem(db, meetingId)
      itemOf.set(meetingId, itemId)
    }
    await db.insertInto('agenda_reports').values({ agenda_item_id: itemId, resolution_id: r.id }).execute()
  }
  return { added: toAdd.length, removed }
}

/** Takes resolutions that are no longer overdue off the lists of meetings not yet held. */
/** Takes resolutions off 督办通报 items, and an item that lists nothing any more off its agenda. */
async function removeListings(trx: Db, rows: ReadonlyArray<{ agenda_item_id: number; resolution_id: number }>) {
  if (rows.length === 0) return
  for (const x of rows) {
    await trx
      .deleteFrom('agenda_reports')
      .where('agenda_item_id', '=', x.agenda_item_id)
      .where('resolution_id', '=', x.resolution_id)
      .execute()
  }
  const items = [...new Set(rows.map((x) => x.agenda_item_id))]
  const stillListing = new Set(
    (
      await trx.selectFrom('agenda_reports').select('agenda_item_id').where('agenda_item_id', 'in', items).execute()
    ).map((x) => x.agenda_item_id),
  )
  for (const itemId of items.filter((i) => !stillListing.has(i))) {
    const item = await trx
      .selectFrom('agenda_items')
      .select('meeting_id')
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow()
    await trx.deleteFrom('agenda_items').where('id', '=', itemId).execute()
    await renumber(trx, item.meeting_id)
  }
}

async function dropSettled(trx: Db, now: string): Promise<number> {
  const settled = await trx
    .selectFrom('agenda_reports as ar')
    .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .innerJoin('resolutions as r', 'r.id', 'ar.resolution_id')
    .select(['ar.agenda_item_id', 'ar.resolution_id'])
    .where('m.starts_at', '>', now)
    .where('m.status', 'in', NOT_HELD)
    // Only work done (or voided) comes off. A deadline moved after it had passed does not take
    // the resolution off quietly: the council hears of the extension once (the history says the
    // old deadline had passed and why it moved); the meeting after that lists it only if it is
    // overdue again.
    .where('r.status', 'not in', OPEN_RESOLUTION)
    .execute()
  await removeListings(trx, settled)
  return settled.length
}

/** The meeting's 督办通报 item, put at the end of its agenda the first time it is needed. */
async function reportItem(trx: Db, meetingId: number): Promise<number> {
  const existing = await trx
    .selectFrom('agenda_items')
    .select('id')
    .where('meeting_id', '=', meetingId)
    .where('is_report', '=', 1)
    .executeTakeFirst()
  if (existing) return existing.id
  return appendItem(trx, meetingId, {
    title: REPORT_TITLE,
    type: '通报',
    presenter: '',
    plannedMinutes: REPORT_MINUTES,
    isReport: true,
  })
}

// New, moved or cancelled meetings change which one is "next".
onMeetingChange((trx) => sync(trx, nowIso()).then(() => undefined))

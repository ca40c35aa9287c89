import { changingMeetings } from './agenda-hooks'
import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDateTime, officeLocalToUtc } from '../../shared/time'
import { addDays, chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { MeetingSeriesTable } from '../database/schema'
import type { Selectable } from 'kysely'
import { audit } from '../database/audit'
import { holidayBook } from './calendar-days'
import { occurrences, type HolidayPolicy, type RecurrenceRule, type SeriesEnd } from './recurrence'
import { assertRoomFree } from './room-service'

/**
 * Correcting a whole series: edit it (title, time, length, room, host, recorder) from a date, or end
 * it from a date. Only *untouched* occurrences follow — those still exactly as the series made them:
 * a 草稿 not yet begun, with the series' title, time, length, room, host and recorder, and no
 * agenda, sign-in or minutes. A meeting the clerk changed, notified, or prepared stays as it is, and
 * the answer lists it so the clerk can decide about it alone. Past meetings never change.
 */
type SeriesRow = Selectable<MeetingSeriesTable>

interface OccurrenceRow {
  id: number
  title: string
  kind: string
  council_id: number | null
  starts_at: string
  ends_at: string
  room_id: number | null
  host: string
  recorder: string
  status: string
  occurrence_date: string | null
  holiday_note: string
}

export interface KeptMeeting {
  id: number
  title: string
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  start: string
  status: string
}

async function seriesRow(db: Db, id: number): Promise<SeriesRow> {
  const row = await db.selectFrom('meeting_series').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('系列会议')
  return row
}

function durationOf(m: { starts_at: string; ends_at: string }): number {
  return Math.round((Date.parse(m.ends_at) - Date.parse(m.starts_at)) / 60_000)
}

/** Future occurrences of a series from an office-local date on, each marked untouched or not. */
async function futureOccurrences(db: Db, s: SeriesRow, from: string, now: string) {
  const since = officeLocalToUtc(`${from}T00:00`)
  const rows: OccurrenceRow[] = await db
    .selectFrom('meetings')
    .select([
      'id',
      'title',
      'kind',
      'council_id',
      'starts_at',
      'ends_at',
      'room_id',
      'host',
      'recorder',
      'status',
      'occurrence_date',
      'holiday_note',
    ])
    .where('series_id', '=', s.id)
    .where('starts_at', '>=', since > now ? since : now)
    .orderBy('starts_at')
    .execute()
  const ids = rows.map((r) => r.id)
  const prepared = new Set<number>()
  if (ids.length) {
    for (const table of ['agenda_items', 'attendance', 'minutes'] as const) {
      const used = await db.selectFrom(table).select('meeting_id').distinct().where('meeting_id', 'in', ids).execute()
      for (const u of used) prepared.add(u.meeting_id)
    }
  }
  return rows.map((m) => ({ meeting: m, untouched: !prepared.has(m.id) && followsSeries(m, s) }))
}

/** Still exactly as the series made it (on its rule date, or moved off a holiday by the series). */
function followsSeries(m: OccurrenceRow, s: SeriesRow): boolean {
  const local = officeDateTime(m.starts_at)
  const onItsDay = local.slice(0, 10) === m.occurrence_date || m.holiday_note.startsWith('原定')
  return (
    m.status === '草稿' &&
    onItsDay &&
    m.title === s.title &&
    m.kind === s.kind &&
    m.council_id === s.council_id &&
    m.room_id === s.room_id &&
    m.host === s.host &&
    m.recorder === s.recorder &&
    local.slice(11) === s.start_time &&
    durationOf(m) === s.duration_minutes
  )
}

const kept = (m: OccurrenceRow): KeptMeeting => ({
  id: m.id,
  title: m.title,
  start: officeDateTime(m.starts_at),
  status: m.status,
})

function localRange(date: string, startTime: string, minutes: number): { startsAt: string; endsAt: string } {
  const startsAt = officeLocalToUtc(`${date}T${startTime}`)
  return { startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() }
}

export interface SeriesEditInput {
  /** Office-local date from which the change applies. */
  from: string
  title: string
  startTime: string
  durationMinutes: number
  roomId: number | null
  host: string
  recorder: string
}

/**
 * Changes the series from a date: its untouched occurrences on or after that date (and not yet
 * begun) take the new values, and so does every occurrence made later. A room already taken at a
 * new time refuses the whole change, naming the other meeting; nothing is half changed.
 */
export async function editSeries(
  db: Db,
  id: number,
  input: SeriesEditInput,
  now = nowIso(),
): Promise<{ updated: number; kept: KeptMeeting[] }> {
  return changingMeetings(db, async (trx) => {
    const s = await seriesRow(trx, id)
    const list = await futureOccurrences(trx, s, input.from, now)
    let updated = 0
    for (const { meeting: m, untouched } of list) {
      if (!untouched) continue
      const date = officeDateTime(m.starts_at).slice(0, 10)
      const { startsAt, endsAt } = localRange(date, input.startTime, input.durationMinutes)
      await assertRoomFree(trx, input.roomId, startsAt, endsAt, m.id)
      await trx
        .updateTable('meetings')
        .set({
          title: input.title,
          starts_at: startsAt,
          ends_at: endsAt,
          room_id: input.roomId,
          host: input.host,
          recorder: input.recorder,
          updated_at: now,
        })
        .where('id', '=', m.id)
        .execute()
      updated++
    }
    await trx
      .updateTable('meeting_series')
      .set({
        title: input.title,
        start_time: input.startTime,
        duration_minutes: input.durationMinutes,
        room_id: input.roomId,
        host: input.host,
        recorder: input.recorder,
      })
      .where('id', '=', id)
      .execute()
    const keptList = list.filter((o) => !o.untouched).map((o) => kept(o.meeting))
    await audit(trx, '修改', '系列会议', id, {
      from: input.from,
      before: {
        title: s.title,
        startTime: s.start_time,
        durationMinutes: s.duration_minutes,
        roomId: s.room_id,
        host: s.host,
        recorder: s.recorder,
      },
      after: input,
      updated,
      kept: keptList.map((k) => k.id),
    })
    return { updated, kept: keptList }
  })
}

/**
 * Ends the series: no meeting on or after `from`. Its untouched occurrences from that date are
 * removed; the series' last day becomes the day before. Meetings already prepared or changed stay
 * and are listed (cancel them one by one if they will not be held).
 */
export async function endSeries(
  db: Db,
  id: number,
  from: string,
  now = nowIso(),
): Promise<{ removed: number; removedIds: number[]; kept: KeptMeeting[]; endDate: string }> {
  return changingMeetings(db, async (trx) => {
    const s = await seriesRow(trx, id)
    if (s.end_type === 'date' && s.end_date !== null && s.end_date < from) {
      throw new AppError('ALREADY', `这个系列已于${chineseDate(s.end_date)}结束。`)
    }
    const list = await futureOccurrences(trx, s, from, now)
    const gone = list.filter((o) => o.untouched).map((o) => o.meeting.id)
    if (gone.length) await trx.deleteFrom('meetings').where('id', 'in', gone).execute()
    const endDate = addDays(from, -1)
    await trx
      .updateTable('meeting_series')
      .set({ end_type: 'date', end_date: endDate, end_count: null })
      .where('id', '=', id)
      .execute()
    const keptList = list.filter((o) => !o.untouched).map((o) => kept(o.meeting))
    await audit(trx, '修改', '结束系列会议', id, {
      from,
      endDate,
      before: { endType: s.end_type, endDate: s.end_date, endCount: s.end_count },
      removed: gone,
      kept: keptList.map((k) => k.id),
    })
    return { removed: gone.length, removedIds: gone, kept: keptList, endDate }
  })
}

/**
 * After the office enters (or changes) a year's holidays: re-applies each series' holiday rule to
 * its untouched, not yet begun occurrences whose rule date is in [from, to]. One that now falls on
 * a holiday moves, or goes (跳过), as the series says; one that was skipped for a holiday that is no
 * more comes back. A moved one whose room is taken at the new date stays where it was.
 * Runs inside the caller's transaction.
 */
export async function replaceSeriesOccurrencesIn(
  trx: Db,
  from: string,
  to: string,
  now = nowIso(),
): Promise<{ changed: number; removed: number; added: number }> {
  const book = await holidayBook(trx)
  const series = await trx.selectFrom('meeting_series').selectAll().where('starts_on', '<=', to).execute()
  let changed = 0
  let removed = 0
  let added = 0
  for (const s of series) {
    const rule = JSON.parse(s.rule) as RecurrenceRule
    const end: SeriesEnd = { type: s.end_type, date: s.end_date, count: s.end_count }
    const until = addDays(to < s.materialized_until ? to : s.materialized_until, 1)
    const wanted = new Map(
      occurrences(rule, s.starts_on, end, s.holiday_policy as HolidayPolicy, until, book)
        .filter((o) => o.ruleDate >= from)
        .map((o) => [o.ruleDate, o]),
    )
    const existing = await futureOccurrences(trx, s, addDays(from, -21), now)
    const have = new Set<string>()
    for (const { meeting: m, untouched } of existing) {
      if (m.occurrence_date === null || m.occurrence_date < from || m.occurrence_date > to) continue
      have.add(m.occurrence_date)
      if (!untouched) continue
      const o = wanted.get(m.occurrence_date)
      if (!o) {
        await trx.deleteFrom('meetings').where('id', '=', m.id).execute()
        removed++
        continue
      }
      const { startsAt, endsAt } = localRange(o.date, s.start_time, s.duration_minutes)
      if (startsAt === m.starts_at && o.note === m.holiday_note) continue
      if (Date.parse(startsAt) <= Date.parse(now)) continue
      try {
        await assertRoomFree(trx, s.room_id, startsAt, endsAt, m.id)
      } catch {
        continue
      }
      await trx
        .updateTable('meetings')
        .set({ starts_at: startsAt, ends_at: endsAt, holiday_note: o.note, updated_at: now })
        .where('id', '=', m.id)
        .execute()
      changed++
    }
    for (const o of wanted.values()) {
      if (have.has(o.ruleDate)) continue
      const { startsAt, endsAt } = localRange(o.date, s.start_time, s.duration_minutes)
      if (Date.parse(startsAt) <= Date.parse(now)) continue
      try {
        await assertRoomFree(trx, s.room_id, startsAt, endsAt, null)
      } catch {
        continue
      }
      const res = await trx
        .insertInto('meetings')
        .values({
          series_id: s.id,
          occurrence_date: o.ruleDate,
          council_id: s.council_id,
          kind: s.kind,
          title: s.title,
          starts_at: startsAt,
          ends_at: endsAt,
          room_id: s.room_id,
          host: s.host,
          recorder: s.recorder,
          status: '草稿',
          holiday_note: o.note,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['series_id', 'occurrence_date']).doNothing())
        .executeTakeFirst()
      if (res.numInsertedOrUpdatedRows) added++
    }
  }
  return { changed, removed, added }
}

/** Years among a series' occurrences whose holidays nobody knows yet (for the clerk's note). */
export async function seriesUnknownYears(db: Db, seriesId: number): Promise<number[]> {
  const book = await holidayBook(db)
  const rows = await db
    .selectFrom('meetings')
    .select('occurrence_date')
    .where('series_id', '=', seriesId)
    .where('occurrence_date', 'is not', null)
    .execute()
  const years = new Set(rows.map((r) => Number(r.occurrence_date!.slice(0, 4))))
  return [...years].filter((y) => !book.dayInfo(`${y}-01-01`).known).sort((a, b) => a - b)
}

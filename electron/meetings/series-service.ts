import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate, officeLocalToUtc } from '../../shared/time'
import { addDays, chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { holidayBook } from './calendar-days'
import { assertRoomFree } from './room-service'
import { changingMeetings, meetingChanged } from './agenda-hooks'
import { inTransaction } from '../database/unit-of-work'
import { adviseSchedule, type ScheduleAdvice } from './schedule-check'
import { describeRule, occurrences, type HolidayPolicy, type RecurrenceRule, type SeriesEnd } from './recurrence'
import { prepared } from '../database/prepared'

/**
 * A recurring series. Its occurrences are real meeting rows, so each can get its own agenda,
 * attendance and minutes, and can be moved or cancelled alone. They are created ahead of time, but
 * only up to a horizon (today + SERIES_HORIZON_YEARS): browsing the calendar further out creates
 * nothing (a list up to 2099 once created 3,782 meetings, and one for December 9999 ran past year
 * 9999 and hung every later list); as today moves on, the horizon moves with it and the calendar
 * fills in. No call creates more than MAX_NEW_OCCURRENCES rows; the rest follow on the next call.
 * The unique (series_id, occurrence_date) index keeps extension from re-creating an occurrence that
 * was moved or cancelled, and materialized_until (exclusive: every rule date before it has been
 * created) from re-creating one that was deleted.
 */
export interface SeriesInput {
  kind: string
  title: string
  councilId: number | null
  rule: RecurrenceRule
  /** 'HH:mm', office-local. */
  startTime: string
  durationMinutes: number
  startsOn: string
  end: SeriesEnd
  holidayPolicy: HolidayPolicy
  roomId: number | null
  host: string
  recorder: string
}

/** How far ahead occurrences exist. */
export const SERIES_HORIZON_YEARS = 2
/** The most occurrences one call creates. */
export const MAX_NEW_OCCURRENCES = 300
/** materialized_until of a series whose every occurrence exists (it has ended). */
export const SERIES_COMPLETE = '9999-12-31'
/** A new series is created this far ahead (within the horizon); browsing extends it. */
/** When the calendar reaches past what exists, this much more is created at once. */
const EXTEND_DAYS = 183

/** The last day (exclusive) occurrences are created for: the same day SERIES_HORIZON_YEARS on. */
export function seriesHorizon(today: string = officeDate(nowIso())): string {
  const year = String(Number(today.slice(0, 4)) + SERIES_HORIZON_YEARS).padStart(4, '0')
  const md = today.slice(5) === '02-29' ? '02-28' : today.slice(5)
  return `${year}-${md}`
}

const minDate = (a: string, b: string) => (a < b ? a : b)
const IS_DATE = /^\d{4}-\d{2}-\d{2}$/

export async function createSeries(
  db: Db,
  input: SeriesInput,
  today: string = officeDate(nowIso()),
): Promise<{ seriesId: number; created: number; notes: string[]; description: string; advice: ScheduleAdvice }> {
  if (input.end.type === 'date' && (!input.end.date || input.end.date < input.startsOn)) {
    throw new AppError('INVALID_INPUT', '系列的结束日期要晚于开始日期。')
  }
  if (input.end.type === 'count' && !(input.end.count && input.end.count > 0)) {
    throw new AppError('INVALID_INPUT', '请填写一共举行几次（至少 1 次）。')
  }
  const horizon = seriesHorizon(today)
  if (input.startsOn >= horizon) {
    throw new AppError(
      'TOO_FAR_AHEAD',
      `系列会议最多提前 ${SERIES_HORIZON_YEARS} 年安排（${chineseDate(addDays(horizon, -1))}以前开始）。请把开始日期提前，或到时候再建这个系列。`,
    )
  }
  // Created as far as the horizon allows (a weekly series: about 104 meetings); the daily upkeep
  // extends it as the horizon moves. Browsing the calendar only reads.
  const until = horizon
  return changingMeetings(db, async (trx) => {
    const series = await trx
      .insertInto('meeting_series')
      .values({
        council_id: input.councilId,
        kind: input.kind,
        title: input.title,
        rule: JSON.stringify(input.rule),
        start_time: input.startTime,
        duration_minutes: input.durationMinutes,
        starts_on: input.startsOn,
        end_type: input.end.type,
        end_date: input.end.date ?? null,
        end_count: input.end.count ?? null,
        holiday_policy: input.holidayPolicy,
        room_id: input.roomId,
        host: input.host,
        recorder: input.recorder,
        materialized_until: until,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const made = await materialize(trx, series.id, input, input.startsOn, until, 'refuse', MAX_NEW_OCCURRENCES)
    if (made.created === 0) throw new AppError('EMPTY_SERIES', '按这个规则，一次会议也排不出来，请检查日期和结束条件。')
    await trx
      .updateTable('meeting_series')
      .set({ materialized_until: made.complete ? SERIES_COMPLETE : made.until })
      .where('id', '=', series.id)
      .execute()
    // Advice about the first meeting actually held, not about the day the series nominally starts.
    const firstStart = `${made.first ?? input.startsOn}T${input.startTime}`
    const firstEnd = addMinutesLocal(firstStart, input.durationMinutes)
    return {
      seriesId: series.id,
      created: made.created,
      notes: made.notes,
      description: `${describeRule(input.rule)} ${input.startTime}`,
      advice: adviseSchedule(firstStart, firstEnd, await holidayBook(trx)),
    }
  })
}

/**
 * Creates the occurrences whose rule date lies in [from, until), at most `limit` of them. Dates
 * are computed from the series' first day, so a fortnightly or every-other-month rhythm and a
 * counted end stay right however the range is cut. Returns where it got to: `until`, or the first
 * rule date left for next time when the limit was reached, and whether the series has no more.
 */
async function materialize(
  db: Db,
  seriesId: number,
  s: SeriesInput,
  from: string,
  until: string,
  roomClash: 'refuse' | 'leave-out',
  limit: number,
): Promise<{ created: number; notes: string[]; first: string | null; until: string; complete: boolean }> {
  const all = occurrences(s.rule, s.startsOn, s.end, s.holidayPolicy, until, await holidayBook(db))
  const list = all.filter((o) => o.ruleDate >= from)
  const notes: string[] = []
  let created = 0
  let first: string | null = null
  const at = nowIso()
  for (const [i, o] of list.entries()) {
    if (created >= limit) return { created, notes, first, until: list[i]!.ruleDate, complete: false }
    const start = `${o.date}T${s.startTime}`
    const startsAt = officeLocalToUtc(start)
    const endsAt = officeLocalToUtc(addMinutesLocal(start, s.durationMinutes))
    try {
      await assertRoomFree(db, s.roomId, startsAt, endsAt, null)
    } catch (err) {
      // Extending while someone browses the calendar must not fail; that occurrence is left out.
      if (roomClash === 'leave-out') continue
      throw err
    }
    const res = await db
      .insertInto('meetings')
      .values({
        series_id: seriesId,
        occurrence_date: o.ruleDate,
        council_id: s.councilId,
        kind: s.kind,
        title: s.title,
        starts_at: startsAt,
        ends_at: endsAt,
        room_id: s.roomId,
        host: s.host,
        recorder: s.recorder,
        status: '草稿',
        holiday_note: o.note,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(['series_id', 'occurrence_date']).doNothing())
      .executeTakeFirst()
    if (!res.numInsertedOrUpdatedRows) continue
    created++
    first ??= o.date
    if (o.note) notes.push(`${o.note}${o.date !== o.ruleDate ? `至${chineseDate(o.date)}` : ''}`)
  }
  const complete =
    (s.end.type === 'count' && all.length >= (s.end.count ?? 0)) ||
    (s.end.type === 'date' && !!s.end.date && s.end.date < until)
  return { created, notes, first, until, complete }
}

/**
 * Creates occurrences of the series that go on, up to `until` (and a little beyond, so browsing
 * does not extend month by month) but never past the horizon, and at most MAX_NEW_OCCURRENCES in
 * all. Called before the calendar, the ledgers or "next in series" read meetings.
 */
export async function ensureSeriesMaterialized(
  db: Db,
  until: string,
  today: string = officeDate(nowIso()),
): Promise<void> {
  const horizon = seriesHorizon(today)
  if (!IS_DATE.test(until)) return
  const target = until >= horizon ? horizon : minDate(addDays(until, EXTEND_DAYS), horizon)
  await inTransaction(db, async (trx) => {
    // Read inside the transaction: two lists at once must not both extend the same range.
    const pending = await trx
      .selectFrom('meeting_series')
      .selectAll()
      .where('materialized_until', '<=', until >= horizon ? horizon : until)
      .where('materialized_until', '<', target)
      .orderBy('materialized_until')
      .orderBy('id')
      .execute()
    if (pending.length === 0) return
    let budget = MAX_NEW_OCCURRENCES
    for (const row of pending) {
      if (budget <= 0) break
      // A value that is not a plain date is for the repair on open (0004), never for extending.
      if (!IS_DATE.test(row.materialized_until) || row.materialized_until === SERIES_COMPLETE) continue
      const made = await materialize(trx, row.id, fromRow(row), row.materialized_until, target, 'leave-out', budget)
      budget -= made.created
      await trx
        .updateTable('meeting_series')
        .set({ materialized_until: made.complete ? SERIES_COMPLETE : made.until })
        .where('id', '=', row.id)
        .execute()
    }
    // New meetings may change which one is "next" (the 督办通报 follows).
    if (budget < MAX_NEW_OCCURRENCES) await meetingChanged(trx, {})
  })
}

/**
 * The date occurrences exist up to when the calendar shows a range beyond it and some series goes
 * on past it (so the clerk reads "系列会议只提前排到…" instead of wondering where they went); null
 * otherwise.
 */
export async function seriesScheduledUntil(
  db: Db,
  to: string,
  today: string = officeDate(nowIso()),
): Promise<string | null> {
  const horizon = seriesHorizon(today)
  if (to < horizon) return null
  const [goesOn] = await seriesGoingOn(db, { horizon })
  return goesOn ? addDays(horizon, -1) : null
}

// Asked by every calendar page that reaches the horizon: compiled once.
const seriesGoingOn = prepared((db, v: { horizon: string }) =>
  db
    .selectFrom('meeting_series')
    .select('id')
    .where('materialized_until', '<>', SERIES_COMPLETE)
    .where((eb) => eb.or([eb('end_type', '<>', 'date'), eb('end_date', '>=', v.horizon)]))
    .limit(1),
)

export async function getSeries(db: Db, id: number) {
  const row = await db.selectFrom('meeting_series').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('系列会议')
  const input = fromRow(row)
  return { id: row.id, ...input, description: `${describeRule(input.rule)} ${input.startTime}` }
}

function fromRow(row: {
  kind: string
  title: string
  council_id: number | null
  rule: string
  start_time: string
  duration_minutes: number
  starts_on: string
  end_type: 'never' | 'date' | 'count'
  end_date: string | null
  end_count: number | null
  holiday_policy: HolidayPolicy
  room_id: number | null
  host: string
  recorder: string
}): SeriesInput {
  return {
    kind: row.kind,
    title: row.title,
    councilId: row.council_id,
    rule: JSON.parse(row.rule) as RecurrenceRule,
    startTime: row.start_time,
    durationMinutes: row.duration_minutes,
    startsOn: row.starts_on,
    end: { type: row.end_type, date: row.end_date, count: row.end_count },
    holidayPolicy: row.holiday_policy,
    roomId: row.room_id,
    host: row.host,
    recorder: row.recorder,
  }
}

function addMinutesLocal(local: string, minutes: number): string {
  const t = new Date(`${local}:00Z`)
  t.setUTCMinutes(t.getUTCMinutes() + minutes)
  return t.toISOString().slice(0, 16)
}

import { AppError, notFound } from '../../common/app-error'
import { addDays, chineseDate, nowIso, officeLocalToUtc } from '../../common/time'
import type { Db } from '../../database/open-database'
import { holidayBook } from './calendar-days'
import { assertRoomFree } from './room-service'
import { adviseSchedule, type ScheduleAdvice } from './schedule-check'
import { describeRule, occurrences, type HolidayPolicy, type RecurrenceRule, type SeriesEnd } from './recurrence'

/**
 * A recurring series. Its occurrences are real meeting rows, created a year ahead (and further as
 * the calendar is browsed), so each can get its own agenda, attendance and minutes, and can be moved
 * or cancelled alone. The unique (series_id, occurrence_date) index keeps extension from re-creating
 * an occurrence that was moved or cancelled.
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

const HORIZON_DAYS = 366

export async function createSeries(
  db: Db,
  input: SeriesInput,
): Promise<{ seriesId: number; created: number; notes: string[]; description: string; advice: ScheduleAdvice }> {
  if (input.end.type === 'date' && (!input.end.date || input.end.date < input.startsOn)) {
    throw new AppError('INVALID_INPUT', '系列的结束日期要晚于开始日期。')
  }
  if (input.end.type === 'count' && !(input.end.count && input.end.count > 0)) {
    throw new AppError('INVALID_INPUT', '请填写一共举行几次（至少 1 次）。')
  }
  // A counted series is created whole; others a year ahead, then extended as the calendar is browsed.
  const until = input.end.type === 'count' ? addDays(input.startsOn, 366 * 20) : addDays(input.startsOn, HORIZON_DAYS)
  return db.transaction().execute(async (trx) => {
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
        materialized_until: input.end.type === 'count' ? '9999-12-31' : until,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { created, notes, first } = await materialize(trx, series.id, input, input.startsOn, until)
    if (created === 0) throw new AppError('EMPTY_SERIES', '按这个规则，一次会议也排不出来，请检查日期和结束条件。')
    // Advice about the first meeting actually held, not about the day the series nominally starts.
    const firstStart = `${first ?? input.startsOn}T${input.startTime}`
    const firstEnd = addMinutesLocal(firstStart, input.durationMinutes)
    return {
      seriesId: series.id,
      created,
      notes,
      description: `${describeRule(input.rule)} ${input.startTime}`,
      advice: adviseSchedule(firstStart, firstEnd, await holidayBook(trx)),
    }
  })
}

async function materialize(
  db: Db,
  seriesId: number,
  s: SeriesInput,
  from: string,
  until: string,
  roomClash: 'refuse' | 'leave-out' = 'refuse',
): Promise<{ created: number; notes: string[]; first: string | null }> {
  const list = occurrences(s.rule, from, s.end, s.holidayPolicy, until, await holidayBook(db))
  const notes: string[] = []
  let created = 0
  let first: string | null = null
  const at = nowIso()
  for (const o of list) {
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
  return { created, notes, first }
}

/** Creates occurrences of open-ended (or long dated) series up to `until`, as the calendar is browsed. */
export async function ensureSeriesMaterialized(db: Db, until: string): Promise<void> {
  const pending = await db
    .selectFrom('meeting_series')
    .selectAll()
    .where('materialized_until', '<=', until)
    .where('end_type', '!=', 'count')
    .execute()
  for (const row of pending) {
    if (row.end_type === 'date' && row.end_date && row.end_date < row.materialized_until) continue
    await db.transaction().execute(async (trx) => {
      const target = addDays(until, HORIZON_DAYS / 2)
      await materialize(trx, row.id, fromRow(row), row.materialized_until, target, 'leave-out')
      await trx.updateTable('meeting_series').set({ materialized_until: target }).where('id', '=', row.id).execute()
    })
  }
}

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

import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDateTime, officeLocalToUtc } from '../../shared/time'
import { addDays } from '../../shared/dates'
import type { Db } from '../database/open-database'
import { audit } from '../database/audit'
import { prepared } from '../database/prepared'
import { likePattern, likes } from '../database/text-search'
import { holidayBook, PACKAGE_BOOK, type HolidayBook } from './calendar-days'
import { assertRoomFree } from './room-service'
import { adviseSchedule, type ScheduleAdvice } from './schedule-check'
import { changingMeetings } from './agenda-hooks'
import type { MeetingKind, MeetingStatus } from '../../shared/meeting-values'

export type { MeetingStatus }

/** The life-cycle: forward one step at a time; 延期 and 取消 from before the meeting, with a reason. */
const NEXT: Record<MeetingStatus, readonly MeetingStatus[]> = {
  草稿: ['已通知', '延期', '取消'],
  已通知: ['进行中', '延期', '取消'],
  进行中: ['待整理纪要'],
  // 纪要已确认 is reached only by confirming the minutes (minutes-service), never by hand.
  待整理纪要: [],
  纪要已确认: ['已归档'],
  已归档: [],
  延期: ['已通知', '取消'],
  取消: [],
}

export function allowedNext(status: string): readonly MeetingStatus[] {
  return NEXT[status as MeetingStatus] ?? []
}

export interface MeetingInput {
  kind: MeetingKind
  title: string
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  start: string
  end: string
  roomId: number | null
  councilId: number | null
  host: string
  recorder: string
  /**
   * 承办合伙人: the partner that hosts it (its held meetings credit that partner's commitment).
   * Left out (undefined): none for a new meeting, unchanged for an edit.
   */
  hostPartnerId?: number | null
}

export interface MeetingRow {
  id: number
  title: string
  kind: string
  start: string
  end: string
  roomId: number | null
  roomName: string | null
  councilId: number | null
  status: string
  statusReason: string
  seriesId: number | null
  /** For a series occurrence: the date the rule gave (it may have been moved off a holiday). */
  occurrenceDate: string | null
  holidayNote: string
  host: string
  recorder: string
  hostPartnerId: number | null
  hostPartnerName: string | null
  /** While 延期: the time announced before (office-local); start/end are the new time once set. */
  postponedFrom: { start: string; end: string } | null
}

function toUtcRange(input: { start: string; end: string }): { startsAt: string; endsAt: string } {
  const startsAt = officeLocalToUtc(input.start)
  const endsAt = officeLocalToUtc(input.end)
  if (endsAt <= startsAt) throw new AppError('INVALID_INPUT', '结束时间要晚于开始时间，请检查。')
  if (Date.parse(endsAt) - Date.parse(startsAt) > 24 * 3600_000) {
    throw new AppError('INVALID_INPUT', '一次会议不能超过 24 小时，请检查结束时间。')
  }
  return { startsAt, endsAt }
}

async function assertHostPartner(db: Db, partnerId: number | null): Promise<void> {
  if (partnerId === null) return
  const p = await db.selectFrom('partners').select('id').where('id', '=', partnerId).executeTakeFirst()
  if (!p) throw notFound('承办合伙人')
}

async function assertCouncil(db: Db, councilId: number | null): Promise<void> {
  if (councilId === null) return
  const c = await db.selectFrom('councils').select('id').where('id', '=', councilId).executeTakeFirst()
  if (!c) throw notFound('议事会')
}

export async function createMeeting(db: Db, input: MeetingInput): Promise<{ id: number; advice: ScheduleAdvice }> {
  const { startsAt, endsAt } = toUtcRange(input)
  return changingMeetings(db, async (trx) => {
    await assertCouncil(trx, input.councilId)
    await assertHostPartner(trx, input.hostPartnerId ?? null)
    await assertRoomFree(trx, input.roomId, startsAt, endsAt, null)
    const at = nowIso()
    const row = await trx
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: input.councilId,
        kind: input.kind,
        title: input.title,
        starts_at: startsAt,
        ends_at: endsAt,
        room_id: input.roomId,
        host: input.host,
        recorder: input.recorder,
        host_partner_id: input.hostPartnerId ?? null,
        status: '草稿',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, advice: adviseSchedule(input.start, input.end, await holidayBook(trx)) }
  })
}

/** Edits one meeting; for an occurrence of a series this moves just that one, the series stays. */
export async function updateMeeting(db: Db, id: number, input: MeetingInput): Promise<{ advice: ScheduleAdvice }> {
  const { startsAt, endsAt } = toUtcRange(input)
  await changingMeetings(db, async (trx) => {
    await assertCouncil(trx, input.councilId)
    await assertHostPartner(trx, input.hostPartnerId ?? null)
    const current = await trx.selectFrom('meetings').select(['id', 'status']).where('id', '=', id).executeTakeFirst()
    if (!current) throw notFound('会议')
    if (['已归档', '取消'].includes(current.status)) {
      throw new AppError('LOCKED', `会议已${current.status}，不能再修改。`)
    }
    await assertRoomFree(trx, input.roomId, startsAt, endsAt, id)
    await trx
      .updateTable('meetings')
      .set({
        council_id: input.councilId,
        kind: input.kind,
        title: input.title,
        starts_at: startsAt,
        ends_at: endsAt,
        room_id: input.roomId,
        host: input.host,
        recorder: input.recorder,
        host_partner_id: input.hostPartnerId,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
  })
  return { advice: adviseSchedule(input.start, input.end, await holidayBook(db)) }
}

export async function setStatus(db: Db, id: number, status: MeetingStatus, reason: string): Promise<void> {
  await changingMeetings(db, async (trx) => {
    const m = await trx
      .selectFrom('meetings')
      .select(['status', 'title', 'starts_at', 'ends_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!m) throw notFound('会议')
    if (!allowedNext(m.status).includes(status)) {
      const options = allowedNext(m.status)
      throw new AppError(
        'BAD_STATUS',
        `会议现在是「${m.status}」，不能直接改为「${status}」。${options.length ? `可以改为：${options.join('、')}。` : ''}`,
      )
    }
    if ((status === '延期' || status === '取消') && !reason.trim()) {
      throw new AppError('INVALID_INPUT', `请填写${status}的原因，以便告知居民。`)
    }
    await trx
      .updateTable('meetings')
      .set({
        status,
        status_reason: reason,
        updated_at: nowIso(),
        // The 延期通知 says what was announced; the clerk then moves the meeting to its new time.
        ...(status === '延期' ? { postponed_from_start: m.starts_at, postponed_from_end: m.ends_at } : {}),
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, '修改', '会议状态', id, { from: m.status, to: status, reason })
  })
}

const meetingColumns = [
  'm.id',
  'm.title',
  'm.kind',
  'm.starts_at',
  'm.ends_at',
  'm.room_id',
  'r.name as roomName',
  'm.council_id',
  'm.status',
  'm.status_reason',
  'm.series_id',
  'm.occurrence_date',
  'm.holiday_note',
  'm.host',
  'm.recorder',
  'm.host_partner_id',
  'hp.name as hostPartnerName',
  'm.postponed_from_start',
  'm.postponed_from_end',
] as const

type RawMeeting = {
  id: number
  title: string
  kind: string
  starts_at: string
  ends_at: string
  room_id: number | null
  roomName: string | null
  council_id: number | null
  status: string
  status_reason: string
  series_id: number | null
  occurrence_date: string | null
  holiday_note: string
  host: string
  recorder: string
  host_partner_id: number | null
  hostPartnerName: string | null
  postponed_from_start: string | null
  postponed_from_end: string | null
}

function toRow(m: RawMeeting): MeetingRow {
  return {
    id: m.id,
    title: m.title,
    kind: m.kind,
    start: officeDateTime(m.starts_at),
    end: officeDateTime(m.ends_at),
    roomId: m.room_id,
    roomName: m.roomName,
    councilId: m.council_id,
    status: m.status,
    statusReason: m.status_reason,
    seriesId: m.series_id,
    occurrenceDate: m.occurrence_date,
    holidayNote: m.holiday_note,
    host: m.host,
    recorder: m.recorder,
    hostPartnerId: m.host_partner_id,
    hostPartnerName: m.hostPartnerName,
    postponedFrom:
      m.status === '延期' && m.postponed_from_start && m.postponed_from_end
        ? { start: officeDateTime(m.postponed_from_start), end: officeDateTime(m.postponed_from_end) }
        : null,
  }
}

/** Meetings whose start falls in [from, to] (office-local dates, inclusive). */
// Compiled once per combination of filters; a title search is a value (its LIKE pattern).
const meetingsBetween = prepared(
  (db, v: { from: string; before: string; status: string | null; kind: string | null; pattern: string }) => {
    let q = db
      .selectFrom('meetings as m')
      .leftJoin('rooms as r', 'r.id', 'm.room_id')
      .leftJoin('partners as hp', 'hp.id', 'm.host_partner_id')
      .select(meetingColumns)
      .where('m.starts_at', '>=', v.from)
      .where('m.starts_at', '<', v.before)
    if (v.status !== null) q = q.where('m.status', '=', v.status)
    if (v.kind !== null) q = q.where('m.kind', '=', v.kind)
    if (v.pattern) q = q.where(likes('m.title', v.pattern))
    return q.orderBy('m.starts_at')
  },
)

export async function listMeetings(
  db: Db,
  query: { from: string; to: string; status?: string | null; kind?: string | null; search?: string | null },
): Promise<MeetingRow[]> {
  const rows = await meetingsBetween(db, {
    from: officeLocalToUtc(`${query.from}T00:00`),
    before: officeLocalToUtc(`${addDays(query.to, 1)}T00:00`),
    status: query.status || null,
    kind: query.kind || null,
    pattern: query.search ? likePattern(query.search) : '',
  })
  return rows.map(toRow)
}

/** Day facts (holiday, 调休) for every date in [from, to], for the calendar grid. */
export function calendarDays(from: string, to: string, book: HolidayBook = PACKAGE_BOOK) {
  const days = []
  // Stops at `to` itself, so the last day of year 9999 never asks for the day after it.
  for (let d = from; d <= to && days.length < 62; d = addDays(d, 1)) {
    days.push(book.dayInfo(d))
    if (d === to) break
  }
  return days
}

export async function getMeetingRow(db: Db, id: number): Promise<MeetingRow> {
  return (await getMeetingRecord(db, id)).row
}

const meetingRecord = prepared((db, v: { id: number }) =>
  db
    .selectFrom('meetings as m')
    .leftJoin('rooms as r', 'r.id', 'm.room_id')
    .leftJoin('partners as hp', 'hp.id', 'm.host_partner_id')
    .leftJoin('councils as c', 'c.id', 'm.council_id')
    .select(meetingColumns)
    .select(['m.guest_count', 'c.quorum_rule', 'c.pass_rule'])
    .where('m.id', '=', v.id),
)

/**
 * The meeting's row, with what the rest of its page needs of it (stored UTC times, guests, the
 * council's rules): meetings.get reads the meeting once and hands this to the agenda and attendance.
 */
export async function getMeetingRecord(db: Db, id: number) {
  const [m] = await meetingRecord(db, { id })
  if (!m) throw notFound('会议')
  return {
    row: toRow(m),
    // As the agenda and the attendance read the meeting themselves (UTC times, the council's rules).
    id: m.id,
    council_id: m.council_id,
    starts_at: m.starts_at,
    ends_at: m.ends_at,
    status: m.status,
    guest_count: m.guest_count,
    quorum_rule: m.quorum_rule,
    pass_rule: m.pass_rule,
  }
}

/** The next live meeting of the same series, for carrying items over. */
export async function nextInSeries(db: Db, id: number): Promise<MeetingRow | null> {
  const m = await db.selectFrom('meetings').select(['series_id', 'starts_at']).where('id', '=', id).executeTakeFirst()
  if (!m?.series_id) return null
  const next = await db
    .selectFrom('meetings as m')
    .leftJoin('rooms as r', 'r.id', 'm.room_id')
    .leftJoin('partners as hp', 'hp.id', 'm.host_partner_id')
    .select(meetingColumns)
    .where('m.series_id', '=', m.series_id)
    .where('m.starts_at', '>', m.starts_at)
    .where('m.status', 'not in', ['取消', '已归档'])
    .orderBy('m.starts_at')
    .limit(1)
    .executeTakeFirst()
  return next ? toRow(next) : null
}

/** Refuses changes to what a confirmed or archived meeting recorded (agenda, attendance, votes). */
export async function assertMeetingOpen(db: Db, meetingId: number, what: string): Promise<void> {
  const m = await db.selectFrom('meetings').select('status').where('id', '=', meetingId).executeTakeFirst()
  if (!m) throw notFound('会议')
  if (['已归档', '取消', '纪要已确认'].includes(m.status)) {
    throw new AppError('LOCKED', `会议${m.status === '纪要已确认' ? '纪要已确认' : `已${m.status}`}，${what}不能再改。`)
  }
}

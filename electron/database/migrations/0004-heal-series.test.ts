import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0004 } from './0004-heal-series'
import { tempDir } from '../../testing/temp-db'
import { nowIso, officeDate } from '../../../shared/time'
import { addDays } from '../../../shared/dates'
import { listMeetings } from '../../meetings/meeting-service'
import { seriesHorizon, SERIES_COMPLETE } from '../../meetings/series-service'
import { dataInfo } from '../../data/data-service'
import { stillToTell } from '../../feedback/still-to-tell'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.slice(0, migration0004.version - 1)

describe('migration: heal series materialised too far', () => {
  it('removes untouched far or out-of-range occurrences, keeps touched ones, and the calendar works again', async () => {
    const file = join(tempDir(), 'bad.sqlite')
    const old = await openDatabase(file, { migrations: BEFORE })
    const db = old.db
    const today = officeDate(nowIso())
    // The state the old code left after a list for December 9999: materialized_until past year 9999.
    const series = async (endType: string, until: string, count: number | null) =>
      (
        await sql<{ id: number }>`insert into meeting_series (kind, title, council_id, rule, start_time,
          duration_minutes, starts_on, end_type, end_date, end_count, holiday_policy, room_id,
          materialized_until, created_at)
        values ('议事会例会', '周四议事会', null, ${JSON.stringify({ freq: 'weekly', interval: 1, weekday: 4 })},
          '19:00', 120, '2026-01-01', ${endType}, null, ${count}, 'keep', null, ${until}, 'x')
        returning id`.execute(db)
      ).rows[0]!.id
    const open = await series('never', '+010000-01-06', null)
    const counted = await series('count', SERIES_COMPLETE, 200)
    const meeting = async (seriesId: number, date: string, over: { status?: string; updated?: string } = {}) =>
      (
        await sql<{ id: number }>`insert into meetings (series_id, occurrence_date, council_id, kind, title,
          starts_at, ends_at, room_id, status, created_at, updated_at)
        values (${seriesId}, ${date}, null, '议事会例会', '周四议事会', ${`${date}T11:00:00.000Z`},
          ${`${date}T13:00:00.000Z`}, null, ${over.status ?? '草稿'}, 'c', ${over.updated ?? 'c'})
        returning id`.execute(db)
      ).rows[0]!.id
    const soon = await meeting(open, addDays(today, 7))
    const farUntouched = await meeting(open, '2045-03-02')
    const farWithAgenda = await meeting(open, '2045-03-09')
    const farEdited = await meeting(open, '2045-03-16', { updated: 'moved' })
    const farNotified = await meeting(open, '2045-03-23', { status: '已通知' })
    const farWithAttendanceCancelled = await meeting(open, '2045-03-30', { status: '取消', updated: 'x' })
    const beyond9999 = await meeting(open, '+010000-01-06')
    const countedFar = await meeting(counted, '2040-01-05')
    await sql`insert into agenda_items (meeting_id, position, title, type, planned_minutes)
      values (${farWithAgenda}, 1, '加装电梯', '讨论', 20)`.execute(db)
    // A duplicate topic whose original was answered before duplicates followed their originals.
    const resident = (
      await sql<{ id: number }>`insert into residents (name, created_at, updated_at) values ('李建国', 'c', 'c')
        returning id`.execute(db)
    ).rows[0]!.id
    const topic = async (
      seq: number,
      status: string,
      answered: string | null,
      dup: number | null,
      who: number | null,
    ) =>
      (
        await sql<{ id: number }>`insert into topics (year, seq, received_at, received_on, channel, resident_id,
          category_id, urgency, description, status, status_reason, duplicate_of_id, answered_at, created_at, updated_at)
        values (2026, ${seq}, '2026-10-01T01:00:00.000Z', '2026-10-01', '电话', ${who}, 1, '一般', '楼道灯坏了',
          ${status}, ${status === '不予采纳' ? '已列入物业维修计划' : ''}, ${dup}, ${answered}, 'c', 'c')
        returning id`.execute(db)
      ).rows[0]!.id
    const original = await topic(1, '不予采纳', '2026-10-05T01:00:00.000Z', null, null)
    const duplicate = await topic(2, '征集中', null, original, resident)
    // An anonymous duplicate has nobody of its own to tell: the original's notice covers it.
    const anonymous = await topic(3, '征集中', null, original, null)
    await old.close()

    opened = await openDatabase(file)
    const healed = opened.db
    expect(await schemaVersion(healed)).toBe(MIGRATIONS.length)
    const left = new Set((await healed.selectFrom('meetings').select('id').execute()).map((m) => m.id))
    expect([soon, farWithAgenda, farEdited, farNotified, farWithAttendanceCancelled].every((id) => left.has(id))).toBe(
      true,
    )
    expect([farUntouched, beyond9999, countedFar].some((id) => left.has(id))).toBe(false)
    const horizon = seriesHorizon()
    const untils = await healed.selectFrom('meeting_series').select(['id', 'materialized_until']).execute()
    expect(untils).toEqual([
      { id: open, materialized_until: horizon },
      { id: counted, materialized_until: horizon },
    ])

    // The calendar lists again (and does not run past the horizon), and so does 数据与备份.
    const started = Date.now()
    const nextMonth = await listMeetings(healed, { from: today, to: addDays(today, 31) })
    expect(nextMonth.map((m) => m.id)).toContain(soon)
    const far = await listMeetings(healed, { from: today, to: '2199-12-31' })
    // Nothing new beyond the horizon: only what a clerk had touched is there.
    expect(
      far
        .filter((m) => m.start.slice(0, 10) >= addDays(horizon, 7))
        .map((m) => m.id)
        .sort((a, b) => a - b),
    ).toEqual([farWithAgenda, farEdited, farNotified, farWithAttendanceCancelled])
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(
      (
        await healed
          .selectFrom('meetings')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBeLessThan(2 * 110 + 10)
    expect((await dataInfo(healed, file, { status: 'unchecked', checkedAt: null, problems: [] })).schemaVersion).toBe(
      MIGRATIONS.length,
    )

    // The duplicate's reporter is now owed the original's answer.
    const dup = await healed
      .selectFrom('topics')
      .select(['answered_at', 'told_at'])
      .where('id', '=', duplicate)
      .executeTakeFirstOrThrow()
    expect(dup).toEqual({ answered_at: '2026-10-05T01:00:00.000Z', told_at: null })
    const owed = await stillToTell(healed, { limit: 10, offset: 0 })
    expect(owed.rows.map((r) => r.id)).toContain(duplicate)
    expect(owed.rows.map((r) => r.id)).not.toContain(anonymous)
    const log = await healed
      .selectFrom('audit_log')
      .select(['entity', 'detail'])
      .where('entity', '=', '数据修复')
      .execute()
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ removedOccurrences: 3, seriesReset: [open, counted] })
  }, 30_000)
})

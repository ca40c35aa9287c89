import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { CompiledQuery } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type OpenDatabase } from '../database/open-database'
import { generateCommunity } from '../demo/generate-community'
import { dispatch } from '../registry/dispatch'
import type { HostContext } from '../registry/define'
import { registry } from '../registry'
import { tempDir } from '../testing/temp-db'
import { attendanceRoster, attendanceSummary } from './attendance-service'
import { getAgenda } from './agenda-service'
import { getMinutes } from './minutes-service'

/**
 * Opening a meeting (meetings.get, then meetings.attendance beside it) sends each statement once:
 * the meeting and its council are read once per call, not once per part of the page.
 */
describe('opening a meeting', () => {
  let dir: string
  let opened: OpenDatabase
  let sent: CompiledQuery[] = []
  beforeEach(async () => {
    dir = tempDir()
    opened = await openDatabase(join(dir, 'open.sqlite'), { log: (e) => e.level === 'query' && sent.push(e.query) })
    await generateCommunity(opened.db, { years: 1, meetingsPerYear: 20, residents: 100, topics: 60, resolutions: 20 })
  })
  afterEach(async () => {
    await opened.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const ctx = {} as HostContext
  async function call(channel: 'meetings.get' | 'meetings.attendance', input: unknown) {
    sent = []
    const out = await dispatch(registry, opened.db, ctx, channel, input)
    if (!out.ok) throw new Error(out.message)
    // The statements of the call itself (dispatch first settles who is at the keyboard).
    return { value: out.value as Record<string, unknown>, statements: sent.filter((s) => !/"operators"/.test(s.sql)) }
  }
  const meetingReads = (statements: CompiledQuery[]) =>
    statements.filter((s) => /^select .* from "meetings"( as "m")? (left join|where)/.test(s.sql))

  it('reads the meeting once and sends no statement twice, with the same answer as each part read alone (roster included)', async () => {
    const { db } = opened
    // A held meeting with an agenda, votes and attendance.
    const held = await db
      .selectFrom('meetings as m')
      .innerJoin('agenda_items as a', 'a.meeting_id', 'm.id')
      .innerJoin('attendance as at', 'at.meeting_id', 'm.id')
      .select('m.id')
      .where('m.council_id', 'is not', null)
      .groupBy('m.id')
      .orderBy('m.id')
      .executeTakeFirstOrThrow()

    const got = await call('meetings.get', { id: held.id })
    expect(meetingReads(got.statements)).toHaveLength(1)
    const keys = got.statements.map((s) => JSON.stringify([s.sql, s.parameters]))
    expect(new Set(keys).size).toBe(keys.length)
    expect(got.value.agenda).toEqual(await getAgenda(db, held.id))
    expect(got.value.attendance).toEqual(await attendanceSummary(db, held.id))
    // The roster comes with it: the page opens with one call.
    expect(got.value.roster).toEqual(await attendanceRoster(db, held.id))
    expect(got.value.minutes).toEqual(await getMinutes(db, held.id))
    expect((got.value.agenda as { items: unknown[] }).items.length).toBeGreaterThan(0)

    const attendance = await call('meetings.attendance', { meetingId: held.id })
    expect(meetingReads(attendance.statements)).toHaveLength(1)
    expect(attendance.value).toEqual({
      roster: await attendanceRoster(db, held.id),
      summary: await attendanceSummary(db, held.id),
    })
    expect((attendance.value.roster as unknown[]).length).toBeGreaterThan(0)
  })

  it('still says 会议不存在 for a meeting that is not there', async () => {
    const out = await dispatch(registry, opened.db, ctx, 'meetings.get', { id: 999_999 })
    expect(out).toMatchObject({ ok: false })
    expect(out.ok ? '' : out.message).toMatch(/会议/)
  })
})

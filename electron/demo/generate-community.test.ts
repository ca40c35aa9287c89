import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { getAgenda } from '../services/meetings/agenda-service'
import { attendanceRoster, attendanceSummary } from '../services/meetings/attendance-service'
import { getOverview } from '../services/community/community-service'
import { listMeetings } from '../services/meetings/meeting-service'
import { assertRoomFree } from '../services/meetings/room-service'
import { generateCommunity, hasData, type DemoOptions } from './generate-community'

/** The demo data must obey the services' own rules, or a demo would show things the app cannot produce. */
const SMALL: Partial<DemoOptions> = {
  years: 2,
  meetingsPerYear: 30,
  endYear: 2026,
  today: '2026-06-15',
  buildings: 6,
  households: 100,
  residents: 200,
  members: 12,
  seed: 7,
}

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => {
  await t.cleanup()
})

describe('generateCommunity', () => {
  it('builds the community, council and two years of meetings that the services read back consistently', async () => {
    expect(await hasData(t.db)).toBe(false)
    const s = await generateCommunity(t.db, SMALL)
    expect(await hasData(t.db)).toBe(true)
    expect(s).toMatchObject({
      buildings: 6,
      households: 100,
      residents: 200,
      meetings: 60,
      from: '2025-01-01',
      to: '2026-12-31',
    })

    const overview = await getOverview(t.db)
    expect(overview.profile?.name).toBe('幸福里社区')
    expect(overview.totals).toMatchObject({ buildings: 6, households: 100 })

    const all = await listMeetings(t.db, { from: '2025-01-01', to: '2026-12-31' })
    expect(all).toHaveLength(60)
    // The monthly 例会 is a real series: one a month, on the second Thursday or moved off a holiday.
    expect(all.filter((m) => m.seriesId !== null)).toHaveLength(24)

    let checkedVotes = 0
    for (const m of all) {
      const past = m.start.slice(0, 10) < '2026-06-15'
      if (past) expect(['已归档', '纪要已确认', '待整理纪要', '取消']).toContain(m.status)
      else expect(['已通知', '草稿', '取消', '延期']).toContain(m.status)
      if (m.roomId !== null && !['取消', '延期'].includes(m.status)) {
        await expect(
          assertRoomFree(
            t.db,
            m.roomId,
            new Date(`${m.start}:00+08:00`).toISOString(),
            new Date(`${m.end}:00+08:00`).toISOString(),
            m.id,
          ),
        ).resolves.toBeUndefined()
      }
      const roster = await attendanceRoster(t.db, m.id)
      const recorded = await t.db
        .selectFrom('attendance')
        .select(['member_id'])
        .where('meeting_id', '=', m.id)
        .execute()
      const held = ['已归档', '纪要已确认', '待整理纪要'].includes(m.status)
      // Everyone sitting that day, and only they, has a recorded attendance at a held council meeting.
      if (held && m.councilId !== null) {
        expect(recorded.map((r) => r.member_id).sort()).toEqual(roster.map((r) => r.memberId).sort())
      } else expect(recorded).toEqual([])
      const summary = await attendanceSummary(t.db, m.id)
      for (const item of (await getAgenda(t.db, m.id)).items) {
        if (!item.vote) continue
        checkedVotes++
        expect(item.vote.eligible).toBe(summary.eligibleVoters)
        expect(item.vote.for + item.vote.against + item.vote.abstain).toBeLessThanOrEqual(item.vote.eligible)
        expect(summary.quorumReached).toBe(true)
      }
      const minutes = await t.db
        .selectFrom('minutes')
        .select('status')
        .where('meeting_id', '=', m.id)
        .executeTakeFirst()
      expect(Boolean(minutes)).toBe(held)
    }
    expect(checkedVotes).toBeGreaterThan(5)

    // Browsing past the period does not create more 例会: the series ends with it.
    expect(await listMeetings(t.db, { from: '2027-01-01', to: '2027-12-31' })).toEqual([])
  })

  it('gives the same community for the same seed', async () => {
    const other = await openTempDb()
    try {
      await generateCommunity(t.db, SMALL)
      await generateCommunity(other.db, SMALL)
      const read = (db: TempDb['db']) =>
        db.selectFrom('meetings').select(['title', 'starts_at', 'status', 'room_id']).orderBy('id').execute()
      expect(await read(other.db)).toEqual(await read(t.db))
      const names = (db: TempDb['db']) => db.selectFrom('residents').select('name').orderBy('id').limit(20).execute()
      expect(await names(other.db)).toEqual(await names(t.db))
    } finally {
      await other.cleanup()
    }
  })
})

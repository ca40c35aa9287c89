import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { officeLocalToUtc } from '../../shared/time'
import { addDays } from '../../shared/dates'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { getAgenda } from '../meetings/agenda-service'
import { attendanceRoster, attendanceSummary } from '../meetings/attendance-service'
import { getOverview } from '../community/community-service'
import { listMeetings } from '../meetings/meeting-service'
import { assertRoomFree } from '../meetings/room-service'
import { dashboard } from '../dashboard/dashboard-service'
import { similarTopics } from '../topics/duplicate-hint'
import { REPORT_TITLE, syncOverdueReports } from '../topics/overdue-report'
import { completeResolution } from '../topics/resolution-service'
import { stillToTell } from '../feedback/still-to-tell'
import { createTopic, listTopics } from '../topics/topic-service'
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
      const topics = (db: TempDb['db']) =>
        db.selectFrom('topics').select(['description', 'status', 'received_at', 'told_at']).orderBy('id').execute()
      expect(await topics(other.db)).toEqual(await topics(t.db))
      const resolutions = (db: TempDb['db']) =>
        db.selectFrom('resolutions').select(['year', 'seq', 'status', 'due_date']).orderBy('id').execute()
      expect(await resolutions(other.db)).toEqual(await resolutions(t.db))
      const reports = (db: TempDb['db']) =>
        db
          .selectFrom('agenda_reports as ar')
          .innerJoin('agenda_items as a', 'a.id', 'ar.agenda_item_id')
          .select(['a.meeting_id', 'a.position', 'ar.resolution_id'])
          .orderBy('a.meeting_id')
          .orderBy('ar.resolution_id')
          .execute()
      expect((await reports(t.db)).length).toBeGreaterThan(0)
      expect(await reports(other.db)).toEqual(await reports(t.db))
    } finally {
      await other.cleanup()
    }
  })
})

/**
 * The follow-up rows are written in bulk, not through the services, so this checks the rules the
 * services keep (topic-service, resolution-service, feedback-service, overdue-report) on every row,
 * and that the services carry on from the generated state as if they had written it.
 */
describe('generateCommunity: the follow-up loop', () => {
  const OPTIONS = { ...SMALL, topics: 500, resolutions: 120 }
  const HELD = ['待整理纪要', '纪要已确认', '已归档']

  async function load(db: TempDb['db']) {
    const [topics, items, meetings, resolutions, progress, feedback, categories, sequences] = await Promise.all([
      db.selectFrom('topics').selectAll().orderBy('id').execute(),
      db.selectFrom('agenda_items').selectAll().orderBy('id').execute(),
      db.selectFrom('meetings').selectAll().execute(),
      db.selectFrom('resolutions').selectAll().orderBy('id').execute(),
      db.selectFrom('resolution_progress').selectAll().orderBy('id').execute(),
      db.selectFrom('feedback').selectAll().orderBy('id').execute(),
      db.selectFrom('topic_categories').selectAll().execute(),
      db.selectFrom('number_sequences').selectAll().execute(),
    ])
    return {
      topics,
      items,
      itemById: new Map(items.map((i) => [i.id, i])),
      meetingById: new Map(meetings.map((m) => [m.id, m])),
      resolutions,
      progress,
      feedback,
      categoryById: new Map(categories.map((c) => [c.id, c])),
      sequences,
    }
  }

  /** Numbers 1..N per year, no gaps, and the counter at N so the next one the services hand out is N+1. */
  function expectContiguous(
    rows: Array<{ year: number; seq: number }>,
    sequences: Array<{ name: string; year: number; last: number }>,
    name: string,
  ) {
    const byYear = new Map<number, number[]>()
    for (const r of rows) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.seq])
    expect(byYear.size).toBeGreaterThan(0)
    for (const [year, seqs] of byYear) {
      expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1))
      expect(sequences.find((s) => s.name === name && s.year === year)?.last).toBe(seqs.length)
    }
  }

  it('numbers, routes and answers topics as the topic service does', async () => {
    const s = await generateCommunity(t.db, OPTIONS)
    expect(s.followup).toMatchObject({ topics: 500, resolutions: 120 })
    const d = await load(t.db)
    expect(d.topics).toHaveLength(500)
    expectContiguous(d.topics, d.sequences, 'topic')
    expectContiguous(d.resolutions, d.sequences, 'resolution')

    const now = '2026-06-15T10:00:00.000Z'
    const statuses = new Set(d.topics.map((x) => x.status))
    for (const st of ['征集中', '已议', '转办', '不予采纳']) expect(statuses).toContain(st)
    const channels = new Map<string, number>()
    for (const x of d.topics) channels.set(x.channel, (channels.get(x.channel) ?? 0) + 1)
    // 微信群 and 网格员 bring most concerns.
    const [first, second] = [...channels].sort((a, b) => b[1] - a[1]).map(([c]) => c)
    expect([first, second].sort()).toEqual(['微信群', '网格员'])

    const itemsOfTopic = new Map<number, typeof d.items>()
    for (const i of d.items)
      if (i.topic_id !== null) itemsOfTopic.set(i.topic_id, [...(itemsOfTopic.get(i.topic_id) ?? []), i])
    for (const x of d.topics) {
      expect(x.received_at <= now).toBe(true)
      expect(x.received_on >= '2025-01-01').toBe(true)
      if (x.status === '转办') {
        const c = d.categoryById.get(x.category_id)!
        expect(x.routed_department).toBe(c.department)
        expect(Date.parse(x.respond_by!) - Date.parse(x.routed_at!)).toBe(c.response_hours * 3_600_000)
        expect(x.routed_at! >= x.received_at).toBe(true)
        expect(x.answered_at).toBe(x.responded_at)
        if (x.responded_at) expect(x.responded_at >= x.routed_at!).toBe(true)
      } else expect(x.routed_department).toBeNull()
      if (x.status === '转办' || x.status === '不予采纳') expect(x.status_reason).not.toBe('')
      if (x.status === '不予采纳') expect(x.answered_at).not.toBeNull()
      if (['征集中', '已采纳', '已上会'].includes(x.status)) expect(x.answered_at).toBeNull()
      if (x.duplicate_of_id !== null) expect(x.duplicate_of_id).toBeLessThan(x.id)
      if (x.told_at !== null) {
        expect(x.answered_at).not.toBeNull()
        expect(x.told_at >= x.answered_at!).toBe(true)
        expect(x.told_at <= now).toBe(true)
      }
      // 上会 and 已议 topics sit on an agenda item that remembers them; nothing else does.
      const its = itemsOfTopic.get(x.id) ?? []
      if (x.status === '已上会' || x.status === '已议') {
        expect(its).toHaveLength(1)
        const m = d.meetingById.get(its[0]!.meeting_id)!
        expect(m.starts_at > x.received_at).toBe(true)
        if (x.status === '已议') {
          expect(HELD).toContain(m.status)
          expect(its[0]!.state).toBe('已议')
        } else {
          expect(['草稿', '已通知', '延期']).toContain(m.status)
          expect(its[0]!.state).toBe('待议')
        }
      } else expect(its).toEqual([])
    }
  })

  it('keeps resolutions, progress notes and feedback as the resolution and feedback services do', async () => {
    await generateCommunity(t.db, OPTIONS)
    const d = await load(t.db)
    const today = '2026-06-15'
    const now = '2026-06-15T10:00:00.000Z'
    expect(d.resolutions).toHaveLength(120)
    const statuses = new Set(d.resolutions.map((r) => r.status))
    for (const st of ['待办', '办理中', '已评价']) expect(statuses).toContain(st)
    const overdue = d.resolutions.filter((r) => ['待办', '办理中'].includes(r.status) && r.due_date < today)
    expect(overdue.length).toBeGreaterThanOrEqual(3)
    expect(overdue.length).toBeLessThanOrEqual(30)

    const topicById = new Map(d.topics.map((x) => [x.id, x]))
    for (const r of d.resolutions) {
      const item = d.itemById.get(r.agenda_item_id)!
      const m = d.meetingById.get(item.meeting_id)!
      const meetingDate = new Date(Date.parse(m.starts_at) + 8 * 3_600_000).toISOString().slice(0, 10)
      expect(HELD).toContain(m.status)
      expect(r.year).toBe(Number(meetingDate.slice(0, 4)))
      expect(r.due_date >= meetingDate).toBe(true)
      expect(r.decided_at).toBe(m.ends_at)
      expect(item.is_report).toBe(0)
      if (item.type === '表决') expect(item.votes_for! * 2).toBeGreaterThan(item.votes_eligible!)
      else expect(item).toMatchObject({ type: '讨论', state: '已议' })

      const done = ['已办结', '已反馈', '已评价'].includes(r.status)
      expect(r.completed_at !== null).toBe(done)
      const notes = d.progress.filter((p) => p.resolution_id === r.id)
      const acts = notes
        .filter((p) => p.kind === '进展' || p.kind === '办结')
        .map((p) => p.at)
        .sort()
      expect(r.first_action_at).toBe(acts[0] ?? null)
      expect(notes.filter((p) => p.kind === '办结').map((p) => p.at)).toEqual(done ? [r.completed_at] : [])
      if (r.status === '办理中') expect(notes.some((p) => p.kind === '进展')).toBe(true)
      if (r.status === '待办') expect(acts).toEqual([])
      if (r.status === '已撤销') expect(notes.some((p) => p.kind === '撤销') && r.void_reason !== '').toBe(true)
      for (const p of notes) {
        expect(p.at >= r.decided_at && p.at <= now && p.recorded_at >= p.at).toBe(true)
        if (r.completed_at && p.kind === '进展') expect(p.at <= r.completed_at).toBe(true)
      }

      // 已反馈 / 已评价 follow the feedback given after completion, and only that.
      const fb = d.feedback.filter((f) => f.resolution_id === r.id)
      const after = fb.filter((f) => r.completed_at !== null && f.told_at >= r.completed_at)
      expect(r.status === '已评价').toBe(after.some((f) => f.satisfaction !== null))
      if (done) expect(r.status === '已办结').toBe(after.length === 0)
      for (const f of fb) {
        expect(f.told_at >= r.decided_at && f.told_at <= now).toBe(true)
        if (f.satisfaction !== null) expect(r.completed_at !== null && f.told_at >= r.completed_at).toBe(true)
      }
      // The topic's answer is the resolution's completion; telling about the resolution tells its resident.
      if (item.topic_id !== null) {
        const x = topicById.get(item.topic_id)!
        expect(x.status).toBe('已议')
        expect(x.answered_at).toBe(r.status === '已撤销' ? null : r.completed_at)
        expect(x.told_at).toBe(after[0]?.told_at ?? null)
      }
    }
    // A topic without a resolution is told by its own first feedback at or after the answer.
    const withResolution = new Set(d.resolutions.map((r) => d.itemById.get(r.agenda_item_id)!.topic_id))
    for (const x of d.topics) {
      if (withResolution.has(x.id)) continue
      const fb = d.feedback.filter((f) => f.topic_id === x.id)
      const after = fb.filter((f) => x.answered_at !== null && f.told_at >= x.answered_at)
      expect(x.told_at).toBe(after[0]?.told_at ?? null)
      for (const f of fb) if (f.satisfaction !== null) expect(after).toContain(f)
    }
    // Progress notes stay append-only.
    await expect(t.db.updateTable('resolution_progress').set({ text: '改' }).execute()).rejects.toThrow(/append-only/)
  })

  it('reports overdue resolutions on one 督办通报 item per council meeting, as the overdue-report rule does', async () => {
    const s = await generateCommunity(t.db, OPTIONS)
    const d = await load(t.db)
    const now = '2026-06-15T10:00:00.000Z'
    const listed = await t.db.selectFrom('agenda_reports').selectAll().execute()
    const reports = d.items.filter((i) => i.is_report === 1)
    expect(reports.length).toBeGreaterThan(0)
    expect(s.followup).toMatchObject({ reportItems: reports.length, reportListings: listed.length })
    // No report item without a resolution on it, and no agenda_reports row off a report item.
    expect(new Set(listed.map((x) => x.agenda_item_id))).toEqual(new Set(reports.map((i) => i.id)))

    const resolutionById = new Map(d.resolutions.map((r) => [r.id, r]))
    const actual = new Map<number, number[]>()
    for (const i of reports) {
      const m = d.meetingById.get(i.meeting_id)!
      // Made as the service's reportItem() makes it, last on the agenda.
      expect(i).toMatchObject({ title: REPORT_TITLE, type: '通报', presenter: '', planned_minutes: 10 })
      expect(i.topic_id).toBeNull()
      expect(i.position).toBe(Math.max(...d.items.filter((x) => x.meeting_id === m.id).map((x) => x.position)))
      expect(m.council_id).not.toBeNull()
      expect(i.state).toBe(HELD.includes(m.status) ? '已议' : '待议')
      if (HELD.includes(m.status))
        expect(i.outcome).toContain(`${listed.filter((x) => x.agenda_item_id === i.id).length} 件`)
      // One report item per meeting.
      expect(actual.has(m.id)).toBe(false)
      const ids = listed.filter((x) => x.agenda_item_id === i.id).map((x) => x.resolution_id)
      actual.set(
        m.id,
        ids.sort((a, b) => a - b),
      )
      // Every resolution listed was past its due date when the meeting came.
      const meetingDate = new Date(Date.parse(m.starts_at) + 8 * 3_600_000).toISOString().slice(0, 10)
      for (const id of ids) expect(meetingDate > resolutionById.get(id)!.due_date).toBe(true)
    }

    // syncOverdueReports() lists an open overdue resolution on the council's next meeting not yet held,
    // whenever the clerk opens the agenda, and takes it off once done or voided before the meeting. So a
    // held council meeting lists those overdue before it started and still open when it did, and the next
    // meeting to come lists those open and overdue now.
    const council = [...d.meetingById.values()]
      .filter((m) => m.council_id !== null && m.status !== '取消')
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
    const expected = new Map<number, number[]>()
    const list = (meetingId: number, id: number) => expected.set(meetingId, [...(expected.get(meetingId) ?? []), id])
    for (const r of d.resolutions) {
      const decidedBy = d.meetingById.get(d.itemById.get(r.agenda_item_id)!.meeting_id)!
      const overdueFrom = officeLocalToUtc(`${addDays(r.due_date, 1)}T00:00`)
      const end = r.completed_at ?? d.progress.find((p) => p.resolution_id === r.id && p.kind === '撤销')?.at ?? now
      if (overdueFrom >= end) continue
      // Made at a meeting with no council: only the next council meeting of any council lists it
      // (the generator writes no history for these; the service adds them from now on).
      if (decidedBy.council_id === null) {
        const anyNext = council.find((m) => !HELD.includes(m.status) && m.starts_at > now)
        if (end === now && anyNext) list(anyNext.id, r.id)
        continue
      }
      const ofCouncil = council.filter((m) => m.council_id === decidedBy.council_id)
      for (const m of ofCouncil) {
        if (HELD.includes(m.status) && m.starts_at > overdueFrom && m.starts_at < end) list(m.id, r.id)
      }
      const next = ofCouncil.find((m) => !HELD.includes(m.status) && m.starts_at > now)
      if (end === now && next) list(next.id, r.id)
    }
    for (const ids of expected.values()) ids.sort((a, b) => a - b)
    expect(actual).toEqual(expected)
    expect(expected.size).toBeGreaterThan(3)
    // Some meeting reports several at once: that is why they are grouped.
    expect(Math.max(...[...expected.values()].map((ids) => ids.length))).toBeGreaterThan(1)
    // The generator already synced: the service finds nothing left to add.
    expect(await syncOverdueReports(t.db, now)).toEqual({ added: 0, removed: 0 })

    // The agenda shows the item with the resolutions it reports on.
    const [meetingId, ids] = [...actual].find(([, x]) => x.length > 1)!
    const item = (await getAgenda(t.db, meetingId)).items.find((i) => i.title === REPORT_TITLE)!
    expect(item.reports.map((x) => x.id).sort((a, b) => a - b)).toEqual(ids)
  })

  it('reads back through the services, which carry on from the generated state', async () => {
    await generateCommunity(t.db, OPTIONS)
    const now = '2026-06-15T10:00:00.000Z'
    const d = await load(t.db)

    const untold = d.topics.filter((x) => x.answered_at !== null && x.told_at === null).length
    const page = {
      status: null,
      channel: null,
      categoryId: null,
      gridId: null,
      from: null,
      to: null,
      search: '',
      limit: 20,
      offset: 0,
    }
    expect((await listTopics(t.db, { ...page, untold: true }, now)).total).toBe(untold)
    expect((await listTopics(t.db, { ...page, untold: false, search: '楼道' }, now)).total).toBeGreaterThan(0)
    const board = await dashboard(t.db, { from: '2025-01-01', to: '2026-12-31' }, now)
    expect(board.topics.total).toBe(500)
    expect(board.resolutions.total).toBe(d.resolutions.filter((r) => r.status !== '已撤销').length)
    expect(board.residentsTold.percent).toBeGreaterThan(50)
    expect(board.agendaFromResidents.part).toBeGreaterThan(0)
    expect(board.overdue.total).toBeGreaterThan(0)
    expect((await stillToTell(t.db, { limit: 10, offset: 0 }, now)).total).toBeGreaterThan(0)

    // The duplicate hint finds the near-duplicates the templates make.
    const recent = d.topics.filter(
      (x) => x.received_on >= '2026-03-01' && x.duplicate_of_id === null && x.status !== '不予采纳',
    )
    let found = 0
    for (const x of recent.slice(0, 20)) {
      const similar = await similarTopics(
        t.db,
        { description: x.description, categoryId: x.category_id, buildingId: x.building_id, excludeId: x.id },
        now,
      )
      if (similar.length > 0) found++
    }
    expect(found).toBeGreaterThan(10)

    // New numbers continue the generated ones; completing an open resolution answers its topic.
    const category = d.topics[0]!.category_id
    const created = await createTopic(
      t.db,
      {
        receivedAt: null,
        channel: '电话',
        residentId: null,
        gridId: null,
        buildingId: null,
        categoryId: category,
        urgency: '一般',
        description: '楼道灯又坏了',
        duplicateOfId: null,
      },
      now,
    )
    const last = d.topics.filter((x) => x.year === 2026).length
    expect(created.number).toBe(`2026-${String(last + 1).padStart(4, '0')}`)
    const open = d.resolutions.find(
      (r) => r.status === '办理中' && d.itemById.get(r.agenda_item_id)!.topic_id !== null,
    )!
    await completeResolution(t.db, open.id, { note: '已修好', at: null, reportedBy: '物业' }, now)
    const topicId = d.itemById.get(open.agenda_item_id)!.topic_id!
    const after = await t.db
      .selectFrom('topics')
      .select(['answered_at', 'told_at'])
      .where('id', '=', topicId)
      .executeTakeFirstOrThrow()
    expect(after).toEqual({ answered_at: now, told_at: null })
  })
})

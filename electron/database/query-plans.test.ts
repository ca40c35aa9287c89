import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompiledQuery } from 'kysely'
import { registry } from '../registry'
import type { AnyHandler } from '../registry/define'
import { openHistoryShapedDb, planProblems, scans, type HistoryShapedDb } from '../testing/history-shape'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import * as topics from '../topics/topic-service'
import * as resolutions from '../topics/resolution-service'
import { topicCountQuery, topicPageQuery, type TopicFilter } from '../topics/topic-reads'
import { RARITY_CAP } from './gram-search'
import { resolutionCountQuery, type ResolutionFilter } from '../topics/resolution-reads'
import { toTellQueries } from '../feedback/still-to-tell'
import { rosterQueries } from '../people/roster-service'
import { folderHostContext } from '../transport/folder-host'
import { LiveDatabase } from './live-database'

/**
 * The plans of every statement a list, the calendar or an open record sends, as SQLite plans them
 * for 30 years of a large community (the 100× demo file's statistics, electron/testing/
 * history-shape.ts): none reads a whole history table (SCAN) or sorts every matching row for the
 * ORDER BY (temp B-tree). The statements come from running the real handlers (recorded as they
 * go out) and, for the counts a small file skips (a page that is not full needs none), from the
 * services' own count builders. Text search reads the gram index (gram-search.ts), not every row.
 */
const NOW = '2026-11-20T02:00:00.000Z'
let h: HistoryShapedDb
let s: Seeded
let topicId: number
let resolutionId: number

beforeAll(async () => {
  h = await openHistoryShapedDb(async (db) => {
    s = await seedCommunity(db)
    topicId = (
      await topics.createTopic(
        db,
        {
          receivedAt: '2026-10-01T09:00',
          channel: '电话',
          residentId: 1,
          gridId: null,
          buildingId: null,
          categoryId: 1,
          urgency: '一般',
          description: '3号楼楼道灯坏了很久没人修',
          duplicateOfId: null,
        },
        NOW,
      )
    ).id
    resolutionId = (
      await resolutions.createResolution(
        db,
        s.items.passed,
        { text: '提交街道审批加装电梯', leadDepartment: '街道', coDepartments: [], dueDate: '2026-12-31' },
        NOW,
      )
    ).id
  })
}, 60_000)
afterAll(async () => h?.close())

async function problemsOf(statements: CompiledQuery[], ownRows = false) {
  const out: { sql: string; problems: string[] }[] = []
  for (const st of statements) out.push({ sql: st.sql, problems: planProblems(st, await h.plan(st), ownRows) })
  return out
}

/**
 * Runs a handler as a transport does and returns every statement it sent, each with its plan's
 * problems. `ownRows`: the call reads one record's own rows (see planProblems).
 */
async function call(channel: keyof typeof registry, input: unknown, ownRows = false) {
  const handler: AnyHandler = registry[channel]
  const ctx = folderHostContext({
    database: undefined as unknown as LiveDatabase,
    backupDir: '/tmp',
    exportDir: '/tmp',
  })
  h.take()
  await handler.run(h.db, handler.input.parse(input), ctx)
  const statements = h.take()
  expect(statements.length).toBeGreaterThan(0)
  return problemsOf(statements, ownRows)
}

const clean = (r: { sql: string; problems: string[] }[]) => r.map((x) => ({ sql: x.sql, problems: [] as string[] }))

const TOPIC_FILTERS: Record<string, Partial<TopicFilter>> = {
  全部: {},
  征集中: { status: '征集中' },
  已作废: { status: '已作废' },
  来源渠道: { channel: '电话' },
  分类: { categoryId: 1 },
  网格: { gridId: 1 },
  日期段: { from: '2026-01-01', to: '2026-06-30' },
  未告知: { untold: true },
  转办已超时: { overdueRouting: true },
  '状态＋渠道': { status: '转办', channel: '电话' },
}

describe('list plans at 30 years of history', () => {
  it('reads the statistics of the 100× file (the planner sees 60,000 topics)', async () => {
    const plan = await h.plan({ sql: 'select * from topics where category_id = ?', parameters: [1] })
    expect(plan.join('\n')).toMatch(/topics_(list_)?category/)
  })

  for (const [name, filter] of Object.entries(TOPIC_FILTERS)) {
    it(`topic list, ${name}: the page and its count`, async () => {
      const page = await call('topics.list', { ...filter, limit: 20 })
      expect(page).toEqual(clean(page))
      const count = topicCountQuery(h.db, { ...NO_TOPIC_FILTER, ...filter }, NOW).compile()
      const counted = await problemsOf([count])
      expect(counted).toEqual(clean(counted))
    })
  }

  const RESOLUTION_FILTERS: Record<string, Partial<ResolutionFilter>> = {
    全部: {},
    办理中: { status: '办理中' },
    逾期: { status: '逾期' },
    某年: { year: 2026 },
  }
  for (const [name, filter] of Object.entries(RESOLUTION_FILTERS)) {
    it(`resolution list, ${name}: the page and its count`, async () => {
      // 逾期 is two statuses (待办, 办理中) past their date: its page walks resolutions_open_number
      // newest first (no sort of every overdue resolution), then reads those rows.
      const page = await call('resolutions.list', { ...filter, limit: 20 })
      expect(page).toEqual(clean(page))
      const count = resolutionCountQuery(
        h.db,
        { status: null, department: null, year: null, search: '', ...filter },
        '2026-11-20',
      ).compile()
      const counted = await problemsOf([count])
      expect(counted).toEqual(clean(counted))
    })
  }

  it('resolution list, 逾期: its page numbers come from the index of open resolutions alone', async () => {
    h.take()
    const handler: AnyHandler = registry['resolutions.list']
    await handler.run(h.db, handler.input.parse({ status: '逾期', limit: 20 }), undefined as never)
    const [page] = h.take()
    const plan = await h.plan(page!)
    expect(plan).toContain('SCAN r USING COVERING INDEX resolutions_open_number')
    expect(plan.filter((l) => /TEMP B-TREE/.test(l))).toEqual([])
  })

  it('still to tell: both pages and both counts', async () => {
    const page = await call('feedback.stillToTell', { limit: 20 })
    expect(page).toEqual(clean(page))
    const q = toTellQueries(h.db)
    const counted = await problemsOf([q.resolutionCount().compile(), q.topicCount().compile()])
    expect(counted).toEqual(clean(counted))
  })

  it('the resident roster: first and third page, its count', async () => {
    for (const page of [1, 3]) {
      const statements = await call('people.list', { page, pageSize: 50 })
      expect(statements).toEqual(clean(statements))
    }
    const q = rosterQueries(h.db, '')
    const counted = await problemsOf([
      q.count().compile(),
      q.withoutBuildingCount().compile(),
      q.withoutBuilding(50, 0).compile(),
      q.inBuildings(50, 100).compile(),
    ])
    expect(counted).toEqual(clean(counted))
  })

  it('the resident search reads the gram index and only the candidates, never every resident', async () => {
    // Few candidates (this file): one statement, the candidates read and sorted, the total with it.
    h.take()
    const handler: AnyHandler = registry['people.list']
    await handler.run(h.db, handler.input.parse({ search: '王', page: 1, pageSize: 20 }), {} as never)
    const statements = h.take()
    for (const st of statements)
      expect(await h.plan(st)).not.toContainEqual(expect.stringMatching(/^SCAN (r|residents)\b/))
    const page = await h.plan(statements.at(-1)!)
    expect(page).toContainEqual(expect.stringMatching(/^SEARCH search_grams USING PRIMARY KEY/))
    // Many candidates (as 「王」 at 100×): one count of the candidates, then the roster's two walks.
    const q = rosterQueries(h.db, '王')
    const counts = await h.plan(q.searchCounts().compile())
    expect(counts).toContainEqual(expect.stringMatching(/^SEARCH search_grams USING PRIMARY KEY/))
    expect(scans(counts).filter((l) => /^SCAN (r|br|residents)\b/.test(l))).toEqual([])
    const walks = await problemsOf([q.withoutBuilding(20, 0).compile(), q.inBuildings(20, 0).compile()])
    expect(walks).toEqual(clean(walks))
    // A 1–2 character text's total comes from the gram index: the residents holding the key are not
    // read; only the deleted ones (residents_deleted), the too-long texts ('' rows) and the named
    // buildings' residents are.
    const exact = await h.plan(q.exactCount().compile())
    expect(exact).toContainEqual(
      expect.stringMatching(/^SEARCH search_grams USING PRIMARY KEY \(kind=\? AND gram>\? AND gram<\?\)/),
    )
    expect(exact).toContainEqual(expect.stringMatching(/^SEARCH d USING (COVERING )?INDEX residents_deleted/))
    // The residents' number for walkKind: max(id), one descent of the table's b-tree.
    expect(exact).toContain('SEARCH mx')
    expect(exact.filter((l) => /^(SCAN|SEARCH) (r|residents)\b/.test(l) || /^SCAN (d|lr|nr)\b/.test(l))).toEqual([])
  })

  it('the topic search reads the gram index: few candidates sorted, many probed along the register', async () => {
    // Few candidates (this file): the page reads them and sorts them.
    const handler: AnyHandler = registry['topics.list']
    h.take()
    await handler.run(h.db, handler.input.parse({ search: '楼道灯', limit: 20 }), {} as never)
    const sent = h.take()
    const page = sent.find((st) => /from "topics" as "t"/.test(st.sql) && /order by/.test(st.sql))!
    const plan = await h.plan(page)
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH search_grams USING PRIMARY KEY/))
    expect(scans(plan).filter((l) => /^SCAN (t|topics|sr|residents)\b/.test(l))).toEqual([])
    // Many candidates: the page walks the register's order index (no sort), its count reads only them.
    const filter: TopicFilter = { ...NO_TOPIC_FILTER, search: '楼道' }
    const many = {
      key: { gram: '楼道', prefix: false },
      estimate: RARITY_CAP,
      residentKey: { gram: '楼道', prefix: false },
      names: null,
    }
    const walked = await problemsOf([topicPageQuery(h.db, { ...filter, limit: 20, offset: 0 }, NOW, many).compile()])
    expect(walked).toEqual(clean(walked))
    const count = await h.plan(topicCountQuery(h.db, filter, NOW, many).compile())
    expect(count).toContainEqual(expect.stringMatching(/^SEARCH search_grams USING PRIMARY KEY/))
    expect(scans(count).filter((l) => /^SCAN (t|topics|sr|residents|rt|bt)\b/.test(l))).toEqual([])
  })

  it('the calendar (month, week, a year) and the options beside it', async () => {
    for (const range of [
      { from: '2026-10-26', to: '2026-12-06' },
      { from: '2026-11-16', to: '2026-11-22' },
      { from: '2026-01-01', to: '2026-12-31' },
    ]) {
      const statements = await call('meetings.list', range)
      expect(statements).toEqual(clean(statements))
    }
    for (const [channel, input] of [
      ['meetings.calendar', { from: '2026-10-26', to: '2026-12-06' }],
      ['meetings.rooms', {}],
      ['topics.agendaTargets', {}],
    ] as const) {
      const statements = await call(channel, input)
      expect(statements).toEqual(clean(statements))
    }
  })

  it('opening a meeting, its attendance, a topic and a resolution', async () => {
    for (const [channel, input] of [
      ['meetings.get', { id: s.m.held }],
      ['meetings.attendance', { meetingId: s.m.held }],
      ['topics.get', { id: topicId }],
      ['resolutions.get', { id: resolutionId }],
    ] as const) {
      const statements = await call(channel, input, true)
      expect(statements).toEqual(clean(statements))
    }
  })

  it('the pinning rules: a full read or a sort of history is caught, a bounded walk is not', () => {
    const page = { sql: 'select * from "topics" as "t" order by "t"."received_at" desc limit ?' }
    expect(planProblems(page, ['SCAN t'])).toEqual(['SCAN t'])
    expect(planProblems(page, ['SCAN t USING INDEX topics_received_at'])).toEqual([])
    expect(planProblems(page, ['SCAN t USING INDEX x', 'USE TEMP B-TREE FOR ORDER BY'])).toHaveLength(2)
    const count = { sql: 'select count(*) as "n" from "topics" as "t" where "t"."status" = ?' }
    expect(planProblems(count, ['SCAN t USING COVERING INDEX topics_status'])).toHaveLength(1)
    const whole = { sql: 'select (select count(*) as "all" from "topics") - 1 as "n"' }
    expect(planProblems(whole, ['SCAN topics USING COVERING INDEX topics_building'])).toEqual([])
    expect(
      planProblems(
        { sql: 'select * from "agenda_items" where "meeting_id" = ? order by "x"' },
        ['USE TEMP B-TREE FOR ORDER BY'],
        true,
      ),
    ).toEqual([])
  })
})

const NO_TOPIC_FILTER: TopicFilter = {
  status: null,
  channel: null,
  categoryId: null,
  gridId: null,
  from: null,
  to: null,
  search: '',
  untold: false,
  overdueRouting: false,
}

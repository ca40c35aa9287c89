import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nowIso, officeDate } from '../../shared/time'
import { generateCommunity } from '../demo/generate-community'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { homeReminders as reminders } from '.'
import { REMINDER_FILTERS } from '../topics'
import { listResolutions } from '../topics/resolution-service'
import { stillToTell } from '../feedback/still-to-tell'
import { reconciliationState } from '../fund/reconcile-service'
import { listCases, type Attention } from '../mediation/case-reads'
import { listTopics, type TopicQuery } from '../topics/topic-service'

/**
 * 首页待办提醒: each tile's number is the number of rows of the list it opens, with the filter
 * that list applies, and that filter selects exactly what the tile says.
 */
describe('home reminders and the lists they open', () => {
  let t: TempDb
  beforeEach(async () => {
    t = await openTempDb()
    await generateCommunity(t.db, {
      years: 1,
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 150,
      resolutions: 40,
    })
  })
  afterEach(() => t.cleanup())

  const allTopics: TopicQuery = {
    status: null,
    channel: null,
    categoryId: null,
    gridId: null,
    from: null,
    to: null,
    search: '',
    untold: false,
    limit: 500,
    offset: 0,
  }

  it('counts each tile with the filter of its list', async () => {
    const now = nowIso()
    const r = await reminders(t.db, now)
    const topics = (f: Partial<TopicQuery>) => listTopics(t.db, { ...allTopics, ...f }, now)
    const waiting = await topics(REMINDER_FILTERS.topicsWaiting)
    const late = await topics(REMINDER_FILTERS.routedLate)
    const overdue = await listResolutions(
      t.db,
      { department: null, year: null, search: '', limit: 500, offset: 0, ...REMINDER_FILTERS.overdueResolutions },
      now,
    )
    const toTell = await stillToTell(t.db, { limit: 500, offset: 0 }, now)
    const mediationList = (attention: Attention) =>
      listCases(
        t.db,
        { year: null, status: null, disputeType: null, search: '', attention, limit: 500, offset: 0 },
        now,
      )
    expect(r).toEqual({
      topicsWaiting: waiting.total,
      routedLate: late.total,
      overdueResolutions: overdue.total,
      stillToTell: toTell.total,
      // 基金对账未完成: the months the reconciliation screen lists as still to do.
      fundUnreconciled: (await reconciliationState(t.db, now)).unreconciled,
      // 调解: the case list filtered by the same condition.
      mediationAlerts: (await mediationList('alerts')).total,
      mediationVisitsDue: (await mediationList('visits')).total,
      mediationClausesOverdue: (await mediationList('clauses')).total,
    })
    expect(r.mediationVisitsDue).toBeGreaterThan(0)
    expect(r.fundUnreconciled).toBe(2) // the demo leaves the last two months that have ended
    // The demo has some of each, and the list shows as many rows as it counts.
    for (const [list, n] of [
      [waiting, r.topicsWaiting],
      [late, r.routedLate],
      [overdue, r.overdueResolutions],
    ] as const) {
      expect(n).toBeGreaterThan(0)
      expect(list.rows).toHaveLength(n)
    }
    const everything = await topics({})
    expect(r.routedLate).toBeLessThan(everything.total)
  })

  it('转办已超时 selects exactly the routed topics still unanswered past their deadline', async () => {
    const now = nowIso()
    const everything = await listTopics(t.db, allTopics, now)
    const expected = everything.rows
      .filter((row) => row.status === '转办' && row.routing?.state === '已超时')
      .map((row) => row.id)
      .sort()
    const late = await listTopics(t.db, { ...allTopics, overdueRouting: true }, now)
    expect(late.rows.map((row) => row.id).sort()).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
    const overdue = await listResolutions(
      t.db,
      { status: '逾期', department: null, year: null, search: '', limit: 500, offset: 0 },
      now,
    )
    const today = officeDate(now)
    expect(overdue.rows.every((row) => ['待办', '办理中'].includes(row.status) && row.dueDate < today)).toBe(true)
  })
})

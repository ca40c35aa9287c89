import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import { generateCommunity } from '../demo/generate-community'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { openHistoryShapedDb, scans } from '../testing/history-shape'
import { voidResolution } from '../topics/resolution-service'
import { voidTopic } from '../topics/topic-service'
import { homeReminders as reminders } from '.'
import { REMINDER_FILTERS } from '../topics'
import { listResolutions } from '../topics/resolution-service'
import { stillToTell } from '../feedback/still-to-tell'
import { reconciliationState } from '../fund/reconcile-service'
import { listCases, type Attention } from '../mediation/case-reads'
import { listTopics, type TopicQuery } from '../topics/topic-service'
import { listAgreements } from '../partners/agreement-reads'
import { listPeriods } from '../partners/reminders'
import { REMINDER_CAP, reminderSpoken, reminderText } from '../../shared/reminder-values'

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
    const expiring = await listAgreements(t.db, { partnerId: null, state: '即将到期', search: '' }, now)
    const overduePeriods = await listPeriods(t.db, { filter: 'overdue', limit: 500, offset: 0 }, now)
    const unreviewed = await listPeriods(t.db, { filter: 'unreviewed', limit: 500, offset: 0 }, now)
    expect(overduePeriods.rows).toHaveLength(Math.min(500, overduePeriods.total))
    const mediationList = (attention: Attention) =>
      listCases(
        t.db,
        { year: null, status: null, disputeType: null, search: '', attention, limit: 500, offset: 0 },
        now,
      )
    expect(r).toEqual({
      agreementsExpiring: expiring.length,
      overduePeriods: overduePeriods.total,
      unreviewedPeriods: unreviewed.total,
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
    // The demo has completed resolutions whose topic also has its answer untold: 待告知 counts
    // each once (the resolution), as its list does.
    const both = await t.db
      .selectFrom('resolutions as res')
      .innerJoin('agenda_items as a', 'a.id', 'res.agenda_item_id')
      .innerJoin('topics as tp', 'tp.id', 'a.topic_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('res.status', '=', '已办结')
      .where('tp.answered_at', 'is not', null)
      .where('tp.told_at', 'is', null)
      .executeTakeFirstOrThrow()
    expect(Number(both.n)).toBeGreaterThan(0)
  })

  it('leaves out voided topics and revoked resolutions, as the lists do', async () => {
    const now = nowIso()
    const before = await reminders(t.db, now)
    // Topics that can be voided: not on an agenda, nobody's original.
    const voidable = t.db
      .selectFrom('topics as t')
      .select('t.id')
      .where('t.voided_at', 'is', null)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('agenda_items as a').select('a.id').whereRef('a.topic_id', '=', 't.id'))),
      )
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('topics as d').select('d.id').whereRef('d.duplicate_of_id', '=', 't.id'))),
      )
      .orderBy('t.id')
    const waiting = await voidable.where('t.status', '=', '征集中').executeTakeFirstOrThrow()
    const late = await voidable
      .where('t.status', '=', '转办')
      .where('t.responded_at', 'is', null)
      .where('t.respond_by', '<', now)
      .executeTakeFirstOrThrow()
    const untold = await voidable
      .where('t.answered_at', 'is not', null)
      .where('t.told_at', 'is', null)
      .where('t.status', '<>', '转办')
      .executeTakeFirstOrThrow()
    const overdue = await t.db
      .selectFrom('resolutions')
      .select('id')
      .where('status', 'in', ['待办', '办理中'])
      .where('due_date', '<', officeDate(now))
      .orderBy('id')
      .executeTakeFirstOrThrow()
    for (const id of [waiting.id, late.id, untold.id]) await voidTopic(t.db, id, '登记重复', now)
    await voidResolution(t.db, overdue.id, '不再办理', now)

    const after = await reminders(t.db, now)
    expect(after).toEqual(await listTotals(t.db, now))
    expect(after).toEqual({
      ...before,
      topicsWaiting: before.topicsWaiting - 1,
      routedLate: before.routedLate - 1,
      overdueResolutions: before.overdueResolutions - 1,
      stillToTell: before.stillToTell - 1,
    })
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

/**
 * A tile counts up to REMINDER_CAP + 1 and then reads "999+": below the cap it is its list's total,
 * above it the list's total is larger and the tile says so (the count stops, so it stays flat).
 */
describe('home reminders past the cap', () => {
  it('stop at the cap + 1 where the list holds more, and equal the list total below it', async () => {
    const t = await openTempDb()
    try {
      await generateCommunity(t.db, { years: 1, meetingsPerYear: 20, residents: 200, topics: 1300, resolutions: 20 })
      const now = nowIso()
      // Every live topic waiting, and every one answered and untold: both past the cap.
      await t.db.updateTable('topics').set({ status: '征集中' }).where('voided_at', 'is', null).execute()
      await t.db.updateTable('topics').set({ answered_at: now, told_at: null }).where('voided_at', 'is', null).execute()
      const r = await reminders(t.db, now)
      const totals = await listTotals(t.db, now)
      expect(totals.topicsWaiting).toBeGreaterThan(REMINDER_CAP + 1)
      expect(totals.stillToTell).toBeGreaterThan(REMINDER_CAP + 1)
      for (const [tile, total] of Object.entries(totals)) {
        expect(r[tile as keyof typeof r], tile).toBe(Math.min(total, REMINDER_CAP + 1))
      }
      expect(reminderText(r.topicsWaiting)).toBe('999+')
      expect(reminderSpoken(r.stillToTell)).toBe('超过 999')
      expect(reminderText(REMINDER_CAP)).toBe('999')
    } finally {
      await t.cleanup()
    }
  }, 60_000)
})

/**
 * At 100× the demo (30 years of records) the home page must not read the history: its one
 * statement is planned, with the big file's statistics, from indexes of the open records only.
 */
describe('home reminders at the 100× shape', () => {
  it('are one statement, each count read from an index of what is open, none scanning a table', async () => {
    const shaped = await openHistoryShapedDb((db) =>
      generateCommunity(db, { years: 1, meetingsPerYear: 20, residents: 100, topics: 60, resolutions: 20 }).then(
        () => undefined,
      ),
    )
    try {
      shaped.take()
      const counts = await reminders(shaped.db)
      const sent = shaped.take()
      expect(Object.keys(counts).sort()).toEqual(Object.keys(await listTotals(shaped.db, nowIso())).sort())
      expect(sent).toHaveLength(1)
      const plan = await shaped.plan(sent[0]!)
      // A walk of a partial index that holds only the open records (the untold ineligible proposals)
      // reads what is open, not history: the one kind of SCAN allowed.
      const OPEN_ONLY = ['contest_proposals_untold']
      expect(scans(plan).filter((step) => !OPEN_ONLY.some((index) => step.endsWith(`USING INDEX ${index}`)))).toEqual(
        [],
      )
      const reads = plan.filter((step) => step.startsWith('SEARCH '))
      // Each count walks an index of what is open and reads no table row; the one exception is a
      // parent found by its primary key for each OPEN record: a partner period's commitment and
      // agreement, a mediation case (and a clause's agreement) named by an open alert, visit or clause.
      expect(
        reads.filter((step) => !step.includes('USING COVERING INDEX') && !/USING INTEGER PRIMARY KEY/.test(step)),
      ).toEqual([])
      for (const step of reads.filter((s) => s.includes('USING INTEGER PRIMARY KEY')))
        expect(step).toMatch(/^SEARCH (partner_commitments|partner_agreements|mediation_cases|a) /)
      for (const index of [
        'topics_list_status',
        'topics_list_awaiting',
        'resolutions_status_due',
        'topics_to_tell',
        'resolutions_live_item',
        'partner_agreements_notice',
        'partner_agreements_predecessor',
        'partner_periods_short',
        'partner_periods_unreviewed',
        'fund_reconciliations_done',
      ]) {
        expect(
          reads.some((step) => step.includes(`COVERING INDEX ${index} `) || step.endsWith(index)),
          index,
        ).toBe(true)
      }
    } finally {
      await shaped.close()
    }
  })
})

const ALL_TOPICS: TopicQuery = {
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

/** Every tile's list total, with the filter the tile opens it with: the home page must count these. */
async function listTotals(db: Db, now: string): Promise<Record<string, number>> {
  const topics = (f: Partial<TopicQuery>) => listTopics(db, { ...ALL_TOPICS, ...f }, now)
  const resolutions = { department: null, year: null, search: '', limit: 500, offset: 0 }
  const periods = (filter: 'overdue' | 'unreviewed') => listPeriods(db, { filter, limit: 1, offset: 0 }, now)
  const cases = (attention: Attention) =>
    listCases(db, { year: null, status: null, disputeType: null, search: '', attention, limit: 1, offset: 0 }, now)
  return {
    topicsWaiting: (await topics(REMINDER_FILTERS.topicsWaiting)).total,
    routedLate: (await topics(REMINDER_FILTERS.routedLate)).total,
    overdueResolutions: (await listResolutions(db, { ...resolutions, ...REMINDER_FILTERS.overdueResolutions }, now))
      .total,
    stillToTell: (await stillToTell(db, { limit: 500, offset: 0 }, now)).total,
    agreementsExpiring: (await listAgreements(db, { partnerId: null, state: '即将到期', search: '' }, now)).length,
    overduePeriods: (await periods('overdue')).total,
    unreviewedPeriods: (await periods('unreviewed')).total,
    fundUnreconciled: (await reconciliationState(db, now)).unreconciled,
    mediationAlerts: (await cases('alerts')).total,
    mediationVisitsDue: (await cases('visits')).total,
    mediationClausesOverdue: (await cases('clauses')).total,
  }
}

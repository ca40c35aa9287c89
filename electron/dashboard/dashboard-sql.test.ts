import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { officeDate, officeLocalToUtc } from '../../shared/time'
import { addDays } from '../../shared/dates'
import { generateCommunity } from '../demo/generate-community'
import { openHistoryShapedDb, scans } from '../testing/history-shape'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { dashboard } from './dashboard-service'

const NOW = '2026-11-21T02:00:00.000Z'
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

/**
 * The figures are aggregated in SQL (counts, on-time by the office's date, summed milliseconds);
 * they used to be computed row by row in JavaScript. The row-by-row computation, kept here as the
 * reference, must give the same numbers on a demo community and on rows placed on the edges where
 * the two could part: a completion in the last millisecond of the due date (office time) and in
 * the first of the next day, an answer exactly at the deadline and one a millisecond after it,
 * averages that land on a half tenth, and periods with nothing in them.
 */
describe('dashboard figures aggregated in SQL', () => {
  type Range = { from: string; to: string }
  const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10)
  const avg = (xs: number[]) =>
    xs.length === 0 ? null : Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10
  const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000

  /** The figures as the service computed them before: every row fetched, then counted in JavaScript. */
  async function rowByRow(range: Range, now: string) {
    const db = t.db
    const today = officeDate(now)
    const fromUtc = officeLocalToUtc(`${range.from}T00:00`)
    const toUtc = officeLocalToUtc(`${addDays(range.to, 1)}T00:00`)
    const routed = await db
      .selectFrom('topics')
      .select(['routed_at', 'respond_by', 'responded_at'])
      .where('status', '=', '转办')
      .where('voided_at', 'is', null)
      .where('received_on', '>=', range.from)
      .where('received_on', '<=', range.to)
      .where('routed_at', 'is not', null)
      .execute()
    const answeredRouted = routed.filter((r) => r.responded_at !== null)
    const inTime = answeredRouted.filter((r) => r.responded_at! <= r.respond_by!).length
    const lateOpen = routed.filter((r) => r.responded_at === null && r.respond_by! < now).length
    const responseHours = answeredRouted.map((r) => hoursBetween(r.routed_at!, r.responded_at!))
    const resolutions = await db
      .selectFrom('resolutions')
      .select(['status', 'due_date', 'decided_at', 'first_action_at', 'completed_at'])
      .where('decided_at', '>=', fromUtc)
      .where('decided_at', '<', toUtc)
      .where('status', '<>', '已撤销')
      .execute()
    const completed = resolutions.filter((r) => r.completed_at !== null)
    const onTime = completed.filter((r) => officeDate(r.completed_at!) <= r.due_date).length
    const overdueOpen = resolutions.filter((r) => ['待办', '办理中'].includes(r.status) && r.due_date < today).length
    const firstAction = resolutions
      .filter((r) => r.first_action_at)
      .map((r) => hoursBetween(r.decided_at, r.first_action_at!))
    const toCompletion = completed.map((r) => hoursBetween(r.decided_at, r.completed_at!))
    const ratings = await db
      .selectFrom('feedback')
      .select(['satisfaction'])
      .where('told_at', '>=', fromUtc)
      .where('told_at', '<', toUtc)
      .where('satisfaction', 'is not', null)
      .execute()
    const counts = ['满意', '基本满意', '不满意'].map((level) => ({
      level,
      count: ratings.filter((r) => r.satisfaction === level).length,
    }))
    const rated = ratings.length
    const satisfied = ratings.filter((r) => r.satisfaction !== '不满意').length
    // Topics of the period, by month and channel, and by status.
    const topics = await db
      .selectFrom('topics')
      .select(['received_on', 'channel', 'status'])
      .where('voided_at', 'is', null)
      .where('received_on', '>=', range.from)
      .where('received_on', '<=', range.to)
      .execute()
    const byMonth = new Map<string, Record<string, number>>()
    for (const tp of topics) {
      const m = byMonth.get(tp.received_on.slice(0, 7)) ?? {}
      m[tp.channel] = (m[tp.channel] ?? 0) + 1
      byMonth.set(tp.received_on.slice(0, 7), m)
    }
    const byStatus = new Map<string, number>()
    for (const tp of topics) byStatus.set(tp.status, (byStatus.get(tp.status) ?? 0) + 1)
    return {
      topics: topics.length,
      byMonth: Object.fromEntries(byMonth),
      byStatus: Object.fromEntries(byStatus),
      routedOnTime: {
        percent: pct(inTime, answeredRouted.length + lateOpen),
        part: inTime,
        whole: answeredRouted.length + lateOpen,
      },
      routedResponse: { hours: avg(responseHours), count: responseHours.length },
      resolutions: resolutions.length,
      completedOnTime: {
        percent: pct(onTime, completed.length + overdueOpen),
        part: onTime,
        whole: completed.length + overdueOpen,
      },
      toFirstAction: { hours: avg(firstAction), count: firstAction.length },
      toCompletion: { hours: avg(toCompletion), count: toCompletion.length },
      satisfaction: { percent: pct(satisfied, rated), part: satisfied, whole: rated, counts },
    }
  }

  async function figures(range: Range, now: string) {
    const f = await dashboard(t.db, range, now)
    const ratio = (r: { percent: number | null; part: number; whole: number }) => ({
      percent: r.percent,
      part: r.part,
      whole: r.whole,
    })
    const nonZero = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))
    return {
      topics: f.topics.total,
      byMonth: Object.fromEntries(f.topics.byMonth.filter((m) => m.total > 0).map((m) => [m.month, nonZero(m.counts)])),
      byStatus: Object.fromEntries(f.topics.byStatus.map((s) => [s.status, s.count])),
      routedOnTime: ratio(f.routedOnTime),
      routedResponse: { hours: f.routedResponse.hours, count: f.routedResponse.count },
      resolutions: f.resolutions.total,
      completedOnTime: ratio(f.completedOnTime),
      toFirstAction: { hours: f.toFirstAction.hours, count: f.toFirstAction.count },
      toCompletion: { hours: f.toCompletion.hours, count: f.toCompletion.count },
      satisfaction: { ...ratio(f.satisfaction), counts: f.satisfaction.counts },
    }
  }

  it('gives the row-by-row numbers for a demo community, on edges and in empty periods', async () => {
    await generateCommunity(t.db, {
      years: 3,
      endYear: 2026,
      today: '2026-11-21',
      meetingsPerYear: 40,
      buildings: 6,
      households: 200,
      residents: 300,
      topics: 400,
      resolutions: 120,
      seed: 11,
    })
    // Rows moved to March 2031, alone in that month, onto the edges.
    const ids = async (table: 'resolutions' | 'topics', n: number) =>
      (await t.db.selectFrom(table).select('id').orderBy('id').limit(n).execute()).map((r) => r.id)
    const [r1, r2, r3] = await ids('resolutions', 3)
    const decided = '2031-03-01T12:00:00.000Z'
    const done = { status: '已办结' as const, decided_at: decided, due_date: '2031-03-10' }
    // Completed at 23:59:59.999 office time on the due date: on time; at 00:00 the next day: late.
    // First actions after 1 h and 1.5 h: 1.25 h on average, shown as 1.3.
    await t.db
      .updateTable('resolutions')
      .set({ ...done, first_action_at: '2031-03-01T13:00:00.000Z', completed_at: '2031-03-10T15:59:59.999Z' })
      .where('id', '=', r1!)
      .execute()
    await t.db
      .updateTable('resolutions')
      .set({ ...done, first_action_at: '2031-03-01T13:30:00.000Z', completed_at: '2031-03-10T16:00:00.000Z' })
      .where('id', '=', r2!)
      .execute()
    await t.db
      .updateTable('resolutions')
      .set({ status: '待办', decided_at: decided, due_date: '2031-03-05', first_action_at: null, completed_at: null })
      .where('id', '=', r3!)
      .execute()
    const routedAt = '2031-03-02T01:00:00.000Z'
    const deadline = '2031-03-05T01:00:00.000Z'
    const answers = [deadline, null, '2031-03-05T01:00:00.001Z']
    const topicIds = await ids('topics', answers.length)
    for (const [i, id] of topicIds.entries()) {
      await t.db
        .updateTable('topics')
        .set({
          status: '转办',
          status_reason: '转城管',
          routed_department: '城管',
          received_on: '2031-03-02',
          routed_at: routedAt,
          respond_by: deadline,
          responded_at: answers[i]!,
          voided_at: null,
        })
        .where('id', '=', id)
        .execute()
    }

    const later = '2031-04-01T00:00:00.000Z'
    const march = { from: '2031-03-01', to: '2031-03-31' }
    const edges = await figures(march, later)
    expect(edges).toEqual(await rowByRow(march, later))
    expect(edges.completedOnTime).toEqual({ percent: 33.3, part: 1, whole: 3 })
    expect(edges.toFirstAction).toEqual({ hours: 1.3, count: 2 })
    expect(edges.routedOnTime).toEqual({ percent: 33.3, part: 1, whole: 3 })
    expect(edges.routedResponse).toEqual({ hours: 72, count: 2 })

    const ranges: Range[] = [
      { from: '2024-01-01', to: '2031-12-31' },
      { from: '2024-01-01', to: '2024-12-31' },
      { from: '2025-01-01', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2025-06-01', to: '2025-06-30' },
      { from: '2035-01-01', to: '2035-12-31' },
    ]
    for (const range of ranges) {
      for (const now of [NOW, later]) {
        expect(await figures(range, now), `${range.from}–${range.to} @ ${now}`).toEqual(await rowByRow(range, now))
      }
    }
    // The demo gave each figure something to count.
    const all = await figures(ranges[0]!, NOW)
    for (const figure of [all.routedResponse, all.toFirstAction, all.toCompletion])
      expect(figure.count).toBeGreaterThan(10)
    expect(all.satisfaction.whole).toBeGreaterThan(10)
  })
})

/**
 * At 100× the demo (30 years) the dashboard's agenda count used to switch to the index of
 * carried-over items and read every agenda item ever (0.36 → 12.6 ms). With the big file's
 * statistics loaded, each statement is planned from indexes: the period's range first, no scan.
 */
describe('dashboard plans at the 100× shape', () => {
  it('reads every figure through an index of the period, none scanning a table', async () => {
    const shaped = await openHistoryShapedDb((db) =>
      generateCommunity(db, { years: 1, meetingsPerYear: 20, residents: 100, topics: 60, resolutions: 20 }).then(
        () => undefined,
      ),
    )
    try {
      for (const range of [
        { from: '2026-01-01', to: '2026-12-31' },
        { from: '1997-01-01', to: '2026-12-31' },
      ]) {
        shaped.take()
        await dashboard(shaped.db, range)
        const sent = shaped.take()
        expect(sent).toHaveLength(4)
        const plans: string[][] = []
        for (const statement of sent) plans.push(await shaped.plan(statement))
        for (const plan of plans) expect(scans(plan)).toEqual([])
        // The topics by month come in the index's order: no sort of a period's topics.
        expect(plans[0]!.join('\n')).not.toContain('TEMP B-TREE')
        const steps = plans.flat().filter((step) => step.startsWith('SEARCH '))
        // Only a period's resolutions and held meetings are read from their tables, by their index.
        expect(steps.filter((step) => !step.includes('USING COVERING INDEX'))).toEqual([
          expect.stringMatching(/^SEARCH m USING INDEX meetings_starts_at /),
          expect.stringMatching(/^SEARCH resolutions USING INDEX resolutions_decided /),
          expect.stringMatching(/^SEARCH resolutions USING INDEX resolutions_status_due /),
        ])
        for (const index of [
          'topics_month',
          'agenda_items_taken_up',
          'topics_status',
          'topics_received_told',
          'feedback_rated',
        ]) {
          expect(steps.some((step) => step.includes(`USING COVERING INDEX ${index} `))).toBe(true)
        }
      }
    } finally {
      await shaped.close()
    }
  })
})

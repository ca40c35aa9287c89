import { nowIso, officeDate, officeLocalToUtc } from '../../shared/time'
import { addDays, chineseDate } from '../../shared/dates'
import { sql } from 'kysely'
import { millisBetween, officeDateOf } from '../database/time-sql'
import { prepared } from '../database/prepared'
import type { Db } from '../database/open-database'
import {
  OPEN_RESOLUTION,
  resolutionNumber,
  SATISFACTION,
  TOPIC_CHANNELS,
  TOPIC_STATUSES,
} from '../../shared/followup-values'
import { daysBetween } from '../../shared/dates'

/**
 * 数据看板: whether the loop works, computed from the records of a period every time it is asked
 * (nothing is cached or typed in). Each figure carries the counts it came from and one line that
 * says how it was computed, shown on hover.
 *
 * Period rules: topics by the day they were received; agenda items by their meeting's day;
 * resolutions by the day they were decided; feedback by the day residents were told. The overdue
 * list is as of today, whatever the period.
 */
export interface Ratio {
  /** 0..100 with one decimal, or null when there is nothing to divide by. */
  percent: number | null
  part: number
  whole: number
  explain: string
}

export interface Average {
  hours: number | null
  count: number
  explain: string
}

export interface Dashboard {
  range: { from: string; to: string }
  topics: {
    total: number
    explain: string
    byChannel: { channel: string; count: number }[]
    /** Every month of the period, each with a count per channel (zeros included). */
    byMonth: { month: string; counts: Record<string, number>; total: number }[]
    byStatus: { status: string; count: number }[]
  }
  agendaFromResidents: Ratio
  routedOnTime: Ratio
  routedResponse: Average
  resolutions: { total: number; explain: string }
  completedOnTime: Ratio
  toFirstAction: Average
  toCompletion: Average
  residentsTold: Ratio
  satisfaction: Ratio & { counts: { level: string; count: number }[] }
  overdue: {
    total: number
    explain: string
    rows: { id: number; number: string; text: string; leadDepartment: string; dueDate: string; overdueDays: number }[]
  }
}

/** Meeting statuses from the moment it opened on. */
const HELD_MEETING = ['进行中', '待整理纪要', '纪要已确认', '已归档'] as const

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10)

function monthsOf(from: string, to: string): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  const end = to.slice(0, 7)
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    if (key > end || out.length >= 240) break
    out.push(key)
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  return out
}

// The dashboard's four statements, each built and compiled once (database/prepared.ts) and run with
// the period and the clock of each call: the topics by month and channel, by status, one row of
// every single-number figure, and the overdue list.

// substr is standard SQL (SQLite, PostgreSQL): the month of an office-local date.
const month = sql<string>`substr(received_on, 1, 7)`

/**
 * Topics by month and channel: one grouped query. The months of the period narrow it first, so
 * the topics_month index (month, channel, day) is read in the order of the groups, without a sort.
 */
const topicsByMonth = prepared((db, v: { from: string; to: string; fromMonth: string; toMonth: string }) =>
  db
    .selectFrom('topics')
    .select((eb) => [month.as('month'), 'channel', eb.fn.countAll<number>().as('n')])
    .where('voided_at', 'is', null)
    .where(month, '>=', v.fromMonth)
    .where(month, '<=', v.toMonth)
    .where('received_on', '>=', v.from)
    .where('received_on', '<=', v.to)
    .groupBy([month, 'channel']),
)

// Naming every status lets the (status, received_on) index answer alone: 4 ms instead of 110 ms
// for a year of 20,000 topics, which otherwise reads every row.
const topicsByStatus = prepared((db, v: { from: string; to: string }) =>
  db
    .selectFrom('topics')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', TOPIC_STATUSES)
    .where('voided_at', 'is', null)
    .where('received_on', '>=', v.from)
    .where('received_on', '<=', v.to)
    .groupBy('status'),
)

/**
 * Every single-number figure in one statement: a row of aggregates per subject, side by side.
 * Averages are summed in SQL as whole milliseconds and divided here, as Date.parse arithmetic did;
 * each subject is read from an index that holds what it counts (the open-record-indexes migration).
 */
const periodFigures = prepared(
  (db, v: { from: string; to: string; fromUtc: string; toUtc: string; now: string; today: string }) => {
    // Agenda items of meetings held in the period (a draft agenda of a meeting still to come is a
    // plan, not yet what the council took up); a carried-over copy and a 督办通报 are not new items.
    const agenda = db
      .selectFrom('agenda_items as a')
      .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('agendaAll'),
        eb.fn.count<number>('a.topic_id').as('agendaFromTopics'),
      ])
      .where('m.starts_at', '>=', v.fromUtc)
      .where('m.starts_at', '<', v.toUtc)
      .where('m.status', 'in', HELD_MEETING)
      .where('a.carried_from_id', 'is', null)
      .where('a.is_report', '=', 0)

    // Routed topics (转办) received in the period. Routing sets 转办 and nothing leaves it, so the
    // status narrows the search to the routed ones through the (status, received_on …) index.
    const routed = db
      .selectFrom('topics')
      .select((eb) => [
        eb.fn.count<number>('responded_at').as('routedAnswered'),
        eb.fn
          .count<number>(eb.case().when('responded_at', '<=', eb.ref('respond_by')).then(1).end())
          .as('routedInTime'),
        eb.fn
          .count<number>(
            eb
              .case()
              .when(eb.and([eb('responded_at', 'is', null), eb('respond_by', '<', v.now)]))
              .then(1)
              .end(),
          )
          .as('routedLate'),
        eb.fn.sum<number | null>(millisBetween('routed_at', 'responded_at')).as('responseMs'),
      ])
      .where('status', '=', '转办')
      .where('voided_at', 'is', null)
      .where('received_on', '>=', v.from)
      .where('received_on', '<=', v.to)
      .where('routed_at', 'is not', null)

    // Resolutions decided in the period (voided ones are out of every figure).
    const decided = db
      .selectFrom('resolutions')
      .select((eb) => [
        eb.fn.countAll<number>().as('resolutionTotal'),
        eb.fn.count<number>('completed_at').as('completed'),
        eb.fn
          .count<number>(eb.case().when(officeDateOf('completed_at'), '<=', eb.ref('due_date')).then(1).end())
          .as('completedOnTime'),
        eb.fn
          .count<number>(
            eb
              .case()
              .when(eb.and([eb('status', 'in', OPEN_RESOLUTION), eb('due_date', '<', v.today)]))
              .then(1)
              .end(),
          )
          .as('overdueOpen'),
        eb.fn.count<number>(millisBetween('decided_at', 'first_action_at')).as('firstActions'),
        eb.fn.sum<number | null>(millisBetween('decided_at', 'first_action_at')).as('firstActionMs'),
        eb.fn.sum<number | null>(millisBetween('decided_at', 'completed_at')).as('completionMs'),
      ])
      .where('decided_at', '>=', v.fromUtc)
      .where('decided_at', '<', v.toUtc)
      .where('status', '<>', '已撤销')

    // Residents told: topics received in the period that have their answer.
    const told = db
      .selectFrom('topics')
      .select((eb) => [eb.fn.countAll<number>().as('answered'), eb.fn.count<number>('told_at').as('told')])
      .where('voided_at', 'is', null)
      .where('received_on', '>=', v.from)
      .where('received_on', '<=', v.to)
      .where('answered_at', 'is not', null)

    // Satisfaction given on feedback told in the period, a count per level.
    const ratings = db
      .selectFrom('feedback')
      .select((eb) => [
        eb.fn.count<number>(eb.case().when('satisfaction', '=', SATISFACTION[0]).then(1).end()).as('rated0'),
        eb.fn.count<number>(eb.case().when('satisfaction', '=', SATISFACTION[1]).then(1).end()).as('rated1'),
        eb.fn.count<number>(eb.case().when('satisfaction', '=', SATISFACTION[2]).then(1).end()).as('rated2'),
      ])
      .where('told_at', '>=', v.fromUtc)
      .where('told_at', '<', v.toUtc)
      .where('satisfaction', 'is not', null)

    // Overdue as of today, whatever the period.
    const overdue = overdueResolutions(db, v.today).select((eb) => eb.fn.countAll<number>().as('overdueTotal'))

    return db
      .selectFrom([
        agenda.as('agenda'),
        routed.as('routed'),
        decided.as('decided'),
        told.as('told'),
        ratings.as('ratings'),
        overdue.as('overdue'),
      ])
      .selectAll()
  },
)

/** Open resolutions past their due date, as of the office's today (not of the period). */
const overdueResolutions = (db: Db, today: string) =>
  db.selectFrom('resolutions').where('status', 'in', OPEN_RESOLUTION).where('due_date', '<', today)

/** The overdue list, longest overdue first. */
const overdueList = prepared((db, v: { today: string }) =>
  overdueResolutions(db, v.today)
    .select(['id', 'year', 'seq', 'text', 'lead_department', 'due_date'])
    .orderBy('due_date')
    .orderBy('id')
    .limit(50),
)

/** The mean in hours, one decimal, of `count` durations summing to `totalMs`; null for none. */
const averageHours = (totalMs: number | string | null, count: number) =>
  count === 0 ? null : Math.round((Number(totalMs ?? 0) / 3_600_000 / count) * 10) / 10

export async function dashboard(db: Db, range: { from: string; to: string }, now = nowIso()): Promise<Dashboard> {
  const today = officeDate(now)
  const fromUtc = officeLocalToUtc(`${range.from}T00:00`)
  const toUtc = officeLocalToUtc(`${addDays(range.to, 1)}T00:00`)
  const period = `${chineseDate(range.from)}至${chineseDate(range.to)}`
  const dates = { from: range.from, to: range.to }

  const grouped = await topicsByMonth(db, {
    ...dates,
    fromMonth: range.from.slice(0, 7),
    toMonth: range.to.slice(0, 7),
  })
  const months = monthsOf(range.from, range.to).map((m) => ({
    month: m,
    counts: Object.fromEntries(TOPIC_CHANNELS.map((c) => [c, 0])) as Record<string, number>,
    total: 0,
  }))
  const monthIndex = new Map(months.map((m, i) => [m.month, i]))
  const channelTotals = new Map<string, number>(TOPIC_CHANNELS.map((c) => [c, 0]))
  let topicTotal = 0
  for (const g of grouped) {
    const n = Number(g.n)
    topicTotal += n
    channelTotals.set(g.channel, (channelTotals.get(g.channel) ?? 0) + n)
    const i = monthIndex.get(g.month)
    if (i !== undefined) {
      months[i]!.counts[g.channel] = (months[i]!.counts[g.channel] ?? 0) + n
      months[i]!.total += n
    }
  }
  const byStatus = await topicsByStatus(db, dates)

  const [f] = await periodFigures(db, { ...dates, fromUtc, toUtc, now, today })
  if (!f) throw new Error('dashboard: no figures row')
  const n = (v: number | string | null) => Number(v ?? 0)
  const agendaAll = n(f.agendaAll)
  const agendaFromTopics = n(f.agendaFromTopics)
  const answeredRouted = n(f.routedAnswered)
  const answeredInTime = n(f.routedInTime)
  const routedJudged = answeredRouted + n(f.routedLate)
  const resolutionTotal = n(f.resolutionTotal)
  const completed = n(f.completed)
  const onTime = n(f.completedOnTime)
  const judged = completed + n(f.overdueOpen)
  const firstActions = n(f.firstActions)
  const answered = n(f.answered)
  const toldCount = n(f.told)
  const ratingCounts = SATISFACTION.map((level, i) => ({ level, count: n([f.rated0, f.rated1, f.rated2][i]!) }))
  const rated = ratingCounts.reduce((sum, r) => sum + r.count, 0)
  const satisfied = ratingCounts.filter((r) => r.level !== '不满意').reduce((sum, r) => sum + r.count, 0)

  const overdueRows = await overdueList(db, { today })

  const responseAvg = averageHours(f.responseMs, answeredRouted)
  const firstAvg = averageHours(f.firstActionMs, firstActions)
  const completionAvg = averageHours(f.completionMs, completed)
  return {
    range,
    topics: {
      total: topicTotal,
      explain: `${period}登记的议题件数，按收到日期统计，含匿名和重复反映。`,
      byChannel: TOPIC_CHANNELS.map((channel) => ({ channel, count: channelTotals.get(channel) ?? 0 })),
      byMonth: months,
      byStatus: byStatus.map((s) => ({ status: s.status, count: Number(s.n) })),
    },
    agendaFromResidents: {
      percent: pct(agendaFromTopics, agendaAll),
      part: agendaFromTopics,
      whole: agendaAll,
      explain: `${period}已召开的会议共 ${agendaAll} 个议程事项，其中 ${agendaFromTopics} 个由居民议题转来；顺延的重复事项和督办通报不计。`,
    },
    routedOnTime: {
      percent: pct(answeredInTime, routedJudged),
      part: answeredInTime,
      whole: routedJudged,
      explain: `${period}收到并转办的议题中，已答复或已超时的 ${routedJudged} 件里，有 ${answeredInTime} 件在分类规定的时限内答复；还没到时限的不计。`,
    },
    routedResponse: {
      hours: responseAvg,
      count: answeredRouted,
      explain: `已答复的 ${answeredRouted} 件转办议题，从转办到部门答复平均用时（小时）。`,
    },
    resolutions: {
      total: resolutionTotal,
      explain: `${period}的会议作出的决议件数（按会议结束时间，不含已撤销的）。`,
    },
    completedOnTime: {
      percent: pct(onTime, judged),
      part: onTime,
      whole: judged,
      explain: `${period}作出的决议中，已办结或已逾期的 ${judged} 件里，有 ${onTime} 件在办理时限当天或之前办结；还没到期的不计。`,
    },
    toFirstAction: {
      hours: firstAvg,
      count: firstActions,
      explain: `${firstActions} 件有进展记录的决议，从会议结束到第一次登记进展的平均小时数。`,
    },
    toCompletion: {
      hours: completionAvg,
      count: completed,
      explain: `${completed} 件已办结的决议，从会议结束到办结的平均小时数。`,
    },
    residentsTold: {
      percent: pct(toldCount, answered),
      part: toldCount,
      whole: answered,
      explain: `${period}收到的议题中，已有答复结果的 ${answered} 件里，有 ${toldCount} 件在答复之后告知了反映人（公告栏、微信群、电话或上门）。`,
    },
    satisfaction: {
      percent: pct(satisfied, rated),
      part: satisfied,
      whole: rated,
      counts: ratingCounts,
      explain: `${period}反馈时登记了满意度的 ${rated} 次中，“满意”和“基本满意”共 ${satisfied} 次。`,
    },
    overdue: {
      total: n(f.overdueTotal),
      explain: `截至${chineseDate(today)}，过了办理时限仍未办结的决议（不论哪年作出），按时限先后排列。`,
      rows: overdueRows.map((r) => ({
        id: r.id,
        number: resolutionNumber(r.year, r.seq),
        text: r.text,
        leadDepartment: r.lead_department,
        dueDate: r.due_date,
        overdueDays: daysBetween(r.due_date, today),
      })),
    },
  }
}

import { sql, type Insertable } from 'kysely'
import { officeDate, officeLocalToUtc } from '../../../shared/time'
import type { Db } from '../../database/open-database'
import type { AgendaItemsTable, FeedbackTable, MajorityRule, TopicsTable } from '../../database/schema'
import { meetsRule } from '../../meetings'
import type { FollowupOptions } from './generate-followup'
import type { Problem } from './followup-words'
import type { Rng } from '../../demo/random'

/**
 * What the follow-up generator builds on: the community, meetings and agenda items already in the
 * file, read once, with what the services would check about each meeting (held or to come, who
 * may vote, whether the quorum was there).
 */
const HELD = ['待整理纪要', '纪要已确认', '已归档']
const NOT_HELD = ['草稿', '已通知', '延期']

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const iso = (ms: number) => new Date(ms).toISOString()
/** An office-local day (and time) as epoch milliseconds. */
export const localMs = (date: string, time = '00:00') => Date.parse(officeLocalToUtc(`${date}T${time}`))

export type Context = Awaited<ReturnType<typeof loadContext>>

/** What one generation run shares: the dice, the clock, the next ids and numbers, the feedback so far. */
export interface Plan {
  r: Rng
  o: FollowupOptions
  nowMs: number
  ids: { topic: number; item: number; resolution: number; progress: number; feedback: number }
  nextSeq: (name: 'topic' | 'resolution', year: number) => number
  feedbackRows: Array<Insertable<FeedbackTable>>
  /** Records telling a resident (rated or not); returns when they were told. */
  addFeedback: (
    target: { resolution_id: number } | { topic_id: number },
    toldMs: number,
    content: string,
    rated: boolean,
  ) => number
}

export interface TopicPlan {
  row: Insertable<TopicsTable> & { id: number }
  problem: Problem
  where: string
  department: string
  item: ItemPlan | null
}

export interface ItemPlan {
  row: Insertable<AgendaItemsTable> & { id: number }
  meeting: MeetingInfo
  topic: TopicPlan | null
  decidedAt: number
  outcomeText: string
}

export interface MeetingInfo {
  id: number
  councilId: number | null
  title: string
  start: number
  end: number
  date: string
  held: boolean
  upcoming: boolean
  nextPosition: number
  eligible: number
  quorum: boolean
  passRule: MajorityRule
}

/** A meeting that starts in the window, council meetings three times as likely (they decide). */
export function pickMeeting(r: Rng, meetings: MeetingInfo[], from: number, to: number): MeetingInfo | null {
  let lo = 0
  let hi = meetings.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (meetings[mid]!.start < from) lo = mid + 1
    else hi = mid
  }
  const pairs: Array<[MeetingInfo, number]> = []
  for (let i = lo; i < meetings.length && meetings[i]!.start <= to; i++) {
    const m = meetings[i]!
    if (m.held || m.upcoming) pairs.push([m, m.councilId !== null ? 3 : 1])
  }
  return pairs.length ? r.weighted(pairs) : null
}

/** createResolution's rule: a decided 讨论, or a 表决 that passed. */
export function decidedForResolution(i: {
  type: string
  state?: string
  votes_for?: number | null
  votes_eligible?: number | null
  pass_rule?: MajorityRule | null
}): boolean {
  if (i.type === '讨论') return i.state === '已议'
  if (i.type === '表决')
    return i.votes_for != null && meetsRule(i.votes_for, i.votes_eligible ?? 0, i.pass_rule ?? '过半数')
  return false
}

export async function loadContext(db: Db) {
  const categories = await db
    .selectFrom('topic_categories')
    .select(['id', 'name', 'department', 'response_hours'])
    .where('retired', '=', 0)
    .orderBy('position')
    .execute()
  if (categories.length === 0) throw new Error('没有在用的议题分类')
  const buildings = await db.selectFrom('buildings').select(['id', 'name', 'grid_id']).orderBy('id').execute()
  const residents = await db
    .selectFrom('residents')
    .select(['id', 'building_id', 'unit'])
    .where('deleted_at', 'is', null)
    .where('building_id', 'is not', null)
    .orderBy('id')
    .execute()
  const gridIds = (await db.selectFrom('grids').select('id').orderBy('id').execute()).map((g) => g.id)
  if (buildings.length === 0 || residents.length === 0) throw new Error('先生成楼栋和居民，再生成议题')

  const councils = new Map(
    (await db.selectFrom('councils').select(['id', 'quorum_rule', 'pass_rule']).execute()).map((c) => [c.id, c]),
  )
  const positions = new Map(
    (
      await db
        .selectFrom('agenda_items')
        .select(['meeting_id', (eb) => eb.fn.max<number>('position').as('p')])
        .groupBy('meeting_id')
        .execute()
    ).map((x) => [x.meeting_id, Number(x.p)]),
  )
  // Those with a vote are the members present plus proxies, as attendanceSummary() counts them.
  const attendance = new Map(
    (
      await db
        .selectFrom('attendance as a')
        .innerJoin('council_members as cm', 'cm.id', 'a.member_id')
        .select([
          'a.meeting_id',
          (eb) => eb.fn.countAll<number>().as('expected'),
          sql<number>`sum(case when a.status in ('出席', '委托') then 1 else 0 end)`.as('eligible'),
        ])
        .where('cm.role', '<>', '列席')
        .groupBy('a.meeting_id')
        .execute()
    ).map((x) => [x.meeting_id, { expected: Number(x.expected), eligible: Number(x.eligible) }]),
  )
  const nowRows = await db
    .selectFrom('meetings')
    .select(['id', 'council_id', 'title', 'starts_at', 'ends_at', 'status'])
    .where('status', '<>', '取消')
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
  const meetings: MeetingInfo[] = nowRows.map((m) => {
    const council = m.council_id !== null ? councils.get(m.council_id) : undefined
    const a = attendance.get(m.id) ?? { expected: 0, eligible: 0 }
    return {
      id: m.id,
      councilId: m.council_id,
      title: m.title,
      start: Date.parse(m.starts_at),
      end: Date.parse(m.ends_at),
      date: officeDate(m.starts_at),
      held: HELD.includes(m.status),
      upcoming: NOT_HELD.includes(m.status),
      nextPosition: (positions.get(m.id) ?? 0) + 1,
      eligible: a.eligible,
      quorum: a.eligible > 0 && meetsRule(a.eligible, a.expected, (council?.quorum_rule ?? '过半数') as MajorityRule),
      passRule: (council?.pass_rule ?? '过半数') as MajorityRule,
    }
  })
  const byId = new Map(meetings.map((m) => [m.id, m]))
  const councilMeetings = new Map<number, MeetingInfo[]>()
  for (const m of meetings) {
    if (m.councilId === null || !(m.held || m.upcoming)) continue
    councilMeetings.set(m.councilId, [...(councilMeetings.get(m.councilId) ?? []), m])
  }

  const existing = await db
    .selectFrom('agenda_items')
    .select(['id', 'meeting_id', 'position', 'title', 'type', 'state', 'votes_for', 'votes_eligible', 'pass_rule'])
    .where('topic_id', 'is', null)
    .where('is_report', '=', 0)
    .where('type', '<>', '通报')
    .orderBy('id')
    .execute()
  const taken = new Set(
    (await db.selectFrom('resolutions').select('agenda_item_id').execute()).map((x) => x.agenda_item_id),
  )
  const existingItems = existing
    .filter((i) => byId.get(i.meeting_id)?.held && decidedForResolution(i) && !taken.has(i.id))
    .map((i) => ({ itemId: i.id, meeting: byId.get(i.meeting_id)!, position: i.position, title: i.title }))

  const sequences = (await db.selectFrom('number_sequences').select(['name', 'year', 'last']).execute()).map(
    (s) => [`${s.name}|${s.year}`, s.last] as [string, number],
  )
  return {
    categories,
    categoryByName: new Map(categories.map((c) => [c.name, c])),
    buildings,
    buildingById: new Map(buildings.map((b) => [b.id, b])),
    residents,
    gridIds,
    meetings,
    councilMeetings,
    existingItems,
    sequences,
  }
}

import { officeDate } from '../../../shared/time'
import { addDays } from '../../../shared/dates'
import { topicNumber } from '../../../shared/followup-values'
import { meetsRule } from '../../meetings'
import { castVotes, personName, type Rng } from '../../demo/random'
import {
  DAY,
  HOUR,
  iso,
  localMs,
  pickMeeting,
  type Context,
  type ItemPlan,
  type MeetingInfo,
  type Plan,
  type TopicPlan,
} from './followup-context'
import {
  AREAS,
  CATEGORY_WEIGHTS,
  CHANNEL_WEIGHTS,
  CLOSINGS,
  DISCUSSION_OUTCOMES,
  FATE_WEIGHTS,
  PROBLEMS,
  REJECT_REASONS,
} from './followup-words'

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * Topics residents raised (议题征集), in the order they were received, and what the clerk did with
 * each as createTopic, markDuplicate, routeTopic, rejectTopic and putOnAgenda would have left it:
 * numbered per year, a near-repeat within a month merged into the earlier one, 转办 to the
 * category's department with its answer (or not yet), 不予采纳 with a reason, or put on a coming
 * meeting's agenda as a new item that remembers the topic (decided if the meeting was held).
 */
export function planTopics(p: Plan, ctx: Context): { topics: TopicPlan[]; items: ItemPlan[] } {
  const { r, o, nowMs, ids, nextSeq } = p
  const topics: TopicPlan[] = []
  const items: ItemPlan[] = []
  const latestByKey = new Map<string, TopicPlan>()
  const fromMs = localMs(o.from)
  const spanDays = Math.max(1, Math.round((localMs(o.today) - fromMs) / DAY) + 1)
  const received = Array.from({ length: o.topics }, () => {
    const date = addDays(o.from, Math.floor(r.next() * spanDays))
    const channel = r.weighted(CHANNEL_WEIGHTS)
    let ms = localMs(date, receivedTime(r, channel))
    if (ms > nowMs) ms = nowMs - r.int(10, 600) * 60_000
    return { ms, channel }
  }).sort((a, b) => a.ms - b.ms)

  for (const { ms: receivedMs, channel } of received) {
    const category = r.weighted(CATEGORY_WEIGHTS)
    const problems = PROBLEMS.filter((p) => p.category === category)
    const problem = r.pick(problems)
    const cat = ctx.categoryByName.get(category) ?? ctx.categories[0]!
    const anonymous = problem.place !== 'none' && r.chance(ANONYMOUS[channel] ?? 0.1)
    const resident = anonymous ? null : r.pick(ctx.residents)
    const building = resident
      ? ctx.buildingById.get(resident.building_id!)!
      : problem.place === 'unit' || problem.place === 'building' || r.chance(0.3)
        ? r.pick(ctx.buildings)
        : null
    const gridId = building ? building.grid_id : r.chance(0.7) ? r.pick(ctx.gridIds) : null
    const area = r.pick(AREAS)
    const where =
      problem.place === 'unit'
        ? `${building!.name}${resident ? resident.unit : String(r.int(1, 4))}单元`
        : problem.place === 'building'
          ? building!.name
          : problem.place === 'area'
            ? area
            : ''
    const prefix =
      channel === '网格员' && r.chance(0.4) ? '网格巡查发现：' : channel === '座谈会' ? '座谈会上居民提出：' : ''
    const description = `${prefix}${where}${problem.core}，${r.pick(problem.details)}${r.pick(CLOSINGS)}`
    const receivedAt = iso(receivedMs)
    const receivedOn = officeDate(receivedAt)
    const year = Number(receivedOn.slice(0, 4))
    const id = ids.topic++
    const topic: TopicPlan = {
      problem,
      where,
      department: cat.department,
      item: null,
      row: {
        id,
        year,
        seq: nextSeq('topic', year),
        received_at: receivedAt,
        received_on: receivedOn,
        channel,
        resident_id: resident?.id ?? null,
        grid_id: gridId,
        building_id: building?.id ?? null,
        category_id: cat.id,
        urgency:
          category === '安全隐患'
            ? r.weighted([
                ['紧急', 35],
                ['较急', 35],
                ['一般', 30],
              ])
            : r.weighted([
                ['一般', 82],
                ['较急', 15],
                ['紧急', 3],
              ]),
        description,
        status: '征集中',
        status_reason: '',
        duplicate_of_id: null,
        routed_department: null,
        routed_at: null,
        respond_by: null,
        responded_at: null,
        response_text: '',
        answered_at: null,
        told_at: null,
        created_at: iso(Math.min(nowMs, receivedMs + r.int(0, 120) * 60_000)),
        updated_at: receivedAt,
      },
    }
    topics.push(topic)

    // The same concern from the same place within a month: the clerk marks it as a duplicate.
    const key = `${problem.core}|${where || building?.id || ''}`
    const earlier = latestByKey.get(key)
    latestByKey.set(key, topic)
    const decisionMs = receivedMs + (topic.row.urgency === '紧急' ? r.int(10, 120) * 60_000 : r.int(2, 72) * HOUR)
    const age = nowMs - receivedMs
    if (decisionMs > nowMs || r.chance(0.015) || (age < 14 * DAY && r.chance(0.25))) continue // still 征集中
    const set = (fields: Partial<TopicPlan['row']>) => Object.assign(topic.row, fields)

    if (earlier && receivedMs - Date.parse(earlier.row.received_at) < 30 * DAY && r.chance(0.5)) {
      set({
        duplicate_of_id: earlier.row.id,
        status: '不予采纳',
        status_reason: `与议题${topicNumber(earlier.row.year, earlier.row.seq)}反映的是同一件事，已并入该议题一并办理，结果一并告知`,
        answered_at: iso(decisionMs),
        updated_at: iso(decisionMs),
      })
      continue
    }
    const w = FATE_WEIGHTS[category]
    const fate = r.weighted([
      ['agenda', w.agenda],
      ['route', w.route],
      ['reject', w.reject],
    ] as const)
    if (fate === 'reject') {
      set({
        status: '不予采纳',
        status_reason: r.pick(REJECT_REASONS),
        answered_at: iso(decisionMs),
        updated_at: iso(decisionMs),
      })
    } else if (fate === 'route') {
      const respondBy = decisionMs + cat.response_hours * HOUR
      const x = r.next()
      let responded: number | null =
        x < 0.84
          ? decisionMs + cat.response_hours * HOUR * (0.1 + 0.85 * r.next())
          : x < 0.95
            ? respondBy + cat.response_hours * HOUR * (0.05 + 1.5 * r.next())
            : null
      if (responded !== null && responded > nowMs) responded = null
      set({
        status: '转办',
        status_reason: `属于${category}事项，按转办规则转${cat.department}办理`,
        routed_department: cat.department,
        routed_at: iso(decisionMs),
        respond_by: iso(respondBy),
        responded_at: responded === null ? null : iso(responded),
        response_text: responded === null ? '' : problem.reply,
        answered_at: responded === null ? null : iso(responded),
        updated_at: iso(responded ?? decisionMs),
      })
    } else {
      // Adopted, waiting for a meeting: recent ones now and then, and any with no meeting ahead.
      const meeting =
        age < 45 * DAY && r.chance(0.2) ? null : pickMeeting(r, ctx.meetings, decisionMs + DAY, decisionMs + 45 * DAY)
      if (!meeting) {
        set({ status: '已采纳', updated_at: iso(decisionMs) })
        continue
      }
      const item = topicItem(r, ids.item++, meeting, topic)
      topic.item = item
      items.push(item)
      set(
        meeting.held
          ? { status: '已议', answered_at: iso(item.decidedAt), updated_at: iso(item.decidedAt) }
          : { status: '已上会', updated_at: iso(decisionMs) },
      )
    }
  }
  return { topics, items }
}

const ANONYMOUS: Record<string, number> = { 意见箱: 0.7, 座谈会: 0.3, 网格员: 0.2, 微信群: 0.15 }

/** When a concern arrives, office-local, by how it came in. */
function receivedTime(r: Rng, channel: string): string {
  switch (channel) {
    case '微信群':
      return `${pad(r.int(7, 22))}:${pad(r.int(0, 59))}`
    case '意见箱':
      return '09:00'
    case '座谈会':
      return r.pick(['14:30', '19:30'])
    default:
      return `${pad(r.int(8, 16))}:${pad(r.int(0, 59))}`
  }
}

function topicItem(r: Rng, id: number, meeting: MeetingInfo, topic: TopicPlan): ItemPlan {
  const vote = meeting.councilId !== null && meeting.quorum && r.chance(0.4)
  const subject = `${topic.where}${topic.problem.core}`
  const held = meeting.held
  const votes = held && vote ? castVotes(r, meeting.eligible) : null
  const passed = votes !== null && meetsRule(votes.for, meeting.eligible, meeting.passRule)
  const outcome = !held
    ? ''
    : vote
      ? passed
        ? `通过：${topic.problem.action}`
        : '未通过，修改方案后再议'
      : r.pick(DISCUSSION_OUTCOMES)
  const decidedAt = held ? meeting.start + (meeting.end - meeting.start) * (0.3 + 0.7 * r.next()) : 0
  return {
    meeting,
    topic,
    decidedAt,
    outcomeText: outcome,
    row: {
      id,
      meeting_id: meeting.id,
      position: meeting.nextPosition++,
      title: vote ? `关于${subject}处理方案的表决` : `关于${subject}的讨论`,
      type: vote ? '表决' : '讨论',
      presenter: personName(r),
      planned_minutes: r.pick([10, 15, 15, 20]),
      state: held ? '已议' : '待议',
      outcome,
      carried_from_id: null,
      votes_for: votes?.for ?? null,
      votes_against: votes?.against ?? null,
      votes_abstain: votes?.abstain ?? null,
      votes_eligible: votes ? meeting.eligible : null,
      pass_rule: votes ? meeting.passRule : null,
      topic_id: topic.row.id,
    },
  }
}

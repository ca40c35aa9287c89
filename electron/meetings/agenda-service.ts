import { AppError, notFound } from '../../shared/app-error'
import { officeDate } from '../../shared/time'
import { chineseDate } from '../../shared/dates'
import type { Db } from '../database/open-database'
import type { MajorityRule } from '../database/schema'
import { audit } from '../database/audit'
import { attendanceSummary } from './attendance-service'
import { meetsRule } from './majority'
import { assertMeetingOpen, nextInSeries } from './meeting-service'
import { resolutionNumber, topicNumber } from '../../shared/followup-values'
import { agendaItemChanged } from './agenda-hooks'
import { appendItem, renumber } from './agenda-rows'
import { inTransaction } from '../database/unit-of-work'

import type { AgendaType } from '../../shared/meeting-values'
import { prepared } from '../database/prepared'

export type { AgendaType }

export interface AgendaItemInput {
  title: string
  type: AgendaType
  presenter: string
  plannedMinutes: number
}

export interface VoteTally {
  for: number
  against: number
  abstain: number
  eligible: number
  rule: MajorityRule
  /** Computed from the counts and the rule, never typed. */
  passed: boolean
}

export interface AgendaItemRow {
  id: number
  position: number
  title: string
  type: AgendaType
  presenter: string
  plannedMinutes: number
  state: string
  outcome: string
  carriedFrom: string | null
  vote: VoteTally | null
  /** The resident topic the item came from. */
  topic: { id: number; number: string; channel: string } | null
  /** For a 督办通报: the overdue resolutions it reports on. */
  reports: { id: number; number: string; dueDate: string; leadDepartment: string }[]
  /** Resolutions decided on this item. */
  resolutions: { id: number; number: string; status: string }[]
}

// A meeting's agenda, each statement compiled once (prepared.ts); item lists are a shape per length.
const agendaStatements = {
  meeting: prepared((db, v: { id: number }) =>
    db.selectFrom('meetings').select(['starts_at', 'ends_at']).where('id', '=', v.id),
  ),
  items: prepared((db, v: { meetingId: number }) =>
    db
      .selectFrom('agenda_items as a')
      .leftJoin('agenda_items as src', 'src.id', 'a.carried_from_id')
      .leftJoin('meetings as sm', 'sm.id', 'src.meeting_id')
      .leftJoin('topics as t', 't.id', 'a.topic_id')
      .select([
        't.id as topicId',
        't.year as topicYear',
        't.seq as topicSeq',
        't.channel as topicChannel',
        'a.is_report',
        'a.id',
        'a.position',
        'a.title',
        'a.type',
        'a.presenter',
        'a.planned_minutes',
        'a.state',
        'a.outcome',
        'a.votes_for',
        'a.votes_against',
        'a.votes_abstain',
        'a.votes_eligible',
        'a.pass_rule',
        'sm.starts_at as carriedFromStart',
      ])
      .where('a.meeting_id', '=', v.meetingId)
      .orderBy('a.position'),
  ),
  decided: prepared((db, v: { itemIds: readonly number[] }) =>
    db
      .selectFrom('resolutions')
      .select(['id', 'year', 'seq', 'status', 'agenda_item_id'])
      .where('agenda_item_id', 'in', v.itemIds)
      .orderBy('seq'),
  ),
  reported: prepared((db, v: { itemIds: readonly number[] }) =>
    db
      .selectFrom('agenda_reports as ar')
      .innerJoin('resolutions as r', 'r.id', 'ar.resolution_id')
      .select(['ar.agenda_item_id', 'r.id', 'r.year', 'r.seq', 'r.due_date', 'r.lead_department'])
      .where('ar.agenda_item_id', 'in', v.itemIds)
      .orderBy('r.year')
      .orderBy('r.seq'),
  ),
}

/**
 * A meeting's agenda with its planned total against the meeting's length. `known`: the meeting's
 * times as the caller read them already (meetings.get), so the meeting is not read again.
 */
export async function getAgenda(db: Db, meetingId: number, known?: { starts_at: string; ends_at: string }) {
  const m = known ?? (await agendaStatements.meeting(db, { id: meetingId }))[0]
  if (!m) throw notFound('会议')
  const rows = await agendaStatements.items(db, { meetingId })
  // No statement for what cannot be there: resolutions of an empty agenda, reports without 督办通报.
  const decided = rows.length ? await agendaStatements.decided(db, { itemIds: rows.map((r) => r.id) }) : []
  const reportItems = rows.filter((r) => r.is_report).map((r) => r.id)
  const reported = reportItems.length ? await agendaStatements.reported(db, { itemIds: reportItems }) : []
  const items: AgendaItemRow[] = rows.map((r) => ({
    id: r.id,
    position: r.position,
    title: r.title,
    type: r.type,
    presenter: r.presenter,
    plannedMinutes: r.planned_minutes,
    state: r.state,
    outcome: r.outcome,
    carriedFrom: r.carriedFromStart ? chineseDate(officeDate(r.carriedFromStart)) : null,
    vote:
      r.votes_for === null
        ? null
        : tally(
            r.votes_for,
            r.votes_against ?? 0,
            r.votes_abstain ?? 0,
            r.votes_eligible ?? 0,
            r.pass_rule ?? '过半数',
          ),
    topic:
      r.topicId !== null && r.topicYear !== null && r.topicSeq !== null
        ? { id: r.topicId, number: topicNumber(r.topicYear, r.topicSeq), channel: r.topicChannel ?? '' }
        : null,
    reports: r.is_report
      ? reported
          .filter((x) => x.agenda_item_id === r.id)
          .map((x) => ({
            id: x.id,
            number: resolutionNumber(x.year, x.seq),
            dueDate: x.due_date,
            leadDepartment: x.lead_department,
          }))
      : [],
    resolutions: decided
      .filter((d) => d.agenda_item_id === r.id)
      .map((d) => ({ id: d.id, number: resolutionNumber(d.year, d.seq), status: d.status })),
  }))
  const meetingMinutes = Math.round((Date.parse(m.ends_at) - Date.parse(m.starts_at)) / 60_000)
  const totalMinutes = items.reduce((s, i) => s + i.plannedMinutes, 0)
  return {
    items,
    totalMinutes,
    meetingMinutes,
    overBy: Math.max(0, totalMinutes - meetingMinutes),
    warning:
      totalMinutes > meetingMinutes
        ? `议程合计 ${totalMinutes} 分钟，比会议时长（${meetingMinutes} 分钟）多 ${totalMinutes - meetingMinutes} 分钟。请压缩议题或延长会议。`
        : '',
  }
}

export function tally(
  votesFor: number,
  against: number,
  abstain: number,
  eligible: number,
  rule: MajorityRule,
): VoteTally {
  return { for: votesFor, against, abstain, eligible, rule, passed: meetsRule(votesFor, eligible, rule) }
}

const assertEditable = (db: Db, meetingId: number) => assertMeetingOpen(db, meetingId, '议程')

export async function addItem(db: Db, meetingId: number, input: AgendaItemInput): Promise<{ id: number }> {
  return inTransaction(db, async (trx) => {
    await assertEditable(trx, meetingId)
    return { id: await appendItem(trx, meetingId, input) }
  })
}

async function itemMeeting(db: Db, itemId: number) {
  const item = await db.selectFrom('agenda_items').selectAll().where('id', '=', itemId).executeTakeFirst()
  if (!item) throw notFound('议程事项')
  return item
}

export async function updateItem(db: Db, itemId: number, input: AgendaItemInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    await assertEditable(trx, item.meeting_id)
    if (item.votes_for !== null && input.type !== '表决') {
      throw new AppError('INVALID_INPUT', '这个事项已经录入表决结果，不能改成其他类型。')
    }
    await trx
      .updateTable('agenda_items')
      .set({ title: input.title, type: input.type, presenter: input.presenter, planned_minutes: input.plannedMinutes })
      .where('id', '=', itemId)
      .execute()
  })
}

export async function removeItem(db: Db, itemId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    await assertEditable(trx, item.meeting_id)
    await assertNoResolution(trx, itemId, '删除')
    await agendaItemChanged(trx, { item, change: 'removed' })
    await trx.deleteFrom('agenda_items').where('id', '=', itemId).execute()
    await audit(trx, '删除', '议程事项', itemId, item)
    await renumber(trx, item.meeting_id)
  })
}

/** Moves an item one place up or down. */
export async function moveItem(db: Db, itemId: number, direction: 'up' | 'down'): Promise<void> {
  await inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    await assertEditable(trx, item.meeting_id)
    const ids = (
      await trx
        .selectFrom('agenda_items')
        .select('id')
        .where('meeting_id', '=', item.meeting_id)
        .orderBy('position')
        .execute()
    ).map((r) => r.id)
    const i = ids.indexOf(itemId)
    const j = direction === 'up' ? i - 1 : i + 1
    if (j < 0 || j >= ids.length) return
    ;[ids[i], ids[j]] = [ids[j]!, ids[i]!]
    for (const [k, id] of ids.entries())
      await trx
        .updateTable('agenda_items')
        .set({ position: k + 1 })
        .where('id', '=', id)
        .execute()
  })
}

/** A resolution hangs on its agenda item: the item's vote and existence are then settled. */
async function assertNoResolution(db: Db, itemId: number, action: string): Promise<void> {
  const r = await db
    .selectFrom('resolutions')
    .select(['year', 'seq'])
    .where('agenda_item_id', '=', itemId)
    .executeTakeFirst()
  if (r) {
    throw new AppError(
      'LOCKED',
      `这个事项已经形成决议${resolutionNumber(r.year, r.seq)}，不能再${action}。如决议有误，请在决议督办中撤销。`,
    )
  }
}

/**
 * An item not finished tonight goes to the next meeting of the series, at the end of its agenda;
 * the original is marked 顺延 and the copy remembers where it came from.
 */
export async function carryOver(db: Db, itemId: number): Promise<{ meetingId: number; title: string; start: string }> {
  return inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    if (item.state === '顺延') throw new AppError('ALREADY', '这个事项已经顺延过了。')
    const next = await nextInSeries(trx, item.meeting_id)
    if (!next) {
      throw new AppError(
        'NO_NEXT',
        '这次会议不属于系列会议，或系列里没有下一次会议。请先安排下一次会议，再从那里添加这个议题。',
      )
    }
    await appendItem(trx, next.id, {
      title: item.title,
      type: item.type,
      presenter: item.presenter,
      plannedMinutes: item.planned_minutes,
      carriedFromId: item.id,
      topicId: item.topic_id,
    })
    await trx.updateTable('agenda_items').set({ state: '顺延' }).where('id', '=', itemId).execute()
    return { meetingId: next.id, title: next.title, start: next.start }
  })
}

/**
 * Records a show-of-hands vote on a 表决 item. Those eligible are the members present plus proxies,
 * from the attendance record; counts may not exceed them. The result is computed, never typed.
 */
export async function recordVote(
  db: Db,
  itemId: number,
  votes: { for: number; against: number; abstain: number },
): Promise<VoteTally> {
  return inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    if (item.type !== '表决') throw new AppError('INVALID_INPUT', '只有“表决”类的议程事项才能录入表决结果。')
    await assertMeetingOpen(trx, item.meeting_id, '表决结果')
    const summary = await attendanceSummary(trx, item.meeting_id)
    const eligible = summary.eligibleVoters
    if (eligible === 0) throw new AppError('NO_ATTENDANCE', '请先登记出席情况：有表决权的出席人数为 0，无法表决。')
    if (!summary.quorumReached) {
      throw new AppError(
        'NO_QUORUM',
        `到会人数不足：应到 ${summary.expected} 人，需要至少 ${summary.quorumNeeded} 人出席（含委托），现在 ${eligible} 人。人数不够时表决无效。`,
      )
    }
    await assertNoResolution(trx, itemId, '改表决结果')
    const cast = votes.for + votes.against + votes.abstain
    if (cast > eligible) {
      throw new AppError(
        'INVALID_INPUT',
        `赞成、反对、弃权合计 ${cast} 票，超过了有表决权的出席人数（${eligible} 人）。请核对。`,
      )
    }
    const meeting = await trx
      .selectFrom('meetings as m')
      .leftJoin('councils as c', 'c.id', 'm.council_id')
      .select('c.pass_rule')
      .where('m.id', '=', item.meeting_id)
      .executeTakeFirstOrThrow()
    const rule = item.pass_rule ?? meeting.pass_rule ?? '过半数'
    await trx
      .updateTable('agenda_items')
      .set({
        votes_for: votes.for,
        votes_against: votes.against,
        votes_abstain: votes.abstain,
        votes_eligible: eligible,
        pass_rule: rule,
        state: '已议',
      })
      .where('id', '=', itemId)
      .execute()
    await agendaItemChanged(trx, { item, change: 'decided' })
    await audit(trx, '修改', '表决结果', itemId, { ...votes, eligible, rule })
    return tally(votes.for, votes.against, votes.abstain, eligible, rule)
  })
}

export async function setItemState(db: Db, itemId: number, state: '待议' | '已议'): Promise<void> {
  await inTransaction(db, async (trx) => {
    const item = await itemMeeting(trx, itemId)
    await assertEditable(trx, item.meeting_id)
    if (state === '待议') await assertNoResolution(trx, itemId, '改回待议')
    await trx.updateTable('agenda_items').set({ state }).where('id', '=', itemId).execute()
    await agendaItemChanged(trx, { item, change: state === '已议' ? 'decided' : 'reopened' })
  })
}

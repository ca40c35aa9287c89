import { AppError, notFound } from '../../shared/app-error'
import { nowIso, officeDate } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { AttendanceTable, MajorityRule } from '../database/schema'
import { totalHouseholds } from '../community'
import { membersOn } from '../council'
import { meetsRule, thresholdFor } from './majority'
import { assertMeetingOpen } from './meeting-service'
import { inTransaction } from '../database/unit-of-work'
import { prepared } from '../database/prepared'

export type AttendanceStatus = AttendanceTable['status']

export interface AttendanceEntry {
  memberId: number
  status: AttendanceStatus
  proxyMemberId: number | null
}

/**
 * 应到 are the council's voting members on the meeting day (role 列席 attends without a vote).
 * 出席 and 委托 (a proxy named) count toward the quorum. Participation counts everyone in the room
 * — members present, 列席, and other residents — against the community's households.
 */
export interface AttendanceSummary {
  expected: number
  present: number
  proxies: number
  onLeave: number
  absent: number
  observers: number
  unrecorded: number
  guests: number
  quorumRule: MajorityRule | null
  quorumNeeded: number
  quorumReached: boolean
  /** Votes that can be cast: present + proxies. */
  eligibleVoters: number
  participants: number
  households: number
  /** Participants per 100 households; null when the profile has no households yet. */
  participationRate: number | null
}

// The statements of a sign-in sheet, each compiled once (prepared.ts).
const meetingAndCouncil = prepared((db, v: { id: number }) =>
  db
    .selectFrom('meetings as m')
    .leftJoin('councils as c', 'c.id', 'm.council_id')
    .select(['m.id', 'm.council_id', 'm.starts_at', 'm.guest_count', 'm.status', 'c.quorum_rule', 'c.pass_rule'])
    .where('m.id', '=', v.id),
)
const recordedAttendance = prepared((db, v: { meetingId: number }) =>
  db.selectFrom('attendance').selectAll().where('meeting_id', '=', v.meetingId),
)

async function meetingWithCouncil(db: Db, meetingId: number) {
  const [m] = await meetingAndCouncil(db, { id: meetingId })
  if (!m) throw notFound('会议')
  return m
}

export type MeetingWithCouncil = Awaited<ReturnType<typeof meetingWithCouncil>>

/**
 * The sign-in roster: each member sitting on the day, with the status recorded so far. `known`:
 * the meeting as meetingWithCouncil read it already in this call (it is not read twice).
 */
export async function attendanceRoster(db: Db, meetingId: number, known?: MeetingWithCouncil) {
  const m = known ?? (await meetingWithCouncil(db, meetingId))
  if (m.council_id === null) return []
  const members = await membersOn(db, m.council_id, officeDate(m.starts_at))
  const recorded = await recordedAttendance(db, { meetingId })
  return members.map((mem) => {
    const r = recorded.find((x) => x.member_id === mem.id)
    return {
      memberId: mem.id,
      name: mem.name,
      household: [mem.buildingName, mem.unit && `${mem.unit}单元`, mem.room].filter(Boolean).join(' '),
      role: mem.role,
      category: mem.category,
      status: (r?.status ?? null) as AttendanceStatus | null,
      proxyMemberId: r?.proxy_member_id ?? null,
    }
  })
}

export async function recordAttendance(
  db: Db,
  meetingId: number,
  entries: AttendanceEntry[],
  guestCount: number,
): Promise<AttendanceSummary> {
  await inTransaction(db, async (trx) => {
    const meeting = await meetingWithCouncil(trx, meetingId)
    if (meeting.status === '延期') throw new AppError('BAD_STATUS', '会议已延期，不能登记出席。')
    await assertMeetingOpen(trx, meetingId, '出席登记')
    const roster = await attendanceRoster(trx, meetingId)
    const ids = new Set(roster.map((r) => r.memberId))
    const byId = new Map(entries.map((e) => [e.memberId, e]))
    const nameOf = (id: number) => roster.find((r) => r.memberId === id)?.name ?? '该成员'
    for (const e of entries) {
      if (!ids.has(e.memberId))
        throw new AppError('INVALID_INPUT', '名单里有不属于本次会议议事会的成员，请刷新后重试。')
      if (e.status === '委托') {
        if (e.proxyMemberId === null)
          throw new AppError('INVALID_INPUT', `${nameOf(e.memberId)}选了“委托”，请选择受托人。`)
        if (e.proxyMemberId === e.memberId) throw new AppError('INVALID_INPUT', `${nameOf(e.memberId)}不能委托自己。`)
        if (!ids.has(e.proxyMemberId) || byId.get(e.proxyMemberId)?.status !== '出席') {
          throw new AppError('INVALID_INPUT', `${nameOf(e.memberId)}的受托人必须是本次出席的成员。`)
        }
      } else if (e.proxyMemberId !== null) {
        throw new AppError('INVALID_INPUT', `只有“委托”需要填写受托人（${nameOf(e.memberId)}）。`)
      }
    }
    for (const e of entries) {
      await trx
        .insertInto('attendance')
        .values({
          meeting_id: meetingId,
          member_id: e.memberId,
          status: e.status,
          proxy_member_id: e.proxyMemberId,
          updated_at: nowIso(),
        })
        .onConflict((oc) =>
          oc
            .columns(['meeting_id', 'member_id'])
            .doUpdateSet({ status: e.status, proxy_member_id: e.proxyMemberId, updated_at: nowIso() }),
        )
        .execute()
    }
    await trx
      .updateTable('meetings')
      .set({ guest_count: guestCount, updated_at: nowIso() })
      .where('id', '=', meetingId)
      .execute()
    // Checked on the attendance as it would be saved; throwing here rolls the whole change back.
    await assertVotesStillPossible(trx, meetingId)
  })
  return attendanceSummary(db, meetingId)
}

/**
 * Votes already recorded must stay possible under the attendance: no more votes than members with a
 * vote present (出席 + 委托), and a quorum, without which no vote is valid. Each vote keeps the
 * number of voters it was taken with (votes_eligible), so a latecomer signed in after a vote changes
 * nothing; an edit that would leave a recorded vote impossible is refused, naming the vote, and the
 * clerk corrects the vote first (表决 tab) if it, not the attendance, was wrong. Refusing rather than
 * clearing the votes: a vote is evidence of what the meeting decided, and nothing should wipe it as
 * a side effect of a sign-in correction.
 */
async function assertVotesStillPossible(trx: Db, meetingId: number): Promise<void> {
  const voted = await trx
    .selectFrom('agenda_items')
    .select(['position', 'title', 'votes_for', 'votes_against', 'votes_abstain'])
    .where('meeting_id', '=', meetingId)
    .where('votes_for', 'is not', null)
    .orderBy('position')
    .execute()
  if (voted.length === 0) return
  const after = await attendanceSummary(trx, meetingId)
  const describe = (v: (typeof voted)[number]) =>
    `第${v.position}项「${v.title}」（赞成 ${v.votes_for}、反对 ${v.votes_against ?? 0}、弃权 ${v.votes_abstain ?? 0}，共 ${castOf(v)} 票）`
  const over = voted.filter((v) => castOf(v) > after.eligibleVoters)
  if (over.length > 0) {
    throw new AppError(
      'VOTES_EXCEED_VOTERS',
      `这样修改后，有表决权的出席人数（出席加委托）只有 ${after.eligibleVoters} 人，少于已录入的表决票数：${over
        .map(describe)
        .join('；')}。出席没有保存。请核对签到；如果是表决结果录错了，请先在“表决”中改正，再修改出席。`,
    )
  }
  if (!after.quorumReached) {
    throw new AppError(
      'VOTES_WITHOUT_QUORUM',
      `这样修改后到会人数不足（应到 ${after.expected} 人，至少要 ${after.quorumNeeded} 人出席或委托，修改后 ${after.eligibleVoters} 人），而本次会议已经录入了表决结果：${voted
        .map(describe)
        .join('；')}。人数不足时表决无效，所以出席没有保存。请核对签到。`,
    )
  }
}

const castOf = (v: { votes_for: number | null; votes_against: number | null; votes_abstain: number | null }) =>
  (v.votes_for ?? 0) + (v.votes_against ?? 0) + (v.votes_abstain ?? 0)

export async function attendanceSummary(
  db: Db,
  meetingId: number,
  known?: MeetingWithCouncil,
): Promise<AttendanceSummary> {
  return (await attendanceOf(db, meetingId, known)).summary
}

/** The roster and its summary together, the meeting and its council read once (the sign-in screen). */
export async function attendanceOf(
  db: Db,
  meetingId: number,
  known?: MeetingWithCouncil,
): Promise<{ roster: Awaited<ReturnType<typeof attendanceRoster>>; summary: AttendanceSummary }> {
  const m = known ?? (await meetingWithCouncil(db, meetingId))
  const roster = await attendanceRoster(db, meetingId, m)
  const households = await totalHouseholds(db)
  return { roster, summary: summarize(roster, m.guest_count, m.quorum_rule, households) }
}

export function summarize(
  roster: Array<{ role: string; status: AttendanceStatus | null }>,
  guests: number,
  quorumRule: MajorityRule | null,
  households: number,
): AttendanceSummary {
  const voting = roster.filter((r) => r.role !== '列席')
  const count = (s: AttendanceStatus) => voting.filter((r) => r.status === s).length
  const expected = voting.length
  const present = count('出席')
  const proxies = count('委托')
  const observers = roster.filter((r) => r.status === '列席' || (r.role === '列席' && r.status === '出席')).length
  const participants = present + observers + guests
  const rule = quorumRule ?? '过半数'
  return {
    expected,
    present,
    proxies,
    onLeave: count('请假'),
    absent: count('缺席'),
    observers,
    unrecorded: roster.filter((r) => r.status === null).length,
    guests,
    quorumRule,
    quorumNeeded: expected > 0 ? thresholdFor(expected, rule) : 0,
    quorumReached: meetsRule(present + proxies, expected, rule),
    eligibleVoters: present + proxies,
    participants,
    households,
    participationRate: households > 0 ? Math.round((participants / households) * 1000) / 10 : null,
  }
}

/** Participation per meeting over a period, oldest first: the trend. */
export async function participationTrend(db: Db, query: { fromUtc: string; toUtc: string; councilId: number | null }) {
  const households = await totalHouseholds(db)
  let q = db
    .selectFrom('meetings as m')
    .leftJoin('attendance as a', 'a.meeting_id', 'm.id')
    .select((eb) => [
      'm.id',
      'm.title',
      'm.starts_at',
      'm.guest_count',
      eb.fn
        .count<number>('a.member_id')
        .filterWhere((w) => w.or([w('a.status', '=', '出席'), w('a.status', '=', '列席')]))
        .as('inRoom'),
    ])
    .where('m.starts_at', '>=', query.fromUtc)
    .where('m.starts_at', '<', query.toUtc)
    .where('m.status', 'not in', ['取消', '延期', '草稿', '已通知'])
    .groupBy(['m.id', 'm.title', 'm.starts_at', 'm.guest_count'])
    .orderBy('m.starts_at')
  if (query.councilId !== null) q = q.where('m.council_id', '=', query.councilId)
  const rows = await q.execute()
  return rows.map((r) => {
    const participants = Number(r.inRoom) + r.guest_count
    return {
      meetingId: r.id,
      title: r.title,
      date: officeDate(r.starts_at),
      participants,
      rate: households > 0 ? Math.round((participants / households) * 1000) / 10 : null,
    }
  })
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import * as agenda from './agenda-service'
import * as attendance from './attendance-service'
import * as meetings from './meeting-service'
import * as minutes from './minutes-service'
import * as projection from './projection-service'
import * as topics from '../topics/topic-service'
import * as resolutions from '../topics/resolution-service'
import * as feedback from '../feedback/feedback-service'

/**
 * Two conflicting calls fired at the same moment (two clerks, or a double click that got through):
 * exactly one may win, and the record must be what the winner made it — never a mix of both.
 */
const NOW = '2026-11-21T02:00:00.000Z'

let t: TempDb
let s: Seeded
beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

const voting = () => ['王芳', '李建国', '张秀英', '刘洋', '赵磊'].map((n) => s.members[n]!)

async function newTopic() {
  return topics.createTopic(
    t.db,
    {
      receivedAt: '2026-10-01T09:00',
      channel: '电话',
      residentId: 1,
      gridId: null,
      buildingId: null,
      categoryId: 1,
      urgency: '一般',
      description: '3号楼楼道灯坏了',
      duplicateOfId: null,
    },
    NOW,
  )
}

/** A council meeting under way with everyone present and one 表决 item. */
async function meetingUnderWay(title = '十月议事会', start = '2026-10-10T19:00', end = '2026-10-10T21:00') {
  const { id } = await meetings.createMeeting(t.db, {
    kind: '议事会例会',
    title,
    start,
    end,
    roomId: null,
    councilId: s.councilId,
    host: '王芳',
    recorder: '赵磊',
  })
  const item = await agenda.addItem(t.db, id, { title: '更换楼道灯', type: '表决', presenter: '', plannedMinutes: 10 })
  await meetings.setStatus(t.db, id, '已通知', '')
  await meetings.setStatus(t.db, id, '进行中', '')
  await attendance.recordAttendance(
    t.db,
    id,
    voting().map((memberId) => ({ memberId, status: '出席' as const, proxyMemberId: null })),
    0,
  )
  return { meetingId: id, itemId: item.id }
}

async function openResolution() {
  const { itemId } = await meetingUnderWay()
  await agenda.recordVote(t.db, itemId, { for: 5, against: 0, abstain: 0 })
  return resolutions.createResolution(
    t.db,
    itemId,
    { text: '物业更换楼道灯', leadDepartment: '物业', coDepartments: [], dueDate: '2026-12-31' },
    NOW,
  )
}

/** Runs both at once; returns which succeeded. */
async function race(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const [ra, rb] = await Promise.allSettled([a(), b()])
  const lost = [ra, rb].filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
  for (const l of lost) expect((l.reason as { code?: string }).code).toMatch(/BAD_STATUS|LOCKED|ALREADY/)
  return { a: ra.status === 'fulfilled', b: rb.status === 'fulfilled' }
}

describe('conflicting calls at the same moment: exactly one wins', () => {
  it('转办 and 不予采纳 of the same topic', async () => {
    for (const order of [0, 1]) {
      const topic = await newTopic()
      const route = () => topics.routeTopic(t.db, topic.id, { department: null, reason: '请城管处理' }, NOW)
      const reject = () => topics.rejectTopic(t.db, topic.id, '不属于社区职责', NOW)
      const won = order === 0 ? await race(route, reject) : await race(reject, route)
      expect(Number(won.a) + Number(won.b)).toBe(1)
      const row = await t.db.selectFrom('topics').selectAll().where('id', '=', topic.id).executeTakeFirstOrThrow()
      if (row.status === '不予采纳') {
        expect([row.routed_department, row.routed_at, row.respond_by]).toEqual([null, null, null])
        expect(row.answered_at).not.toBeNull()
      } else {
        expect(row.status).toBe('转办')
        expect(row.routed_department).toBe('城管')
        expect(row.answered_at).toBeNull()
      }
    }
  })

  it('上会 and 不予采纳 of the same topic', async () => {
    const { meetingId } = await meetingUnderWay()
    const topic = await newTopic()
    const won = await race(
      () =>
        topics.putOnAgenda(
          t.db,
          topic.id,
          { meetingId, title: '楼道灯', type: '讨论', plannedMinutes: 10, presenter: '' },
          NOW,
        ),
      () => topics.rejectTopic(t.db, topic.id, '已由物业处理', NOW),
    )
    expect(Number(won.a) + Number(won.b)).toBe(1)
    const row = await t.db.selectFrom('topics').select('status').where('id', '=', topic.id).executeTakeFirstOrThrow()
    const items = await t.db.selectFrom('agenda_items').select('id').where('topic_id', '=', topic.id).execute()
    expect(row.status === '不予采纳' ? items.length : items.length - 1).toBe(0)
  })

  it('办结 and 撤销 of the same resolution', async () => {
    const r = await openResolution()
    const won = await race(
      () => resolutions.completeResolution(t.db, r.id, { note: '已换灯', at: null, reportedBy: '' }, NOW),
      () => resolutions.voidResolution(t.db, r.id, '重复立项', NOW),
    )
    expect(Number(won.a) + Number(won.b)).toBe(1)
    const row = await t.db.selectFrom('resolutions').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
    const kinds = (
      await t.db.selectFrom('resolution_progress').select('kind').where('resolution_id', '=', r.id).execute()
    ).map((p) => p.kind)
    if (row.status === '已撤销') {
      expect([row.completed_at, row.completion_note]).toEqual([null, ''])
      expect(kinds).toEqual(['撤销'])
    } else {
      expect(row.status).toBe('已办结')
      expect(row.void_reason).toBe('')
      expect(kinds).toEqual(['办结'])
    }
  })

  it('two 办结 of the same resolution leave one completion', async () => {
    const r = await openResolution()
    const won = await race(
      () => resolutions.completeResolution(t.db, r.id, { note: '第一次', at: null, reportedBy: '' }, NOW),
      () => resolutions.completeResolution(t.db, r.id, { note: '第二次', at: null, reportedBy: '' }, NOW),
    )
    expect(Number(won.a) + Number(won.b)).toBe(1)
    const done = await t.db.selectFrom('resolution_progress').select('kind').where('kind', '=', '办结').execute()
    expect(done).toHaveLength(1)
  })

  it('a meeting cancelled and started at the same moment', async () => {
    const { id } = await meetings.createMeeting(t.db, {
      kind: '议事会例会',
      title: '十一月议事会',
      start: '2026-11-28T19:00',
      end: '2026-11-28T21:00',
      roomId: null,
      councilId: s.councilId,
      host: '',
      recorder: '',
    })
    await meetings.setStatus(t.db, id, '已通知', '')
    const won = await race(
      () => meetings.setStatus(t.db, id, '取消', '暴雨'),
      () => meetings.setStatus(t.db, id, '进行中', ''),
    )
    expect(Number(won.a) + Number(won.b)).toBe(1)
    const m = await meetings.getMeetingRow(t.db, id)
    expect([m.status, m.statusReason]).toEqual(won.a ? ['取消', '暴雨'] : ['进行中', ''])
  })

  it('an item carried over twice at once lands on the next meeting once', async () => {
    const made = await (
      await import('./series-service')
    ).createSeries(t.db, {
      kind: '议事会例会',
      title: '月度议事会',
      councilId: s.councilId,
      rule: { freq: 'monthly', interval: 1, nth: 2, weekday: 6 },
      startTime: '19:00',
      durationMinutes: 120,
      startsOn: '2026-12-01',
      end: { type: 'count', count: 3 },
      holidayPolicy: 'keep',
      roomId: null,
      host: '',
      recorder: '',
    })
    const first = await t.db
      .selectFrom('meetings')
      .select('id')
      .where('series_id', '=', made.seriesId)
      .orderBy('starts_at')
      .executeTakeFirstOrThrow()
    const item = await agenda.addItem(t.db, first.id, {
      title: '停车位',
      type: '讨论',
      presenter: '',
      plannedMinutes: 10,
    })
    const won = await race(
      () => agenda.carryOver(t.db, item.id),
      () => agenda.carryOver(t.db, item.id),
    )
    expect(Number(won.a) + Number(won.b)).toBe(1)
    expect(
      await t.db.selectFrom('agenda_items').select('id').where('carried_from_id', '=', item.id).execute(),
    ).toHaveLength(1)
  })

  it('minutes saved and confirmed at once: the confirmed text is the text saved before it', async () => {
    const { meetingId } = await meetingUnderWay()
    await minutes.saveMinutes(t.db, meetingId, '初稿', [])
    const won = await race(
      () => minutes.confirmMinutes(t.db, meetingId),
      () => minutes.saveMinutes(t.db, meetingId, '改过的稿', []),
    )
    const m = await minutes.getMinutes(t.db, meetingId)
    expect(m.status).toBe('已确认')
    // Either the edit came first and was confirmed, or it came after and was refused.
    expect(m.body).toBe(won.b ? '改过的稿' : '初稿')
  })

  it('two presses of → on the projector at once move two items', async () => {
    const { meetingId } = await meetingUnderWay()
    for (const title of ['停车', '绿化']) {
      await agenda.addItem(t.db, meetingId, { title, type: '讨论', presenter: '', plannedMinutes: 10 })
    }
    await projection.controlProjection(t.db, { action: 'start', meetingId })
    await Promise.all([
      projection.controlProjection(t.db, { action: 'next' }),
      projection.controlProjection(t.db, { action: 'next' }),
    ])
    const row = await t.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'projection')
      .executeTakeFirstOrThrow()
    expect((JSON.parse(row.value) as { index: number }).index).toBe(2)
  })

  it('a resident rated twice at once keeps one consistent rating', async () => {
    const r = await openResolution()
    await resolutions.completeResolution(t.db, r.id, { note: '已换灯', at: null, reportedBy: '' }, NOW)
    await feedback.addFeedback(
      t.db,
      { resolutionId: r.id },
      { channel: '电话', toldAt: null, content: '已换', satisfaction: null },
      NOW,
    )
    await Promise.all([
      feedback.rate(t.db, { resolutionId: r.id }, '满意', NOW),
      feedback.rate(t.db, { resolutionId: r.id }, '不满意', NOW),
    ])
    const row = await t.db.selectFrom('resolutions').select('status').where('id', '=', r.id).executeTakeFirstOrThrow()
    expect(row.status).toBe('已评价')
  })
})

describe('attendance after votes', () => {
  it('refuses an attendance change that leaves fewer voters than votes recorded, naming the vote', async () => {
    const { meetingId, itemId } = await meetingUnderWay()
    await agenda.recordVote(t.db, itemId, { for: 4, against: 1, abstain: 0 })
    const ids = voting()
    // Two present, three on leave: 2 voters for 5 votes.
    const edit = ids.map((memberId, i) => ({
      memberId,
      status: i < 2 ? ('出席' as const) : ('请假' as const),
      proxyMemberId: null,
    }))
    await expect(attendance.recordAttendance(t.db, meetingId, edit, 3)).rejects.toMatchObject({
      code: 'VOTES_EXCEED_VOTERS',
      message: expect.stringMatching(/只有 2 人.*第1项「更换楼道灯」.*共 5 票/),
    })
    // Nothing changed: everyone still present, guests as before.
    const summary = await attendance.attendanceSummary(t.db, meetingId)
    expect([summary.present, summary.guests]).toEqual([5, 0])
  })

  it('refuses an attendance change that drops below quorum while votes are recorded', async () => {
    const { meetingId, itemId } = await meetingUnderWay()
    await agenda.recordVote(t.db, itemId, { for: 2, against: 0, abstain: 0 })
    const ids = voting()
    // 2 voters of 5 expected: below 过半数 (3), though the 2 votes themselves would fit.
    const edit = ids.map((memberId, i) => ({
      memberId,
      status: i < 2 ? ('出席' as const) : ('缺席' as const),
      proxyMemberId: null,
    }))
    await expect(attendance.recordAttendance(t.db, meetingId, edit, 0)).rejects.toMatchObject({
      code: 'VOTES_WITHOUT_QUORUM',
      message: expect.stringContaining('到会人数不足'),
    })
    expect((await attendance.attendanceSummary(t.db, meetingId)).present).toBe(5)
  })

  it('allows a change the votes survive (a latecomer, or one fewer with votes still fitting)', async () => {
    const { meetingId, itemId } = await meetingUnderWay()
    await agenda.recordVote(t.db, itemId, { for: 3, against: 0, abstain: 0 })
    const ids = voting()
    const edit = ids.map((memberId, i) => ({
      memberId,
      status: i < 4 ? ('出席' as const) : ('请假' as const),
      proxyMemberId: null,
    }))
    const summary = await attendance.recordAttendance(t.db, meetingId, edit, 2)
    expect([summary.present, summary.eligibleVoters, summary.guests]).toEqual([4, 4, 2])
    // The vote keeps the number of voters it was taken with.
    const item = (await agenda.getAgenda(t.db, meetingId)).items[0]!
    expect(item.vote?.eligible).toBe(5)
  })

  it('a vote and an attendance cut fired together never leave more votes than voters', async () => {
    const { meetingId, itemId } = await meetingUnderWay()
    const ids = voting()
    const cut = ids.map((memberId, i) => ({
      memberId,
      status: i < 3 ? ('出席' as const) : ('请假' as const),
      proxyMemberId: null,
    }))
    await Promise.allSettled([
      agenda.recordVote(t.db, itemId, { for: 5, against: 0, abstain: 0 }),
      attendance.recordAttendance(t.db, meetingId, cut, 0),
    ])
    const summary = await attendance.attendanceSummary(t.db, meetingId)
    const item = (await agenda.getAgenda(t.db, meetingId)).items[0]!
    const cast = item.vote ? item.vote.for + item.vote.against + item.vote.abstain : 0
    expect(cast).toBeLessThanOrEqual(summary.eligibleVoters)
  })
})

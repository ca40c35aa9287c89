import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import * as agenda from '../meetings/agenda-service'
import * as attendance from '../meetings/attendance-service'
import * as meetings from '../meetings/meeting-service'
import * as categories from './category-service'
import * as topics from './topic-service'
import * as resolutions from './resolution-service'
import * as feedback from '../feedback/feedback-service'
import { similarTopics } from './duplicate-hint'
import { stillToTell } from '../feedback/still-to-tell'
import { syncOverdueReports } from './overdue-report'
import { dashboard } from '../dashboard/dashboard-service'
import { homeReminders as reminders } from '../registry'

/** 2026-11-21 10:00 in Shanghai: the "today" of every test here. */
const NOW = '2026-11-21T02:00:00.000Z'

let t: TempDb
let s: Seeded
beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

const topicInput = (over: Partial<topics.TopicInput> = {}): topics.TopicInput => ({
  receivedAt: '2026-10-01T09:00',
  channel: '电话',
  residentId: 1,
  gridId: null,
  buildingId: null,
  categoryId: 1,
  urgency: '一般',
  description: '3号楼楼道灯坏了很久没人修',
  duplicateOfId: null,
  ...over,
})

/** A council meeting on 2026-10-10 19:00–21:00 with a quorum present, ready to vote. */
async function heldMeeting(itemsFirst: (meetingId: number) => Promise<void>) {
  const { id } = await meetings.createMeeting(t.db, {
    kind: '议事会例会',
    title: '十月议事会',
    start: '2026-10-10T19:00',
    end: '2026-10-10T21:00',
    roomId: null,
    councilId: s.councilId,
    host: '王芳',
    recorder: '赵磊',
  })
  await itemsFirst(id)
  await meetings.setStatus(t.db, id, '已通知', '')
  await meetings.setStatus(t.db, id, '进行中', '')
  await attendance.recordAttendance(
    t.db,
    id,
    Object.values(s.members).map((memberId) => ({ memberId, status: '出席' as const, proxyMemberId: null })),
    0,
  )
  return id
}

const status = async (id: number) =>
  await t.db
    .selectFrom('topics')
    .select(['status', 'answered_at', 'told_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

describe('the loop from a topic to an answered resolution', () => {
  it('walks intake → agenda → vote → resolution → progress → overdue report → completion → feedback → figures', async () => {
    const topic = await topics.createTopic(t.db, topicInput(), NOW)
    expect(topic.number).toBe('2026-0001')
    // The resident's building fills the place; its grid follows.
    const row = (await topics.getTopic(t.db, topic.id, NOW)).topic
    expect([row.buildingName, row.gridName, row.residentName]).toEqual(['1号楼', '第一网格', '王芳'])

    // The duplicate hint finds it from a differently worded description.
    const similar = await similarTopics(
      t.db,
      { description: '楼道的灯坏了没人修', categoryId: 1, buildingId: null, excludeId: null },
      NOW,
    )
    expect(similar.map((x) => x.number)).toEqual(['2026-0001'])
    expect(
      await similarTopics(
        t.db,
        { description: '办理居住证要带什么', categoryId: 4, buildingId: null, excludeId: null },
        NOW,
      ),
    ).toEqual([])

    let itemId = 0
    const meetingId = await heldMeeting(async (mid) => {
      itemId = (
        await topics.putOnAgenda(
          t.db,
          topic.id,
          { meetingId: mid, title: '楼道灯维修', type: '表决', plannedMinutes: 15, presenter: '王芳' },
          NOW,
        )
      ).itemId
    })
    expect((await status(topic.id)).status).toBe('已上会')
    const onAgenda = (await agenda.getAgenda(t.db, meetingId)).items[0]!
    expect(onAgenda.topic).toEqual({ id: topic.id, number: '2026-0001', channel: '电话' })

    await agenda.recordVote(t.db, itemId, { for: 4, against: 0, abstain: 0 })
    expect((await status(topic.id)).status).toBe('已议')
    expect((await status(topic.id)).answered_at).not.toBeNull()

    // Bad input saves nothing: a due date before the meeting, a report item, a failed vote.
    await expect(
      resolutions.createResolution(
        t.db,
        itemId,
        { text: '修灯', leadDepartment: '物业', coDepartments: [], dueDate: '2026-10-09' },
        NOW,
      ),
    ).rejects.toThrow('「办理时限」不能早于作出决议的会议日期（2026年10月10日）')
    await expect(
      resolutions.createResolution(
        t.db,
        s.items.failed,
        { text: '调整收费', leadDepartment: '物业', coDepartments: [], dueDate: '2026-12-01' },
        NOW,
      ),
    ).rejects.toThrow('表决未通过')
    expect(await t.db.selectFrom('resolutions').select('id').execute()).toEqual([])

    const r = await resolutions.createResolution(
      t.db,
      itemId,
      {
        text: '由物业一周内更换楼道灯',
        leadDepartment: '物业',
        coDepartments: ['城管', '物业', ''],
        dueDate: '2026-10-20',
      },
      NOW,
    )
    expect(r.number).toBe('〔2026〕议字第1号')
    // The topic now waits for the resolution's completion, not for the vote.
    expect((await status(topic.id)).answered_at).toBeNull()

    await resolutions.addProgress(
      t.db,
      r.id,
      { text: '物业已派电工查看', at: '2026-10-12T09:00', reportedBy: '物业张经理' },
      NOW,
    )
    let got = await resolutions.getResolution(t.db, r.id, NOW)
    expect(got.resolution.status).toBe('办理中')
    expect(got.resolution.coDepartments).toEqual(['城管'])
    expect(got.resolution.overdue).toBe(true)
    expect(got.resolution.overdueDays).toBe(32)

    const overdue = await resolutions.listResolutions(
      t.db,
      { status: '逾期', department: '城管', year: 2026, search: '', limit: 10, offset: 0 },
      NOW,
    )
    expect(overdue.rows.map((x) => x.number)).toEqual(['〔2026〕议字第1号'])

    // Carried onto the council's next meeting (2027-01-05) by the change that made it overdue,
    // once: a later sync (the daily upkeep) finds nothing to add.
    expect(await syncOverdueReports(t.db, NOW)).toEqual({ added: 0, removed: 0 })
    const next = await agenda.getAgenda(t.db, s.m.nextYear)
    const report = next.items.find((i) => i.reports.length > 0)!
    expect(report.type).toBe('通报')
    expect(report.reports).toEqual([
      { id: r.id, number: '〔2026〕议字第1号', dueDate: '2026-10-20', leadDepartment: '物业' },
    ])
    expect(report.title).toBe('督办通报：逾期未办结的决议')

    let figures = await dashboard(t.db, { from: '2026-01-01', to: '2026-12-31' }, NOW)
    expect(figures.completedOnTime).toMatchObject({ part: 0, whole: 1, percent: 0 })
    expect(figures.toFirstAction.hours).toBe(36)
    expect(figures.overdue.rows.map((x) => x.number)).toEqual(['〔2026〕议字第1号'])

    await resolutions.completeResolution(
      t.db,
      r.id,
      { note: '已更换 6 盏声控灯', at: '2026-11-20T10:00', reportedBy: '物业' },
      NOW,
    )
    expect((await status(topic.id)).answered_at).toBe('2026-11-20T02:00:00.000Z')
    const waiting = await stillToTell(t.db, { limit: 20, offset: 0 }, NOW)
    const entry = waiting.rows.find((x) => x.kind === 'resolution' && x.id === r.id)!
    expect(entry.residents).toEqual([{ name: '王芳', household: '1号楼 1单元 101' }])
    expect(entry.message).toContain('王*居民')
    expect(entry.message).toContain('〔2026〕议字第1号')
    expect(entry.message).toContain('已更换 6 盏声控灯')
    expect(entry.message).not.toContain('王芳')
    // A profile named as the form's example ("…居民委员会") is not doubled in the message.
    await t.db.updateTable('community').set({ name: '幸福里社区居民委员会' }).where('id', '=', 1).execute()
    const renamed = (await stillToTell(t.db, { limit: 20, offset: 0 }, NOW)).rows.find((x) => x.id === r.id)!
    expect(renamed.message).toContain('请联系幸福里社区居民委员会')
    expect(renamed.message).not.toContain('居民委员会居民委员会')
    await t.db.updateTable('community').set({ name: '幸福里社区' }).where('id', '=', 1).execute()

    // Satisfaction with nothing told is refused and changes nothing.
    await expect(feedback.rate(t.db, { resolutionId: r.id }, '满意', NOW)).rejects.toThrow('还没有登记过向居民的反馈')
    expect((await resolutions.getResolution(t.db, r.id, NOW)).resolution.status).toBe('已办结')

    await feedback.addFeedback(
      t.db,
      { resolutionId: r.id },
      { channel: '微信群', toldAt: '2026-11-20T18:00', content: entry.message, satisfaction: '满意' },
      NOW,
    )
    got = await resolutions.getResolution(t.db, r.id, NOW)
    expect(got.resolution.status).toBe('已评价')
    expect(got.resolution.completedOnTime).toBe(false)
    expect((await status(topic.id)).told_at).toBe('2026-11-20T10:00:00.000Z')
    expect((await stillToTell(t.db, { limit: 20, offset: 0 }, NOW)).rows.some((x) => x.id === r.id)).toBe(false)

    figures = await dashboard(t.db, { from: '2026-01-01', to: '2026-12-31' }, NOW)
    expect(figures.residentsTold).toMatchObject({ part: 1, whole: 1, percent: 100 })
    expect(figures.satisfaction).toMatchObject({ part: 1, whole: 1, percent: 100 })
    expect(figures.completedOnTime).toMatchObject({ part: 0, whole: 1 })
    expect(figures.overdue.total).toBe(0)
    // The seeded March meeting had 4 items typed by hand; October's one came from a resident.
    expect(figures.agendaFromResidents).toMatchObject({ part: 1, whole: 5 })
    expect(figures.topics.byChannel.find((c) => c.channel === '电话')!.count).toBe(1)
    expect(figures.topics.byMonth.find((m) => m.month === '2026-10')!.counts['电话']).toBe(1)
    expect(figures.topics.byMonth).toHaveLength(12)
  })

  it('numbers resolutions per year and never hands a number out twice, even after a void', async () => {
    let items: number[] = []
    await heldMeeting(async (mid) => {
      items = await Promise.all(
        ['一', '二'].map((n) =>
          agenda
            .addItem(t.db, mid, { title: `讨论${n}`, type: '讨论', presenter: '', plannedMinutes: 10 })
            .then((x) => x.id),
        ),
      )
    })
    for (const id of items) await agenda.setItemState(t.db, id, '已议')
    const input = { text: '办理', leadDepartment: '城管', coDepartments: [], dueDate: '2026-12-31' }
    const a = await resolutions.createResolution(t.db, items[0]!, input, NOW)
    const b = await resolutions.createResolution(t.db, items[1]!, input, NOW)
    await resolutions.voidResolution(t.db, b.id, '重复形成', NOW)
    const c = await resolutions.createResolution(t.db, items[1]!, input, NOW)
    expect([a.number, b.number, c.number]).toEqual(['〔2026〕议字第1号', '〔2026〕议字第2号', '〔2026〕议字第3号'])
    // An item with a resolution can no longer be reopened or removed.
    await expect(agenda.setItemState(t.db, items[0]!, '待议')).rejects.toThrow('已经形成决议〔2026〕议字第1号')
    // Editing leaves a trace in the append-only notes.
    await resolutions.updateResolution(t.db, a.id, { ...input, dueDate: '2027-01-15', reason: '街道要求延期' }, NOW)
    const notes = (await resolutions.getResolution(t.db, a.id, NOW)).progress
    expect(notes.map((n) => n.kind)).toEqual(['修改'])
    expect(notes[0]!.text).toContain('办理时限由2026年12月31日改为2027年1月15日。理由：街道要求延期')
    // A 通报 item does not make resolutions.
    await expect(resolutions.createResolution(t.db, s.items.notice, input, NOW)).rejects.toThrow('通报事项')
  })
})

describe('topics', () => {
  it('routes by the category rule with a clock, takes a reply, and shows time left', async () => {
    const { id } = await topics.createTopic(t.db, topicInput({ categoryId: 3, description: '电动车在楼道充电' }), NOW)
    const routed = await topics.routeTopic(t.db, id, { department: null, reason: '属安全隐患，转应急管理' }, NOW)
    expect(routed).toEqual({ department: '应急管理', respondBy: '2026-11-21T14:00' })
    const later = '2026-11-21T05:00:00.000Z' // 13:00, 3 hours on
    let row = (await topics.getTopic(t.db, id, later)).topic
    expect(row.routing).toMatchObject({ department: '应急管理', hoursLeft: 1, state: '待答复' })
    row = (await topics.getTopic(t.db, id, '2026-11-21T08:00:00.000Z')).topic
    expect(row.routing).toMatchObject({ hoursLeft: -2, state: '已超时' })
    await topics.recordDepartmentReply(t.db, id, { text: '已清理并张贴告示', at: '2026-11-21T12:30' }, later)
    row = (await topics.getTopic(t.db, id, later)).topic
    expect(row.routing).toMatchObject({ state: '已答复', hoursTaken: 2.5 })
    expect(row.answeredAt).toBe('2026-11-21T12:30')

    // Still owed to the resident until told after the answer.
    const waiting = await stillToTell(t.db, { limit: 10, offset: 0 }, later)
    expect(waiting.rows.map((x) => [x.kind, x.number])).toEqual([['topic', '2026-0001']])
    expect(waiting.rows[0]!.message).toContain('应急管理答复：已清理并张贴告示')
    await feedback.addFeedback(
      t.db,
      { topicId: id },
      { channel: '电话', toldAt: null, content: '已电话告知', satisfaction: null },
      later,
    )
    expect((await stillToTell(t.db, { limit: 10, offset: 0 }, later)).total).toBe(0)
  })

  it('edits the routing rules for later topics only, and refuses rejecting without a reason at the database', async () => {
    const first = await topics.createTopic(t.db, topicInput(), NOW)
    await topics.routeTopic(t.db, first.id, { department: null, reason: '转城管' }, NOW)
    await categories.updateCategory(t.db, 1, {
      name: '环境卫生',
      department: '街道环卫所',
      responseHours: 48,
      retired: false,
    })
    const second = await topics.createTopic(t.db, topicInput({ description: '垃圾桶满了' }), NOW)
    const r = await topics.routeTopic(t.db, second.id, { department: null, reason: '转环卫' }, NOW)
    expect(r.department).toBe('街道环卫所')
    expect((await topics.getTopic(t.db, first.id, NOW)).topic.routing!.department).toBe('城管')
    await expect(topics.rejectTopic(t.db, second.id, '重复', NOW)).rejects.toThrow('不能不予采纳')
    // Satisfaction on a topic that has no answer yet is refused.
    const third = await topics.createTopic(t.db, topicInput({ description: '想加装健身器材' }), NOW)
    await expect(
      feedback.addFeedback(
        t.db,
        { topicId: third.id },
        { channel: '电话', toldAt: null, content: '已收到', satisfaction: '满意' },
        NOW,
      ),
    ).rejects.toThrow('还没有答复结果')
    await topics.rejectTopic(t.db, third.id, '场地不足，暂不考虑', NOW)
    expect((await status(third.id)).status).toBe('不予采纳')
  })

  it('goes back to 已采纳 when its agenda item is removed', async () => {
    const { id } = await topics.createTopic(t.db, topicInput(), NOW)
    const { itemId } = await topics.putOnAgenda(
      t.db,
      id,
      { meetingId: s.m.nextYear, title: '楼道灯', type: '讨论', plannedMinutes: 10, presenter: '' },
      NOW,
    )
    await agenda.removeItem(t.db, itemId)
    expect((await status(id)).status).toBe('已采纳')
    // A future year is refused as received time.
    await expect(topics.createTopic(t.db, topicInput({ receivedAt: '2026-12-01T09:00' }), NOW)).rejects.toThrow(
      '「收到时间」不能晚于现在',
    )
  })

  it('owes a decided topic without a resolution its vote result, and counts loose ends for the home page', async () => {
    const { id } = await topics.createTopic(t.db, topicInput({ description: '小区增设充电桩' }), NOW)
    await topics.createTopic(t.db, topicInput({ description: '还没处理的议题' }), NOW)
    let itemId = 0
    await heldMeeting(async (mid) => {
      itemId = (
        await topics.putOnAgenda(
          t.db,
          id,
          { meetingId: mid, title: '增设充电桩', type: '表决', plannedMinutes: 10, presenter: '' },
          NOW,
        )
      ).itemId
    })
    await agenda.recordVote(t.db, itemId, { for: 1, against: 3, abstain: 0 })
    const waiting = await stillToTell(t.db, { limit: 10, offset: 0 }, NOW)
    expect(waiting.rows).toHaveLength(1)
    expect(waiting.rows[0]!.message).toContain('表决未通过（赞成 1 票，反对 3 票，弃权 0 票）')
    // Other modules (the fund) add their own tiles; these are the follow-up loop's.
    expect(await reminders(t.db, NOW)).toMatchObject({
      topicsWaiting: 1,
      routedLate: 0,
      overdueResolutions: 0,
      stillToTell: 1,
    })
  })

  it('reports every overdue resolution of a council in one 督办通报 item on its next meeting', async () => {
    let items: number[] = []
    await heldMeeting(async (mid) => {
      items = await Promise.all(
        ['一', '二', '三'].map((n) =>
          agenda
            .addItem(t.db, mid, { title: `讨论${n}`, type: '讨论', presenter: '', plannedMinutes: 10 })
            .then((x) => x.id),
        ),
      )
    })
    for (const id of items) await agenda.setItemState(t.db, id, '已议')
    const due = (dueDate: string, i: number) =>
      resolutions.createResolution(
        t.db,
        items[i]!,
        { text: `事项${i}`, leadDepartment: '城管', coDepartments: [], dueDate },
        NOW,
      )
    const late1 = await due('2026-10-15', 0)
    const late2 = await due('2026-11-01', 1)
    await due('2026-12-31', 2) // not yet due
    // Each resolution made overdue was listed by its own change; the upkeep has nothing to add.
    expect(await syncOverdueReports(t.db, NOW)).toEqual({ added: 0, removed: 0 })
    const reportsOn = async () => (await agenda.getAgenda(t.db, s.m.nextYear)).items.filter((i) => i.reports.length > 0)
    let next = await reportsOn()
    expect(next).toHaveLength(1)
    expect(next[0]!.reports.map((r) => r.id)).toEqual([late1.id, late2.id])
    // The meeting's agenda figure does not count it as a resident's or an office's new item.
    const figures = await dashboard(t.db, { from: '2027-01-01', to: '2027-01-31' }, NOW)
    expect(figures.agendaFromResidents.whole).toBe(0)
    // Removed by the clerk: the next sync puts it back, since the work is still overdue.
    await agenda.removeItem(t.db, next[0]!.id)
    expect(await syncOverdueReports(t.db, NOW)).toEqual({ added: 2, removed: 0 })
    // Work completed before the meeting comes off its list; when none is left, so does the item.
    // Completing it takes it off at once.
    await resolutions.completeResolution(t.db, late1.id, { note: '已办', at: null, reportedBy: '' }, NOW)
    expect(await syncOverdueReports(t.db, NOW)).toEqual({ added: 0, removed: 0 })
    next = await reportsOn()
    expect(next.flatMap((i) => i.reports.map((r) => r.id))).toEqual([late2.id])
    expect((await resolutions.getResolution(t.db, late2.id, NOW)).reportedAt.map((m) => m.title)).toEqual([
      '新年议事会',
    ])
  })
})

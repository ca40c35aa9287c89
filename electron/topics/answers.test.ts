import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { seedCommunity, type Seeded } from '../testing/test-seed'
import * as agenda from '../meetings/agenda-service'
import * as attendance from '../meetings/attendance-service'
import * as meetings from '../meetings/meeting-service'
import * as topics from './topic-service'
import * as resolutions from './resolution-service'
import * as feedback from '../feedback/feedback-service'
import { stillToTell } from '../feedback/still-to-tell'
import { syncOverdueReports } from './overdue-report'

/** 2026-11-21 10:00 in Shanghai. */
const NOW = '2026-11-21T02:00:00.000Z'

let t: TempDb
let s: Seeded
beforeEach(async () => {
  t = await openTempDb()
  s = await seedCommunity(t.db)
})
afterEach(async () => t.cleanup())

const residentNamed = async (name: string) =>
  (await t.db.selectFrom('residents').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id

async function topic(residentName: string, description: string, duplicateOfId: number | null = null, day = '01') {
  return topics.createTopic(
    t.db,
    {
      receivedAt: `2026-10-${day}T09:00`,
      channel: '电话',
      residentId: await residentNamed(residentName),
      gridId: null,
      buildingId: null,
      categoryId: 1,
      urgency: '一般',
      description,
      duplicateOfId,
    },
    NOW,
  )
}

const waiting = async () => (await stillToTell(t.db, { limit: 50, offset: 0 }, NOW)).rows
const tell = (topicId: number) =>
  feedback.addFeedback(
    t.db,
    { topicId },
    { channel: '电话', toldAt: null, content: '电话告知了结果', satisfaction: null },
    NOW,
  )

/** A council meeting held on 2026-10-10 with everyone present, the topic on its agenda as a 表决 item. */
async function heldWith(topicId: number, start = '2026-10-10T19:00') {
  const { id } = await meetings.createMeeting(t.db, {
    kind: '议事会例会',
    title: '十月议事会',
    start,
    end: start.replace('19:00', '21:00'),
    roomId: null,
    councilId: s.councilId,
    host: '',
    recorder: '',
  })
  const { itemId } = await topics.putOnAgenda(
    t.db,
    topicId,
    { meetingId: id, title: '楼道灯维修', type: '表决', plannedMinutes: 15, presenter: '' },
    NOW,
  )
  await meetings.setStatus(t.db, id, '已通知', '')
  await meetings.setStatus(t.db, id, '进行中', '')
  await attendance.recordAttendance(
    t.db,
    id,
    ['王芳', '李建国', '张秀英', '刘洋', '赵磊'].map((n) => ({
      memberId: s.members[n]!,
      status: '出席' as const,
      proxyMemberId: null,
    })),
    0,
  )
  return { meetingId: id, itemId }
}

describe('待告知: the reporters of a duplicate are told too', () => {
  it('lists a duplicate reporter with the original’s answer, and telling them takes them off', async () => {
    const original = await topic('王芳', '3号楼楼道灯坏了很久没人修')
    const dup = await topic('李建国', '楼道灯坏了一个多星期', original.id, '03')
    expect((await waiting()).map((r) => r.id)).toEqual([])

    await topics.rejectTopic(t.db, original.id, '已列入物业本月维修计划', NOW)
    const rows = await waiting()
    expect(rows.map((r) => [r.kind, r.id])).toEqual([
      ['topic', original.id],
      ['topic', dup.id],
    ])
    const second = rows[1]!
    expect(second.residents.map((p) => p.name)).toEqual(['李建国'])
    expect(second.answer).toBe(`与${original.number}相同，不予采纳：已列入物业本月维修计划`)
    expect(second.message).toContain('李*国居民：您2026年10月3日反映的“楼道灯坏了一个多星期”')
    expect(second.message).toContain(`与居民此前反映的问题（${original.number}）相同，一并处理，经社区研究`)
    expect(second.message).toContain('原因：已列入物业本月维修计划')

    // Telling the first reporter tells nobody else; telling the second takes them off.
    await tell(original.id)
    expect((await waiting()).map((r) => r.id)).toEqual([dup.id])
    await tell(dup.id)
    expect(await waiting()).toEqual([])
    const told = await t.db.selectFrom('topics').select('told_at').where('id', '=', dup.id).executeTakeFirstOrThrow()
    expect(told.told_at).not.toBeNull()
  })

  it('follows the original through a resolution: listed when it is completed, not before', async () => {
    const original = await topic('王芳', '3号楼楼道灯坏了很久没人修')
    const dup = await topic('李建国', '楼道灯坏了', original.id, '02')
    const { itemId } = await heldWith(original.id)
    await agenda.recordVote(t.db, itemId, { for: 5, against: 0, abstain: 0 })
    // Decided without a resolution yet: the vote is the answer, for both.
    expect((await waiting()).map((r) => r.id).sort()).toEqual([original.id, dup.id].sort())
    const r = await resolutions.createResolution(
      t.db,
      itemId,
      { text: '物业一周内更换楼道灯', leadDepartment: '物业', coDepartments: [], dueDate: '2026-12-31' },
      NOW,
    )
    // Now the answer is the resolution's completion: nobody is owed anything yet.
    expect(await waiting()).toEqual([])
    await resolutions.completeResolution(t.db, r.id, { note: '已更换 6 盏灯', at: null, reportedBy: '' }, NOW)
    const rows = await waiting()
    expect(rows.map((x) => [x.kind, x.id])).toEqual([
      ['resolution', r.id],
      ['topic', dup.id],
    ])
    expect(rows[1]!.message).toContain(
      `形成决议${r.number}：物业一周内更换楼道灯。牵头部门物业已于2026年11月21日办结：已更换 6 盏灯`,
    )
    // Telling about the resolution reaches the first reporter only.
    await feedback.addFeedback(
      t.db,
      { resolutionId: r.id },
      { channel: '公告栏', toldAt: null, content: '张贴了办结情况', satisfaction: null },
      NOW,
    )
    expect((await waiting()).map((x) => x.id)).toEqual([dup.id])
    await tell(dup.id)
    expect(await waiting()).toEqual([])
  })

  it('a duplicate marked later takes the answer already given; one routed on its own waits for its own', async () => {
    const original = await topic('王芳', '3号楼楼道灯坏了很久没人修')
    await topics.rejectTopic(t.db, original.id, '已列入物业本月维修计划', NOW)
    const late = await topic('李建国', '楼道灯坏了', original.id, '05')
    expect((await waiting()).map((r) => r.id)).toContain(late.id)
    await topics.routeTopic(t.db, late.id, { department: '物业', reason: '居民要求物业直接答复' }, NOW)
    expect((await waiting()).map((r) => r.id)).not.toContain(late.id)
  })

  it('an anonymous duplicate adds no second notice', async () => {
    const original = await topic('王芳', '3号楼楼道灯坏了很久没人修')
    const anonymous = await topics.createTopic(
      t.db,
      {
        receivedAt: '2026-10-02T09:00',
        channel: '意见箱',
        residentId: null,
        gridId: null,
        buildingId: null,
        categoryId: 1,
        urgency: '一般',
        description: '楼道灯坏了',
        duplicateOfId: original.id,
      },
      NOW,
    )
    await topics.rejectTopic(t.db, original.id, '已列入物业本月维修计划', NOW)
    expect((await waiting()).map((r) => r.id)).toEqual([original.id])
    // Naming the reporter later makes them owed the answer.
    await topics.updateTopic(
      t.db,
      anonymous.id,
      {
        receivedAt: null,
        channel: '意见箱',
        residentId: await residentNamed('李建国'),
        gridId: null,
        buildingId: null,
        categoryId: 1,
        urgency: '一般',
        description: '楼道灯坏了',
        duplicateOfId: original.id,
      },
      NOW,
    )
    expect((await waiting()).map((r) => r.id)).toEqual([original.id, anonymous.id])
  })
})

describe('决议督办: a moved deadline and a resolution reopened', () => {
  async function overdueResolution() {
    const tp = await topic('王芳', '3号楼楼道灯坏了很久没人修')
    const { itemId } = await heldWith(tp.id)
    await agenda.recordVote(t.db, itemId, { for: 5, against: 0, abstain: 0 })
    return resolutions.createResolution(
      t.db,
      itemId,
      { text: '物业更换楼道灯', leadDepartment: '物业', coDepartments: [], dueDate: '2026-10-20' },
      NOW,
    )
  }
  const input = { text: '物业更换楼道灯', leadDepartment: '物业', coDepartments: [] }

  it('refuses to move a due date without a reason, and changes nothing', async () => {
    const r = await overdueResolution()
    await expect(
      resolutions.updateResolution(t.db, r.id, { ...input, dueDate: '2026-12-31', reason: '  ' }, NOW),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('改办理时限要写明理由') })
    const row = await t.db.selectFrom('resolutions').select('due_date').where('id', '=', r.id).executeTakeFirstOrThrow()
    expect(row.due_date).toBe('2026-10-20')
    // Other edits need no reason.
    await resolutions.updateResolution(
      t.db,
      r.id,
      { ...input, leadDepartment: '城管', dueDate: '2026-10-20', reason: '' },
      NOW,
    )
  })

  it('says in the history that the old deadline had passed, and keeps it on the coming 督办通报', async () => {
    const r = await overdueResolution()
    // The council's next meeting lists it as overdue.
    const { id: next } = await meetings.createMeeting(t.db, {
      kind: '议事会例会',
      title: '十二月议事会',
      start: '2026-12-12T19:00',
      end: '2026-12-12T21:00',
      roomId: null,
      councilId: s.councilId,
      host: '',
      recorder: '',
    })
    await syncOverdueReports(t.db, NOW)
    const reported = async () => (await agenda.getAgenda(t.db, next)).items.flatMap((i) => i.reports.map((x) => x.id))
    expect(await reported()).toEqual([r.id])

    await resolutions.updateResolution(
      t.db,
      r.id,
      { ...input, dueDate: '2026-12-31', reason: '灯具缺货，厂家12月底到货' },
      NOW,
    )
    const got = await resolutions.getResolution(t.db, r.id, NOW)
    expect(got.resolution.overdue).toBe(false)
    expect(got.progress.at(-1)).toMatchObject({
      kind: '修改',
      text: '办理时限由2026年10月20日改为2026年12月31日（原期限已逾期 32 天）。理由：灯具缺货，厂家12月底到货',
    })
    await syncOverdueReports(t.db, NOW)
    expect(await reported()).toEqual([r.id])
  })

  it('reopens a completed resolution the resident was not satisfied with, and owes them a new answer', async () => {
    const r = await overdueResolution()
    await resolutions.completeResolution(t.db, r.id, { note: '已换灯', at: null, reportedBy: '' }, NOW)
    await expect(
      resolutions.reopenResolution(t.db, r.id, { reason: '居民说灯还是不亮', dueDate: '2026-12-31' }, NOW),
    ).resolves.toBeUndefined()
    // Reopening an open one is refused; so is one with no reason.
    await expect(
      resolutions.reopenResolution(t.db, r.id, { reason: '再来', dueDate: '2026-12-31' }, NOW),
    ).rejects.toMatchObject({ code: 'BAD_STATUS' })
    await resolutions.completeResolution(t.db, r.id, { note: '换了新灯', at: null, reportedBy: '' }, NOW)
    await feedback.addFeedback(
      t.db,
      { resolutionId: r.id },
      { channel: '上门', toldAt: null, content: '上门告知', satisfaction: '不满意' },
      NOW,
    )
    await expect(
      resolutions.reopenResolution(t.db, r.id, { reason: ' ', dueDate: '2026-12-31' }, NOW),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await resolutions.reopenResolution(t.db, r.id, { reason: '楼道仍有两盏不亮', dueDate: '2027-01-15' }, NOW)
    const got = await resolutions.getResolution(t.db, r.id, NOW)
    expect([got.resolution.status, got.resolution.completedAt, got.resolution.dueDate]).toEqual([
      '办理中',
      null,
      '2027-01-15',
    ])
    expect(got.progress.at(-1)!.text).toBe(
      '重新办理：居民评价不满意，原「已评价」退回办理中，办理时限改为2027年1月15日。原因：楼道仍有两盏不亮',
    )
    // The earlier completions stay in the history.
    expect(got.progress.filter((p) => p.kind === '办结')).toHaveLength(2)
    // The resident is owed the next answer, not the old one.
    expect(await waiting()).toEqual([])
  })
})

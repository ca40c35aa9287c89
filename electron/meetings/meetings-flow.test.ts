import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { addDays } from '../../shared/dates'
import * as community from '../community/community-service'
import * as roster from '../people/roster-service'
import * as council from '../council/council-service'
import * as meetings from './meeting-service'
import * as series from './series-service'
import * as rooms from './room-service'
import * as agenda from './agenda-service'
import * as attendance from './attendance-service'
import * as minutes from './minutes-service'
import * as projection from './projection-service'
import { dispatch } from '../registry/dispatch'
import { registry } from '../registry'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

/** A community of 200 households and a council of 5 voting members plus one 列席. */
async function seedCouncil() {
  await community.createBuilding(t.db, { name: '1号楼', gridId: null, households: 120, residents: 300, note: '' })
  await community.createBuilding(t.db, { name: '2号楼', gridId: null, households: 80, residents: 200, note: '' })
  const c = await council.createCouncil(t.db, {
    name: '幸福里议事会',
    quorumRule: '过半数',
    passRule: '过半数',
    note: '',
  })
  const term = await council.createTerm(t.db, {
    councilId: c.id,
    name: '第一届',
    startDate: '2026-01-01',
    endDate: '2028-12-31',
  })
  const memberIds: number[] = []
  for (const [i, name] of ['张建国', '李秀英', '王志强', '刘桂兰', '陈国华', '赵列席'].entries()) {
    const r = await roster.createResident(t.db, {
      name,
      buildingId: 1,
      unit: '1',
      room: `${101 + i}`,
      phone: '13812345678',
      tags: [],
      note: '',
    })
    const m = await council.addMember(t.db, {
      termId: term.id,
      residentId: r.id,
      role: name === '赵列席' ? '列席' : i === 0 ? '召集人' : '成员',
      category: '居民代表',
      startDate: '2026-01-01',
      endDate: null,
    })
    memberIds.push(m.id)
  }
  const room = await rooms.createRoom(t.db, { name: '活动室', capacity: 40, note: '' })
  return { councilId: c.id, memberIds, roomId: room.id }
}

const base = (over: Partial<meetings.MeetingInput> = {}): meetings.MeetingInput => ({
  kind: '议事会例会',
  title: '三月议事会',
  start: '2026-03-12T19:00',
  end: '2026-03-12T21:00',
  roomId: null,
  councilId: null,
  host: '张建国',
  recorder: '李秀英',
  ...over,
})

describe('meetings', () => {
  it('stores Shanghai wall-clock times as UTC and lists them back in office time', async () => {
    const { id, advice } = await meetings.createMeeting(t.db, base())
    expect(advice.warnings).toEqual([])
    const raw = await t.db
      .selectFrom('meetings')
      .select(['starts_at', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(raw).toEqual({ starts_at: '2026-03-12T11:00:00.000Z', status: '草稿' })
    const list = await meetings.listMeetings(t.db, { from: '2026-03-01', to: '2026-03-31' })
    expect(list.map((m) => [m.title, m.start, m.end])).toEqual([['三月议事会', '2026-03-12T19:00', '2026-03-12T21:00']])
  })

  it('warns about a weekday afternoon but still saves it', async () => {
    const { advice } = await meetings.createMeeting(t.db, base({ start: '2026-03-12T14:00', end: '2026-03-12T16:00' }))
    expect(advice.warnings.join()).toContain('上班时间')
  })

  it('refuses end before start, and a double-booked room naming the other meeting', async () => {
    const { roomId } = await seedCouncil()
    await expect(meetings.createMeeting(t.db, base({ end: '2026-03-12T18:00' }))).rejects.toMatchObject({
      message: expect.stringContaining('结束时间要晚于开始时间'),
    })
    await meetings.createMeeting(t.db, base({ roomId }))
    await expect(
      meetings.createMeeting(
        t.db,
        base({ title: '协调会', roomId, start: '2026-03-12T20:30', end: '2026-03-12T22:00' }),
      ),
    ).rejects.toMatchObject({ code: 'ROOM_BOOKED', message: expect.stringContaining('「三月议事会」') })
    // Back-to-back is fine.
    await meetings.createMeeting(
      t.db,
      base({ title: '协调会', roomId, start: '2026-03-12T21:00', end: '2026-03-12T22:00' }),
    )
    expect(await t.db.selectFrom('meetings').selectAll().execute()).toHaveLength(2)
  })

  it('moves through its statuses, and needs a reason to postpone or cancel', async () => {
    const { id } = await meetings.createMeeting(t.db, base())
    await expect(meetings.setStatus(t.db, id, '进行中', '')).rejects.toMatchObject({ code: 'BAD_STATUS' })
    await expect(meetings.setStatus(t.db, id, '取消', ' ')).rejects.toMatchObject({
      message: expect.stringContaining('原因'),
    })
    await meetings.setStatus(t.db, id, '已通知', '')
    await meetings.setStatus(t.db, id, '延期', '暴雨预警')
    const row = await meetings.getMeetingRow(t.db, id)
    expect([row.status, row.statusReason]).toEqual(['延期', '暴雨预警'])
  })
})

describe('recurring series', () => {
  it('creates occurrences, lets one be moved or cancelled alone, and never re-creates it', async () => {
    const { roomId, councilId } = await seedCouncil()
    const s = await series.createSeries(t.db, {
      kind: '议事会例会',
      title: '月度议事会',
      councilId,
      rule: { freq: 'monthly', interval: 1, nth: 1, weekday: 4 },
      startTime: '19:00',
      durationMinutes: 120,
      startsOn: '2026-09-01',
      end: { type: 'never' },
      holidayPolicy: 'next',
      roomId,
      host: '张建国',
      recorder: '李秀英',
    })
    expect(s.description).toBe('每月第一个周四 19:00')
    expect(s.notes.join()).toContain('国庆节')
    const autumn = await meetings.listMeetings(t.db, { from: '2026-09-01', to: '2026-11-30' })
    expect(autumn.map((m) => m.start)).toEqual(['2026-09-03T19:00', '2026-10-08T19:00', '2026-11-05T19:00'])
    expect(autumn[1]!.holidayNote).toContain('国庆节')

    // Move November's, cancel September's: the series keeps the rest.
    const nov = autumn[2]!
    await meetings.updateMeeting(t.db, nov.id, {
      ...base({ councilId, roomId, title: nov.title }),
      start: '2026-11-06T19:00',
      end: '2026-11-06T21:00',
    })
    await meetings.setStatus(t.db, autumn[0]!.id, '取消', '与社区活动冲突')
    // Browsing far ahead extends the series up to the horizon (today + 2 years), not beyond,
    // without duplicating the moved one.
    const later = await meetings.listMeetings(t.db, { from: '2026-09-01', to: '2030-12-31' })
    expect(later.filter((m) => m.start.startsWith('2026-11'))).toHaveLength(1)
    expect(later.find((m) => m.start.startsWith('2026-11'))!.start).toBe('2026-11-06T19:00')
    const horizon = series.seriesHorizon()
    expect(later.some((m) => m.start.slice(0, 10) >= addDays(horizon, -45))).toBe(true)
    expect(later.every((m) => m.start.slice(0, 10) < addDays(horizon, 7))).toBe(true)
    expect(later.find((m) => m.id === autumn[0]!.id)!.status).toBe('取消')
  })

  it('refuses a series that would double-book a room, creating nothing', async () => {
    const { roomId } = await seedCouncil()
    await meetings.createMeeting(
      t.db,
      base({ roomId, title: '居民恳谈会', start: '2026-04-02T19:30', end: '2026-04-02T20:30' }),
    )
    await expect(
      series.createSeries(t.db, {
        kind: '议事会例会',
        title: '月度议事会',
        councilId: null,
        rule: { freq: 'monthly', interval: 1, nth: 1, weekday: 4 },
        startTime: '19:00',
        durationMinutes: 120,
        startsOn: '2026-03-01',
        end: { type: 'count', count: 3 },
        holidayPolicy: 'keep',
        roomId,
        host: '',
        recorder: '',
      }),
    ).rejects.toMatchObject({ code: 'ROOM_BOOKED', message: expect.stringContaining('居民恳谈会') })
    expect(await t.db.selectFrom('meeting_series').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('meetings').selectAll().execute()).toHaveLength(1)
  })
})

describe('agenda, attendance, votes and minutes', () => {
  async function openMeeting() {
    const seeded = await seedCouncil()
    const s = await series.createSeries(t.db, {
      kind: '议事会例会',
      title: '月度议事会',
      councilId: seeded.councilId,
      rule: { freq: 'monthly', interval: 1, nth: 2, weekday: 4 },
      startTime: '19:00',
      durationMinutes: 90,
      startsOn: '2026-03-01',
      end: { type: 'count', count: 3 },
      holidayPolicy: 'next',
      roomId: seeded.roomId,
      host: '',
      recorder: '',
    })
    const [first, second] = await meetings.listMeetings(t.db, { from: '2026-03-01', to: '2026-05-31' })
    return { ...seeded, seriesId: s.seriesId, meetingId: first!.id, nextId: second!.id }
  }

  it('totals the agenda against the meeting length and carries an item to the next meeting', async () => {
    const { meetingId, nextId } = await openMeeting()
    await agenda.addItem(t.db, meetingId, {
      title: '加装电梯进展通报',
      type: '通报',
      presenter: '张建国',
      plannedMinutes: 30,
    })
    const vote = await agenda.addItem(t.db, meetingId, {
      title: '停车位划线方案',
      type: '表决',
      presenter: '',
      plannedMinutes: 40,
    })
    let a = await agenda.getAgenda(t.db, meetingId)
    expect([a.totalMinutes, a.meetingMinutes, a.warning]).toEqual([70, 90, ''])
    const extra = await agenda.addItem(t.db, meetingId, {
      title: '垃圾分类',
      type: '讨论',
      presenter: '',
      plannedMinutes: 30,
    })
    a = await agenda.getAgenda(t.db, meetingId)
    expect(a.overBy).toBe(10)
    expect(a.warning).toContain('多 10 分钟')

    await agenda.moveItem(t.db, extra.id, 'up')
    expect((await agenda.getAgenda(t.db, meetingId)).items.map((i) => i.title)).toEqual([
      '加装电梯进展通报',
      '垃圾分类',
      '停车位划线方案',
    ])

    const moved = await agenda.carryOver(t.db, extra.id)
    expect(moved.meetingId).toBe(nextId)
    const next = await agenda.getAgenda(t.db, nextId)
    expect(next.items.map((i) => [i.title, i.carriedFrom])).toEqual([['垃圾分类', '2026年3月12日']])
    expect((await agenda.getAgenda(t.db, meetingId)).items.find((i) => i.id === extra.id)!.state).toBe('顺延')
    await expect(agenda.carryOver(t.db, extra.id)).rejects.toMatchObject({ code: 'ALREADY' })
    expect(vote.id).toBeGreaterThan(0)
  })

  it('computes quorum and participation from attendance, and checks proxies', async () => {
    const { meetingId, memberIds } = await openMeeting()
    const [a, b, c, d, e, observer] = memberIds as [number, number, number, number, number, number]
    await expect(
      attendance.recordAttendance(t.db, meetingId, [{ memberId: a, status: '委托', proxyMemberId: b }], 0),
    ).rejects.toMatchObject({ message: expect.stringContaining('受托人必须是本次出席的成员') })
    const s = await attendance.recordAttendance(
      t.db,
      meetingId,
      [
        { memberId: a, status: '出席', proxyMemberId: null },
        { memberId: b, status: '出席', proxyMemberId: null },
        { memberId: c, status: '委托', proxyMemberId: a },
        { memberId: d, status: '请假', proxyMemberId: null },
        { memberId: e, status: '缺席', proxyMemberId: null },
        { memberId: observer, status: '出席', proxyMemberId: null },
      ],
      17,
    )
    expect(s).toMatchObject({
      expected: 5,
      present: 2,
      proxies: 1,
      onLeave: 1,
      absent: 1,
      observers: 1,
      quorumNeeded: 3,
    })
    expect(s.quorumReached).toBe(true) // 2 present + 1 proxy > 5 / 2
    expect(s.participants).toBe(2 + 1 + 17)
    expect(s.participationRate).toBe(10) // 20 of 200 households
  })

  it('computes a vote result from counts, refusing counts above those eligible', async () => {
    const { meetingId, memberIds } = await openMeeting()
    const item = await agenda.addItem(t.db, meetingId, {
      title: '停车位划线方案',
      type: '表决',
      presenter: '',
      plannedMinutes: 30,
    })
    await expect(agenda.recordVote(t.db, item.id, { for: 1, against: 0, abstain: 0 })).rejects.toMatchObject({
      code: 'NO_ATTENDANCE',
    })
    await attendance.recordAttendance(
      t.db,
      meetingId,
      memberIds.slice(0, 4).map((memberId) => ({ memberId, status: '出席' as const, proxyMemberId: null })),
      0,
    )
    await expect(agenda.recordVote(t.db, item.id, { for: 3, against: 2, abstain: 0 })).rejects.toMatchObject({
      message: expect.stringContaining('超过了有表决权的出席人数（4 人）'),
    })
    const tie = await agenda.recordVote(t.db, item.id, { for: 2, against: 2, abstain: 0 })
    expect(tie).toMatchObject({ eligible: 4, rule: '过半数', passed: false })
    const pass = await agenda.recordVote(t.db, item.id, { for: 3, against: 1, abstain: 0 })
    expect(pass.passed).toBe(true)
    const stored = (await agenda.getAgenda(t.db, meetingId)).items[0]!
    expect(stored.vote).toEqual(pass)
    const notice = await agenda.addItem(t.db, meetingId, {
      title: '通报',
      type: '通报',
      presenter: '',
      plannedMinutes: 5,
    })
    await expect(agenda.recordVote(t.db, notice.id, { for: 1, against: 0, abstain: 0 })).rejects.toMatchObject({
      message: expect.stringContaining('表决'),
    })
  })

  it('keeps minutes as a draft until confirmed, then locks them', async () => {
    const { meetingId } = await openMeeting()
    const item = await agenda.addItem(t.db, meetingId, {
      title: '停车',
      type: '讨论',
      presenter: '',
      plannedMinutes: 30,
    })
    await expect(minutes.saveMinutes(t.db, meetingId, '正文', [])).rejects.toMatchObject({ code: 'TOO_EARLY' })
    await meetings.setStatus(t.db, meetingId, '已通知', '')
    await meetings.setStatus(t.db, meetingId, '进行中', '')
    await minutes.saveMinutes(t.db, meetingId, '会议讨论了停车问题。', [{ itemId: item.id, outcome: '由物业出方案' }])
    expect((await meetings.getMeetingRow(t.db, meetingId)).status).toBe('待整理纪要')
    await expect(minutes.publishMinutes(t.db, meetingId)).rejects.toMatchObject({ code: 'BAD_STATUS' })
    await minutes.confirmMinutes(t.db, meetingId)
    await expect(minutes.saveMinutes(t.db, meetingId, '改动', [])).rejects.toMatchObject({ code: 'LOCKED' })
    await minutes.publishMinutes(t.db, meetingId)
    expect(await minutes.getMinutes(t.db, meetingId)).toMatchObject({ status: '已公示', body: '会议讨论了停车问题。' })
    expect((await meetings.getMeetingRow(t.db, meetingId)).status).toBe('纪要已确认')
    expect((await agenda.getAgenda(t.db, meetingId)).items[0]!.outcome).toBe('由物业出方案')
  })

  it('drives the projection: next, previous, pause, and a countdown', async () => {
    const { meetingId } = await openMeeting()
    await agenda.addItem(t.db, meetingId, { title: '第一项', type: '通报', presenter: '', plannedMinutes: 10 })
    await agenda.addItem(t.db, meetingId, { title: '第二项', type: '讨论', presenter: '', plannedMinutes: 20 })
    expect(await projection.projectionView(t.db)).toEqual({ active: false })
    const t0 = new Date('2026-03-12T11:00:00Z')
    let v = await projection.controlProjection(t.db, { action: 'start', meetingId }, t0)
    expect(v).toMatchObject({ active: true, index: 0, total: 2, current: { title: '第一项', remainingSeconds: 600 } })
    v = await projection.projectionView(t.db, new Date(t0.getTime() + 90_000))
    expect(v.active && v.current?.remainingSeconds).toBe(510)
    await projection.controlProjection(t.db, { action: 'toggle' }, new Date(t0.getTime() + 90_000))
    v = await projection.projectionView(t.db, new Date(t0.getTime() + 300_000))
    expect(v.active && [v.running, v.current?.remainingSeconds]).toEqual([false, 510])
    v = await projection.controlProjection(t.db, { action: 'next' }, new Date(t0.getTime() + 300_000))
    expect(v.active && [v.index, v.current?.title, v.current?.remainingSeconds]).toEqual([1, '第二项', 1200])
    v = await projection.controlProjection(t.db, { action: 'next' })
    expect(v.active && v.index).toBe(1)
    v = await projection.controlProjection(t.db, { action: 'prev' })
    expect(v.active && v.current?.title).toBe('第一项')
  })
})

describe('roster privacy', () => {
  it('masks phones in lists and logs every full view', async () => {
    const r = await roster.createResident(t.db, {
      name: '王芳',
      buildingId: null,
      unit: '',
      room: '',
      phone: '13812345678',
      tags: ['党员'],
      note: '',
    })
    const list = await roster.listResidents(t.db, { search: '王', limit: 10, offset: 0 })
    expect(list.rows[0]).toMatchObject({ name: '王芳', phone: '138****5678', tags: ['党员'] })
    expect(
      await dispatch(registry, t.db, t.ctx, 'reveal.show', { kind: 'resident.phone', id: r.id, reason: '通知开会' }),
    ).toEqual({ ok: true, value: { value: '13812345678' } })
    const log = await t.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).execute()
    expect(log).toEqual([{ action: '查看', entity: '居民电话', entity_id: r.id }])
    await roster.deleteResident(t.db, r.id)
    expect((await roster.listResidents(t.db, { search: '', limit: 10, offset: 0 })).total).toBe(0)
    // Landlines go through the same mask (shared/phone.ts): an 8-digit number shows 2 + 2.
    for (const phone of ['62188000', '021-62188000转12']) {
      await roster.createResident(t.db, {
        name: '李梅',
        buildingId: null,
        unit: '',
        room: '',
        phone,
        tags: [],
        note: '',
      })
    }
    const landlines = await roster.listResidents(t.db, { search: '李梅', limit: 10, offset: 0 })
    expect(landlines.rows.map((x) => x.phone).sort()).toEqual(['021-62****00转**', '62****00'])
  })
})

describe('roster and council edits', () => {
  it('keeps the phone when an edit leaves it out, and finds residents by room number', async () => {
    const r = await roster.createResident(t.db, {
      name: '王芳',
      buildingId: null,
      unit: '2',
      room: '301',
      phone: '13812345678',
      tags: [],
      note: '',
    })
    await roster.updateResident(t.db, r.id, {
      name: '王芳',
      buildingId: null,
      unit: '2',
      room: '302',
      tags: [],
      note: '搬家',
    })
    expect(await t.db.selectFrom('residents').select(['phone', 'room']).executeTakeFirstOrThrow()).toEqual({
      phone: '13812345678',
      room: '302',
    })
    expect((await roster.listResidents(t.db, { search: '302', limit: 10, offset: 0 })).total).toBe(1)
    await roster.deleteResident(t.db, r.id)
    await expect(roster.readPhone(t.db, r.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a membership that starts outside the term', async () => {
    const c = await council.createCouncil(t.db, { name: '议事会', quorumRule: '过半数', passRule: '过半数', note: '' })
    const term = await council.createTerm(t.db, {
      councilId: c.id,
      name: '第一届',
      startDate: '2026-01-01',
      endDate: '2028-12-31',
    })
    const r = await roster.createResident(t.db, {
      name: '李明',
      buildingId: null,
      unit: '',
      room: '',
      phone: '',
      tags: [],
      note: '',
    })
    await expect(
      council.addMember(t.db, {
        termId: term.id,
        residentId: r.id,
        role: '成员',
        category: '居民代表',
        startDate: '2025-06-01',
        endDate: null,
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('任期内') })
  })
})

describe('search', () => {
  it('takes % and _ literally', async () => {
    await meetings.createMeeting(t.db, base({ title: '物业费上调5%听证会' }))
    await meetings.createMeeting(
      t.db,
      base({ title: '物业费上调听证会', start: '2026-03-13T19:00', end: '2026-03-13T20:00' }),
    )
    const found = await meetings.listMeetings(t.db, { from: '2026-03-01', to: '2026-03-31', search: '5%' })
    expect(found.map((m) => m.title)).toEqual(['物业费上调5%听证会'])
    expect(await meetings.listMeetings(t.db, { from: '2026-03-01', to: '2026-03-31', search: '_' })).toEqual([])
  })
})

describe('locks and quorum', () => {
  it('refuses a vote without quorum, and changes after the minutes are confirmed', async () => {
    await community.createBuilding(t.db, { name: '1号楼', gridId: null, households: 100, residents: 200, note: '' })
    const c = await council.createCouncil(t.db, { name: '议事会', quorumRule: '过半数', passRule: '过半数', note: '' })
    const term = await council.createTerm(t.db, {
      councilId: c.id,
      name: '第一届',
      startDate: '2026-01-01',
      endDate: '2028-12-31',
    })
    const ids: number[] = []
    for (const name of ['甲', '乙', '丙', '丁']) {
      const r = await roster.createResident(t.db, {
        name,
        buildingId: 1,
        unit: '',
        room: '',
        phone: '',
        tags: [],
        note: '',
      })
      ids.push(
        (
          await council.addMember(t.db, {
            termId: term.id,
            residentId: r.id,
            role: '成员',
            category: '居民代表',
            startDate: '2026-01-01',
            endDate: null,
          })
        ).id,
      )
    }
    const { id } = await meetings.createMeeting(t.db, base({ councilId: c.id }))
    const item = await agenda.addItem(t.db, id, { title: '方案', type: '表决', presenter: '', plannedMinutes: 10 })
    const mark = (present: number[]) =>
      attendance.recordAttendance(
        t.db,
        id,
        ids.map((memberId) => ({
          memberId,
          status: present.includes(memberId) ? ('出席' as const) : ('缺席' as const),
          proxyMemberId: null,
        })),
        0,
      )
    await mark(ids.slice(0, 2)) // 2 of 4: not more than half
    await expect(agenda.recordVote(t.db, item.id, { for: 2, against: 0, abstain: 0 })).rejects.toMatchObject({
      code: 'NO_QUORUM',
    })
    await mark(ids.slice(0, 3))
    expect((await agenda.recordVote(t.db, item.id, { for: 2, against: 1, abstain: 0 })).passed).toBe(true)

    await meetings.setStatus(t.db, id, '已通知', '')
    await meetings.setStatus(t.db, id, '进行中', '')
    await minutes.saveMinutes(t.db, id, '纪要', [])
    await expect(meetings.setStatus(t.db, id, '纪要已确认', '')).rejects.toMatchObject({ code: 'BAD_STATUS' })
    await minutes.confirmMinutes(t.db, id)
    await expect(agenda.recordVote(t.db, item.id, { for: 0, against: 3, abstain: 0 })).rejects.toMatchObject({
      code: 'LOCKED',
    })
    await expect(mark(ids)).rejects.toMatchObject({ code: 'LOCKED' })
    await expect(agenda.setItemState(t.db, item.id, '待议')).rejects.toMatchObject({ code: 'LOCKED' })
    expect((await agenda.getAgenda(t.db, id)).items[0]!.vote).toMatchObject({ for: 2, against: 1 })
  })
})

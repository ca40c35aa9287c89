import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import * as community from '../community/community-service'
import * as roster from '../people/roster-service'
import * as attendance from './attendance-service'
import * as agenda from './agenda-service'
import * as council from '../council/council-service'
import * as meetings from './meeting-service'
import * as rooms from './room-service'
import * as series from './series-service'
import { editSeries, endSeries } from './series-edit'

/** Before every meeting made here (the series start in 2027). */
const NOW = '2026-12-01T02:00:00.000Z'

let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(async () => t.cleanup())

const audits = (entity: string) =>
  t.db.selectFrom('audit_log').select(['action', 'entity_id', 'detail']).where('entity', '=', entity).execute()

async function councilWithTerm() {
  await community.createBuilding(t.db, { name: '1号楼', gridId: null, households: 100, residents: 250, note: '' })
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
  return { councilId: c.id, termId: term.id }
}
async function member(termId: number, name: string, startDate = '2026-01-01') {
  const r = await roster.createResident(t.db, {
    name,
    buildingId: 1,
    unit: '1',
    room: '101',
    phone: '',
    tags: [],
    note: '',
  })
  return council.addMember(t.db, {
    termId,
    residentId: r.id,
    role: '成员',
    category: '居民代表',
    startDate,
    endDate: null,
  })
}

describe('council member', () => {
  it('edits role, category and dates inside the term, audited; refuses dates outside the term or a sign-in', async () => {
    const { councilId, termId } = await councilWithTerm()
    const m = await member(termId, '张建国')
    await council.updateMember(t.db, m.id, {
      role: '召集人',
      category: '党员',
      startDate: '2026-02-01',
      endDate: '2027-06-30',
    })
    expect((await council.listMembers(t.db, termId))[0]).toMatchObject({
      role: '召集人',
      category: '党员',
      startDate: '2026-02-01',
      endDate: '2027-06-30',
    })
    const log = await audits('议事会成员')
    expect(JSON.parse(log[0]!.detail)).toMatchObject({ before: { role: '成员', category: '居民代表' } })
    const fix = { role: '成员' as const, category: '党员' as const, endDate: null }
    await expect(council.updateMember(t.db, m.id, { ...fix, startDate: '2025-12-01' })).rejects.toThrow('任期内')
    await expect(
      council.updateMember(t.db, m.id, { ...fix, startDate: '2026-02-01', endDate: '2029-01-31' }),
    ).rejects.toThrow('不能晚于「第一届」的任期结束日')

    const { id: meetingId } = await meetings.createMeeting(t.db, {
      kind: '议事会例会',
      title: '三月例会',
      start: '2026-03-12T19:00',
      end: '2026-03-12T21:00',
      roomId: null,
      councilId,
      host: '',
      recorder: '',
    })
    await attendance.recordAttendance(t.db, meetingId, [{ memberId: m.id, status: '出席', proxyMemberId: null }], 0)
    await expect(council.updateMember(t.db, m.id, { ...fix, startDate: '2026-04-01' })).rejects.toThrow(
      '「三月例会」有签到记录',
    )
  })
})

describe('council term', () => {
  it('edits name and dates, keeping members inside and refusing an overlap, each naming who is in the way', async () => {
    const { councilId, termId } = await councilWithTerm()
    await member(termId, '李秀英', '2026-03-01')
    await council.updateTerm(t.db, termId, {
      name: '第一届（2026—2028）',
      startDate: '2026-02-01',
      endDate: '2028-12-31',
    })
    const terms = (await council.listCouncils(t.db))[0]!.terms
    expect(terms[0]).toMatchObject({ name: '第一届（2026—2028）', startDate: '2026-02-01' })
    await expect(
      council.updateTerm(t.db, termId, { name: '第一届', startDate: '2026-04-01', endDate: '2028-12-31' }),
    ).rejects.toThrow('李秀英的到任或离任日期在新的任期')
    const second = await council.createTerm(t.db, {
      councilId,
      name: '第二届',
      startDate: '2029-01-01',
      endDate: '2031-12-31',
    })
    await expect(
      council.updateTerm(t.db, second.id, { name: '第二届', startDate: '2028-06-01', endDate: '2031-12-31' }),
    ).rejects.toThrow('与「第一届（2026—2028）」的任期重叠')
    expect((await audits('议事会届次')).map((a) => a.action)).toEqual(['修改'])
  })

  it('deletes an empty term, and refuses one with members or meetings, naming them', async () => {
    const { councilId, termId } = await councilWithTerm()
    await member(termId, '王志强')
    await expect(council.deleteTerm(t.db, termId)).rejects.toThrow('「第一届」还有成员：王志强')

    const mistake = await council.createTerm(t.db, {
      councilId,
      name: '第二届',
      startDate: '2029-01-01',
      endDate: '2031-12-31',
    })
    await meetings.createMeeting(t.db, {
      kind: '议事会例会',
      title: '新年例会',
      start: '2029-01-10T19:00',
      end: '2029-01-10T21:00',
      roomId: null,
      councilId,
      host: '',
      recorder: '',
    })
    await expect(council.deleteTerm(t.db, mistake.id)).rejects.toThrow('2029年1月10日「新年例会」')

    const empty = await council.createTerm(t.db, {
      councilId,
      name: '错录的届次',
      startDate: '2032-01-01',
      endDate: '2034-12-31',
    })
    await council.deleteTerm(t.db, empty.id)
    const names = (await council.listCouncils(t.db))[0]!.terms.map((x) => x.name)
    expect(names).not.toContain('错录的届次')
    const log = await audits('议事会届次')
    expect(log).toMatchObject([{ action: '删除', entity_id: empty.id }])
  })
})

describe('room', () => {
  const booking = (roomId: number, title: string, start: string, end: string) =>
    meetings.createMeeting(t.db, {
      kind: '协调会',
      title,
      start,
      end,
      roomId,
      councilId: null,
      host: '',
      recorder: '',
    })

  it('deletes an unused room, hides a used one (old meetings keep its name), refuses one still booked', async () => {
    const unused = await rooms.createRoom(t.db, { name: '二楼会议室', capacity: 20, note: '' })
    expect(await rooms.deleteRoom(t.db, unused.id, NOW)).toEqual({ kept: false })
    expect(await t.db.selectFrom('rooms').select('id').where('id', '=', unused.id).executeTakeFirst()).toBeUndefined()

    const hall = await rooms.createRoom(t.db, { name: '活动室', capacity: 40, note: '' })
    const past = await booking(hall.id, '十月协调会', '2026-10-10T19:00', '2026-10-10T21:00')
    const future = await booking(hall.id, '一月协调会', '2027-01-10T19:00', '2027-01-10T21:00')
    await expect(rooms.deleteRoom(t.db, hall.id, NOW)).rejects.toThrow('2027年1月10日「一月协调会」')
    await meetings.setStatus(t.db, future.id, '取消', '改线上')
    expect(await rooms.deleteRoom(t.db, hall.id, NOW)).toEqual({ kept: true })

    expect((await rooms.listRooms(t.db)).map((r) => r.name)).toEqual([])
    expect((await meetings.getMeetingRow(t.db, past.id)).roomName).toBe('活动室')
    await expect(booking(hall.id, '新会', '2027-02-10T19:00', '2027-02-10T21:00')).rejects.toThrow(
      '场地「活动室」已删除',
    )
    // The meeting that had it may still be corrected without losing it.
    const row = await meetings.getMeetingRow(t.db, past.id)
    await meetings.updateMeeting(t.db, past.id, {
      kind: '协调会',
      title: '十月协调会（更正）',
      start: row.start,
      end: row.end,
      roomId: hall.id,
      councilId: null,
      host: '',
      recorder: '',
    })
    // Adding 活动室 again brings the same room back, with its past meetings.
    expect((await rooms.createRoom(t.db, { name: '活动室', capacity: 50, note: '' })).id).toBe(hall.id)
    expect((await rooms.listRooms(t.db)).map((r) => [r.name, r.capacity])).toEqual([['活动室', 50]])
    expect((await audits('场地')).map((a) => a.action)).toEqual(['删除', '删除', '新增'])
  })

  it('refuses while a running series uses it', async () => {
    const hall = await rooms.createRoom(t.db, { name: '活动室', capacity: 40, note: '' })
    await series.createSeries(t.db, seriesInput({ roomId: hall.id, startsOn: '2027-06-01' }))
    await expect(rooms.deleteRoom(t.db, hall.id, NOW)).rejects.toThrow('系列会议「月度例会」还在用「活动室」')
  })
})

const seriesInput = (over: Partial<series.SeriesInput> = {}): series.SeriesInput => ({
  kind: '议事会例会',
  title: '月度例会',
  councilId: null,
  rule: { freq: 'monthly', interval: 1, nth: 2, weekday: 4 },
  startTime: '19:00',
  durationMinutes: 120,
  startsOn: '2027-03-01',
  end: { type: 'never' },
  holidayPolicy: 'keep',
  roomId: null,
  host: '王芳',
  recorder: '赵磊',
  ...over,
})
const ofSeries = (seriesId: number) =>
  t.db
    .selectFrom('meetings')
    .select(['id', 'title', 'starts_at', 'ends_at', 'room_id', 'host', 'status', 'occurrence_date'])
    .where('series_id', '=', seriesId)
    .orderBy('starts_at')
    .execute()

describe('series', () => {
  it('edits untouched occurrences from a date; earlier, changed and prepared ones stay; later ones follow', async () => {
    const room = await rooms.createRoom(t.db, { name: '议事厅', capacity: 60, note: '' })
    const { seriesId } = await series.createSeries(t.db, seriesInput())
    const before = await ofSeries(seriesId)
    // Mar, Apr, May, Jun... of 2027. The clerk moved the June one alone and prepared the July one.
    const june = before.find((m) => m.occurrence_date === '2027-06-10')!
    const july = before.find((m) => m.occurrence_date === '2027-07-08')!
    const juneRow = await meetings.getMeetingRow(t.db, june.id)
    await meetings.updateMeeting(t.db, june.id, {
      kind: '议事会例会',
      title: '月度例会',
      start: '2027-06-11T19:00',
      end: '2027-06-11T21:00',
      roomId: null,
      councilId: null,
      host: juneRow.host,
      recorder: juneRow.recorder,
    })
    await agenda.addItem(t.db, july.id, { title: '电梯', type: '讨论', presenter: '', plannedMinutes: 20 })

    const res = await editSeries(
      t.db,
      seriesId,
      {
        from: '2027-05-01',
        title: '居民议事会',
        startTime: '19:30',
        durationMinutes: 90,
        roomId: room.id,
        host: '李建国',
        recorder: '赵磊',
      },
      NOW,
    )
    expect(res.kept.map((k) => k.start)).toEqual(['2027-06-11T19:00', '2027-07-08T19:00'])
    const after = await ofSeries(seriesId)
    const get = (d: string) => after.find((m) => m.occurrence_date === d)!
    expect(get('2027-04-08')).toMatchObject({ title: '月度例会', starts_at: '2027-04-08T11:00:00.000Z', room_id: null })
    expect(get('2027-05-13')).toMatchObject({
      title: '居民议事会',
      starts_at: '2027-05-13T11:30:00.000Z',
      ends_at: '2027-05-13T13:00:00.000Z',
      room_id: room.id,
      host: '李建国',
    })
    expect(get('2027-06-10')).toMatchObject({ title: '月度例会', starts_at: '2027-06-11T11:00:00.000Z' })
    expect(get('2027-07-08')).toMatchObject({ title: '月度例会', starts_at: '2027-07-08T11:00:00.000Z' })
    expect(res.updated).toBe(after.filter((m) => m.title === '居民议事会').length)
    // Occurrences made later follow the edited series.
    await meetings.listMeetings(t.db, { from: '2028-05-01', to: '2028-05-31' })
    expect((await ofSeries(seriesId)).find((m) => m.occurrence_date === '2028-05-11')).toMatchObject({
      title: '居民议事会',
      starts_at: '2028-05-11T11:30:00.000Z',
    })
    expect(await audits('系列会议')).toHaveLength(1)
  })

  it('refuses the whole edit when the new room is taken, changing nothing', async () => {
    const room = await rooms.createRoom(t.db, { name: '议事厅', capacity: 60, note: '' })
    const { seriesId } = await series.createSeries(t.db, seriesInput())
    await meetings.createMeeting(t.db, {
      kind: '协调会',
      title: '物业协调会',
      start: '2027-09-09T19:00',
      end: '2027-09-09T20:00',
      roomId: room.id,
      councilId: null,
      host: '',
      recorder: '',
    })
    const before = await ofSeries(seriesId)
    await expect(
      editSeries(
        t.db,
        seriesId,
        {
          from: '2027-03-01',
          title: '月度例会',
          startTime: '19:00',
          durationMinutes: 120,
          roomId: room.id,
          host: '',
          recorder: '',
        },
        NOW,
      ),
    ).rejects.toThrow('「物业协调会」占用')
    expect(await ofSeries(seriesId)).toEqual(before)
  })

  it('ends from a date: untouched occurrences from then are removed, prepared ones stay, none are made later', async () => {
    const { seriesId } = await series.createSeries(t.db, seriesInput())
    const all = await ofSeries(seriesId)
    const sept = all.find((m) => m.occurrence_date === '2027-09-09')!
    await meetings.setStatus(t.db, sept.id, '已通知', '')
    const res = await endSeries(t.db, seriesId, '2027-08-01', NOW)
    expect(res.endDate).toBe('2027-07-31')
    expect(res.kept.map((k) => k.id)).toEqual([sept.id])
    const left = await ofSeries(seriesId)
    expect(left.map((m) => m.occurrence_date)).toEqual([
      '2027-03-11',
      '2027-04-08',
      '2027-05-13',
      '2027-06-10',
      '2027-07-08',
      '2027-09-09',
    ])
    expect(res.removed).toBe(all.length - left.length)
    await meetings.listMeetings(t.db, { from: '2029-01-01', to: '2029-12-31' })
    expect(await ofSeries(seriesId)).toHaveLength(left.length)
    const row = await t.db.selectFrom('meeting_series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ end_type: 'date', end_date: '2027-07-31' })
    await expect(endSeries(t.db, seriesId, '2027-09-01', NOW)).rejects.toThrow('已于2027年7月31日结束')
    expect(await audits('结束系列会议')).toHaveLength(1)
  })
})

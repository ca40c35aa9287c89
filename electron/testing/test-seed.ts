import type { Db } from '../database/open-database'
import type { MemberCategory, MemberRole } from '../../shared/council-values'
import type { MeetingKind } from '../../shared/meeting-values'
import * as community from '../community/community-service'
import * as roster from '../people/roster-service'
import * as agenda from '../meetings/agenda-service'
import * as attendance from '../meetings/attendance-service'
import * as council from '../council/council-service'
import * as meetings from '../meetings/meeting-service'
import * as minutes from '../meetings/minutes-service'
import * as rooms from '../meetings/room-service'

/**
 * A small community built through the services (never straight into tables), for the export tests:
 * 幸福里社区 with 100 households, a council of six (one 列席), and meetings in and around 2026 —
 * a held 19:00 例会 with attendance, votes and confirmed minutes, a cancelled one, an early-morning
 * one whose UTC date is the day before, and two outside the year.
 */
export interface Seeded {
  councilId: number
  members: Record<string, number>
  /** Meeting ids by a short key. */
  m: { held: number; cancelled: number; morning: number; nextYear: number; lastYear: number; noCouncil: number }
  items: { notice: number; discuss: number; passed: number; failed: number }
}

export const MEMBER_NAMES = ['王芳', '李建国', '张秀英', '刘洋', '陈静', '赵磊'] as const

export async function seedCommunity(db: Db): Promise<Seeded> {
  await community.saveProfile(db, {
    name: '幸福里社区',
    kind: '城市社区',
    address: '幸福路 88 号',
    phone: '021-12345678',
  })
  const grid = await community.createGrid(db, { name: '第一网格', note: '' })
  const b1 = await community.createBuilding(db, {
    name: '1号楼',
    gridId: grid.id,
    households: 40,
    residents: 100,
    note: '',
  })
  const b2 = await community.createBuilding(db, {
    name: '2号楼',
    gridId: grid.id,
    households: 60,
    residents: 150,
    note: '',
  })

  const councilId = (
    await council.createCouncil(db, { name: '幸福里议事会', quorumRule: '过半数', passRule: '过半数', note: '' })
  ).id
  const termId = (
    await council.createTerm(db, { councilId, name: '第一届', startDate: '2025-01-01', endDate: '2027-12-31' })
  ).id
  const roles: Array<[string, MemberRole, string]> = [
    ['王芳', '召集人', '居民代表'],
    ['李建国', '成员', '党员'],
    ['张秀英', '成员', '楼组长'],
    ['刘洋', '成员', '物业'],
    ['陈静', '列席', '驻区单位'],
    ['赵磊', '记录人', '居民代表'],
  ]
  const members: Record<string, number> = {}
  for (const [i, [name, role, category]] of roles.entries()) {
    const resident = await roster.createResident(db, {
      name,
      buildingId: i % 2 ? b2.id : b1.id,
      unit: String((i % 3) + 1),
      room: `${i + 1}01`,
      phone: `1380013${String(i).padStart(4, '0')}`,
      tags: [],
      note: '',
    })
    members[name] = (
      await council.addMember(db, {
        termId,
        residentId: resident.id,
        role: role as MemberRole,
        category: category as MemberCategory,
        startDate: '2025-01-01',
        endDate: null,
      })
    ).id
  }
  const room = await rooms.createRoom(db, { name: '社区议事厅', capacity: 60, note: '' })

  const meeting = (title: string, kind: MeetingKind, start: string, end: string, cid: number | null = councilId) =>
    meetings
      .createMeeting(db, { kind, title, start, end, roomId: room.id, councilId: cid, host: '王芳', recorder: '赵磊' })
      .then((r) => r.id)

  const held = await meeting('三月议事会例会', '议事会例会', '2026-03-12T19:00', '2026-03-12T21:00')
  const notice = await agenda.addItem(db, held, {
    title: '上月工作通报',
    type: '通报',
    presenter: '王芳',
    plannedMinutes: 10,
  })
  const discuss = await agenda.addItem(db, held, {
    title: '关于楼道堆物清理的讨论',
    type: '讨论',
    presenter: '李建国',
    plannedMinutes: 30,
  })
  const passed = await agenda.addItem(db, held, {
    title: '关于加装电梯的表决',
    type: '表决',
    presenter: '张秀英',
    plannedMinutes: 30,
  })
  const failed = await agenda.addItem(db, held, {
    title: '关于调整停车收费的表决',
    type: '表决',
    presenter: '刘洋',
    plannedMinutes: 20,
  })
  await meetings.setStatus(db, held, '已通知', '')
  await meetings.setStatus(db, held, '进行中', '')
  await attendance.recordAttendance(
    db,
    held,
    [
      { memberId: members['王芳']!, status: '出席', proxyMemberId: null },
      { memberId: members['李建国']!, status: '出席', proxyMemberId: null },
      { memberId: members['张秀英']!, status: '委托', proxyMemberId: members['王芳']! },
      { memberId: members['刘洋']!, status: '请假', proxyMemberId: null },
      { memberId: members['陈静']!, status: '列席', proxyMemberId: null },
      { memberId: members['赵磊']!, status: '出席', proxyMemberId: null },
    ],
    5,
  )
  // Eligible: 3 present + 1 proxy = 4. 3 of 4 is more than half; 2 of 4 is not.
  await agenda.recordVote(db, passed.id, { for: 3, against: 1, abstain: 0 })
  await agenda.recordVote(db, failed.id, { for: 2, against: 1, abstain: 1 })
  await minutes.saveMinutes(db, held, '会议由王芳主持。议定加装电梯方案提交街道。', [
    { itemId: passed.id, outcome: '通过，提交街道审批' },
  ])
  await minutes.confirmMinutes(db, held)

  const cancelled = await meeting('四月议事会例会', '议事会例会', '2026-04-09T19:00', '2026-04-09T21:00')
  await agenda.addItem(db, cancelled, { title: '小区绿化改造方案', type: '讨论', presenter: '', plannedMinutes: 40 })
  await meetings.setStatus(db, cancelled, '取消', '与社区消防演练冲突')

  // 07:30 in Shanghai is 23:30 UTC the day before.
  const morning = await meeting('早间协调会', '协调会', '2026-05-16T07:30', '2026-05-16T08:30')
  const noCouncil = await meeting('物业协调会', '协调会', '2026-06-20T09:30', '2026-06-20T11:00', null)
  const nextYear = await meeting('新年议事会', '议事会例会', '2027-01-05T19:00', '2027-01-05T21:00')
  const lastYear = await meeting('年终议事会', '议事会例会', '2025-12-31T19:00', '2025-12-31T21:00')

  return {
    councilId,
    members,
    m: { held, cancelled, morning, nextYear, lastYear, noCouncil },
    items: { notice: notice.id, discuss: discuss.id, passed: passed.id, failed: failed.id },
  }
}

import { z } from 'zod'
import * as agenda from './agenda-service'
import * as attendance from './attendance-service'
import * as meetings from './meeting-service'
import * as minutes from './minutes-service'
import * as projection from './projection-service'
import * as rooms from './room-service'
import * as series from './series-service'
import * as seriesEdit from './series-edit'
import * as holidays from './holiday-service'
import { adviseSchedule } from './schedule-check'
import { holidayBook, lastKnownHolidayYear } from './calendar-days'
import { officeLocalToUtc } from '../../shared/time'
import { addDays, daysBetween } from '../../shared/dates'
import {
  AGENDA_TYPES,
  ATTENDANCE_STATUSES,
  HOLIDAY_POLICIES,
  MEETING_KINDS,
  MEETING_STATUSES,
  SERIES_ENDS,
} from '../../shared/meeting-values'
import { handler } from '../registry/define'
import { clockTime, count, date, id, input, localDateTime, note, noInput, oneOf, text, whole } from '../registry/fields'

const meetingFields = {
  kind: oneOf('会议类型', MEETING_KINDS),
  title: text('会议名称', { max: 60 }),
  start: localDateTime('开始时间'),
  end: localDateTime('结束时间'),
  roomId: id('场地').nullable(),
  councilId: id('议事会').nullable(),
  host: text('主持人', { max: 30, optional: true }).default(''),
  recorder: text('记录人', { max: 30, optional: true }).default(''),
  hostPartnerId: id('承办合伙人').nullable().default(null),
}
const roomFields = {
  name: text('场地名称', { max: 30 }),
  capacity: count('容纳人数', 10_000).default(0),
  note: note('备注'),
}
const itemFields = {
  title: text('议题', { max: 100 }),
  type: oneOf('事项类型', AGENDA_TYPES),
  presenter: text('汇报人', { max: 30, optional: true }).default(''),
  plannedMinutes: whole('计划时长（分钟）', 1, 480),
}
const weekday = whole('星期', 1, 7)
const rule = z.discriminatedUnion(
  'freq',
  [
    z.strictObject({
      freq: z.literal('monthly'),
      interval: whole('间隔月数', 1, 12),
      nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], {
        error: '「第几个」只能是 1–4 或最后一个',
      }),
      weekday,
    }),
    z.strictObject({ freq: z.literal('weekly'), interval: whole('间隔周数', 1, 8), weekday }),
  ],
  { error: '「重复规则」只能是每月或每周' },
)
const meetingId = { meetingId: id('会议') }
/** A stretch of the calendar, optionally narrowed (the list view's 状态, a search). */
const meetingRange = input({
  from: date('开始日期'),
  to: date('结束日期'),
  status: oneOf('状态', MEETING_STATUSES).nullable().default(null),
  kind: oneOf('会议类型', MEETING_KINDS).nullable().default(null),
  search: text('搜索', { max: 50, optional: true }).default(''),
}).refine((q) => q.to >= q.from, '结束日期要晚于开始日期')

export const meetingHandlers = {
  'meetings.rooms': handler({ input: noInput, run: (db) => rooms.listRooms(db) }),
  'meetings.createRoom': handler({ input: input(roomFields), run: (db, r) => rooms.createRoom(db, r) }),
  'meetings.updateRoom': handler({
    input: input({ id: id('场地'), ...roomFields }),
    run: (db, { id: roomId, ...r }) => rooms.updateRoom(db, roomId, r),
  }),
  'meetings.deleteRoom': handler({ input: input({ id: id('场地') }), run: (db, r) => rooms.deleteRoom(db, r.id) }),

  'meetings.list': handler({
    input: meetingRange,
    run: (db, q) => meetings.listMeetings(db, q),
  }),
  /**
   * What the calendar shows for its dates, in one call: the meetings and each day's facts (holiday,
   * 调休). One reply instead of two halves the IPC round trips of every month or week turned.
   */
  'meetings.calendar': handler({
    // A month grid is 42 days; the day facts stop at 62 (see calendarDays), so a longer stretch is refused.
    input: meetingRange.refine((q) => daysBetween(q.from, q.to) < 62, '日历一次最多显示 62 天'),
    run: async (db, q) => {
      const list = await meetings.listMeetings(db, q)
      const book = await holidayBook(db)
      return {
        meetings: list,
        days: meetings.calendarDays(q.from, q.to, book),
        lastKnownYear: lastKnownHolidayYear(),
        officeYears: book.officeYears,
        /** Set when the range reaches past the day series occurrences are created up to. */
        seriesUntil: await series.seriesScheduledUntil(db, q.to),
      }
    },
  }),
  'meetings.checkSchedule': handler({
    input: input({ start: localDateTime('开始时间'), end: localDateTime('结束时间') }),
    run: async (db, q) => adviseSchedule(q.start, q.end, await holidayBook(db)),
  }),
  'meetings.get': handler({
    input: input({ id: id('会议') }),
    run: async (db, { id: mid }) => {
      const record = await meetings.getMeetingRecord(db, mid)
      const row = record.row
      // The meeting is read once: the agenda and the attendance are given what was read.
      const signedIn = await attendance.attendanceOf(db, mid, record)
      return {
        meeting: row,
        allowedNext: meetings.allowedNext(row.status),
        series: row.seriesId ? await series.getSeries(db, row.seriesId) : null,
        agenda: await agenda.getAgenda(db, mid, record),
        attendance: signedIn.summary,
        /** Who is expected and how each came: the page's 签到 tab, without a second call. */
        roster: signedIn.roster,
        minutes: await minutes.getMinutes(db, mid, true),
      }
    },
  }),
  'meetings.create': handler({ input: input(meetingFields), run: (db, m) => meetings.createMeeting(db, m) }),
  'meetings.update': handler({
    input: input({ id: id('会议'), ...meetingFields }),
    run: (db, { id: mid, ...m }) => meetings.updateMeeting(db, mid, m),
  }),
  'meetings.setStatus': handler({
    input: input({ id: id('会议'), status: oneOf('状态', MEETING_STATUSES), reason: note('原因', 200) }),
    run: (db, s) => meetings.setStatus(db, s.id, s.status, s.reason),
  }),
  'meetings.createSeries': handler({
    input: input({
      kind: oneOf('会议类型', MEETING_KINDS),
      title: text('会议名称', { max: 60 }),
      councilId: id('议事会').nullable(),
      rule,
      startTime: clockTime('开始时间'),
      durationMinutes: whole('会议时长（分钟）', 15, 720),
      startsOn: date('从哪天开始'),
      end: z.strictObject({
        type: oneOf('结束方式', SERIES_ENDS),
        date: date('结束日期').nullable().default(null),
        count: whole('举行次数', 1, 200).nullable().default(null),
      }),
      holidayPolicy: oneOf('遇节假日', HOLIDAY_POLICIES),
      roomId: id('场地').nullable(),
      host: text('主持人', { max: 30, optional: true }).default(''),
      recorder: text('记录人', { max: 30, optional: true }).default(''),
    }),
    run: async (db, s) => {
      const created = await series.createSeries(db, s)
      return { ...created, unknownYears: await seriesEdit.seriesUnknownYears(db, created.seriesId) }
    },
  }),
  'meetings.editSeries': handler({
    input: input({
      id: id('系列会议'),
      from: date('从哪天起'),
      title: text('会议名称', { max: 60 }),
      startTime: clockTime('开始时间'),
      durationMinutes: whole('会议时长（分钟）', 15, 720),
      roomId: id('场地').nullable(),
      host: text('主持人', { max: 30, optional: true }).default(''),
      recorder: text('记录人', { max: 30, optional: true }).default(''),
    }),
    run: (db, { id: seriesId, ...s }) => seriesEdit.editSeries(db, seriesId, s),
  }),
  'meetings.endSeries': handler({
    input: input({ id: id('系列会议'), from: date('从哪天起不再开') }),
    run: (db, s) => seriesEdit.endSeries(db, s.id, s.from),
  }),

  'holidays.year': handler({
    input: input({ year: whole('年份', 2000, 2100) }),
    run: (db, q) => holidays.holidayYear(db, q.year),
  }),
  'holidays.years': handler({ input: noInput, run: (db) => holidays.officeHolidayYears(db) }),
  'holidays.saveYear': handler({
    input: input({
      year: whole('年份', 2000, 2100),
      holidays: z
        .array(
          z.strictObject({ name: text('节日名称', { max: 10 }), from: date('放假第一天'), to: date('放假最后一天') }),
          { error: '「放假安排」格式不对' },
        )
        .max(20, '一年最多填 20 段放假'),
      workdays: z
        .array(z.strictObject({ date: date('调休上班日'), name: text('对应的节日', { max: 10 }) }), {
          error: '「调休上班日」格式不对',
        })
        .max(20, '一年最多填 20 个调休上班日'),
    }),
    run: (db, y) => holidays.saveHolidayYear(db, y),
  }),

  'meetings.addItem': handler({
    input: input({ ...meetingId, ...itemFields }),
    run: (db, { meetingId: mid, ...i }) => agenda.addItem(db, mid, i),
  }),
  'meetings.updateItem': handler({
    input: input({ id: id('议程事项'), ...itemFields }),
    run: (db, { id: itemId, ...i }) => agenda.updateItem(db, itemId, i),
  }),
  'meetings.removeItem': handler({ input: input({ id: id('议程事项') }), run: (db, i) => agenda.removeItem(db, i.id) }),
  'meetings.moveItem': handler({
    input: input({ id: id('议程事项'), direction: oneOf('方向', { up: '上移', down: '下移' }) }),
    run: (db, i) => agenda.moveItem(db, i.id, i.direction),
  }),
  'meetings.carryOver': handler({ input: input({ id: id('议程事项') }), run: (db, i) => agenda.carryOver(db, i.id) }),
  'meetings.setItemState': handler({
    input: input({ id: id('议程事项'), state: oneOf('事项状态', ['待议', '已议'] as const) }),
    run: (db, i) => agenda.setItemState(db, i.id, i.state),
  }),
  'meetings.recordVote': handler({
    input: input({
      id: id('议程事项'),
      for: count('赞成票', 100_000),
      against: count('反对票', 100_000),
      abstain: count('弃权票', 100_000),
    }),
    run: (db, v) => agenda.recordVote(db, v.id, { for: v.for, against: v.against, abstain: v.abstain }),
  }),

  'meetings.attendance': handler({
    input: input(meetingId),
    run: (db, q) => attendance.attendanceOf(db, q.meetingId),
  }),
  'meetings.recordAttendance': handler({
    input: input({
      ...meetingId,
      guestCount: count('其他到场居民人数', 10_000).default(0),
      entries: z
        .array(
          z.strictObject({
            memberId: id('成员'),
            status: oneOf('出席情况', ATTENDANCE_STATUSES),
            proxyMemberId: id('受托人').nullable().default(null),
          }),
          { error: '「出席名单」格式不对' },
        )
        .max(500, '名单太长'),
    }),
    run: (db, a) => attendance.recordAttendance(db, a.meetingId, a.entries, a.guestCount),
  }),
  'meetings.participation': handler({
    input: input({ from: date('开始日期'), to: date('结束日期'), councilId: id('议事会').nullable().default(null) }),
    run: (db, q) =>
      attendance.participationTrend(db, {
        fromUtc: officeLocalToUtc(`${q.from}T00:00`),
        toUtc: officeLocalToUtc(`${addDays(q.to, 1)}T00:00`),
        councilId: q.councilId,
      }),
  }),

  'meetings.saveMinutes': handler({
    input: input({
      ...meetingId,
      body: text('纪要正文', { max: 20_000, optional: true }),
      outcomes: z
        .array(z.strictObject({ itemId: id('议程事项'), outcome: note('议定结果', 2000) }), {
          error: '「议定结果」格式不对',
        })
        .max(200, '「议定结果」最多 200 项')
        .default([]),
    }),
    run: (db, m) => minutes.saveMinutes(db, m.meetingId, m.body, m.outcomes),
  }),
  'meetings.confirmMinutes': handler({
    input: input(meetingId),
    run: (db, m) => minutes.confirmMinutes(db, m.meetingId),
  }),
  'meetings.publishMinutes': handler({
    input: input(meetingId),
    run: (db, m) => minutes.publishMinutes(db, m.meetingId),
  }),

  'projection.openWindow': handler({ input: noInput, run: (_db, _i, ctx) => ctx.openProjection() }),
  'projection.view': handler({ input: noInput, run: (db) => projection.projectionView(db) }),
  'projection.control': handler({
    input: input({
      action: oneOf('投屏操作', {
        start: '开始投屏',
        next: '下一项',
        prev: '上一项',
        toggle: '暂停或继续计时',
        goto: '跳到某一项',
        stop: '结束投屏',
      }),
      meetingId: id('会议').optional(),
      index: whole('第几项', 0, 500).optional(),
    }),
    run: (db, c) => projection.controlProjection(db, c),
  }),
} as const

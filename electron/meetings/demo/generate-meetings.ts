import type { Insertable } from 'kysely'
import { officeLocalToUtc } from '../../../shared/time'
import { addDays } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import { made, type DemoContext } from '../../demo/context'
import { insertChunks } from '../../demo/insert-chunks'
import { castVotes, personName } from '../../demo/random'
import { meetsRule } from '../majority'
import { occurrences, type RecurrenceRule } from '../recurrence'
import type { AttendanceTable, MinutesTable } from '../tables'
import { agendaFor, minutesBody, outcomeFor } from './agenda-and-minutes'
import { rollCall, type Answer } from './roll-call'
import { CANCEL_REASONS, ROOMS } from './meeting-words'
import { freeRoom, planYear } from './plan-year'

/**
 * The demo community's meetings over `years`: the rooms, a monthly 例会 series (每月第二个周四
 * 19:00) plus 专题议事会, 协调会, 听证会, 评议会 and 临时会议 up to `meetingsPerYear` a year, with
 * agendas, votes, attendance and minutes. Past meetings are held and archived; the coming ones are
 * 已通知 or 草稿.
 *
 * It writes in batched inserts, one transaction per year, and applies the services' own rules:
 * rosters are the members sitting that day (as membersOn()), votes never exceed those present plus
 * proxies, results are computed with meetsRule(), rooms are never double-booked.
 */
export async function meetingsDemo(db: Db, ctx: DemoContext): Promise<void> {
  const { options: o, r, at, from, to, summary } = ctx
  const council = made(ctx, 'council', '议事会')
  const members = made(ctx, 'members', '议事会')

  // Rooms.
  const rooms: Array<{ id: number }> = []
  for (const room of ROOMS)
    rooms.push(
      await db
        .insertInto('rooms')
        .values({ ...room })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
  const mainRoom = rooms[0]!.id
  summary.rooms = rooms.length

  // The monthly 例会 as a real series, materialized over the whole period.
  const rule: RecurrenceRule = { freq: 'monthly', interval: 1, nth: 2, weekday: 4 }
  const series = await db
    .insertInto('meeting_series')
    .values({
      council_id: council.id,
      kind: '议事会例会',
      title: '居民议事会例会',
      rule: JSON.stringify(rule),
      start_time: '19:00',
      duration_minutes: 120,
      starts_on: from,
      end_type: 'date',
      end_date: to,
      end_count: null,
      holiday_policy: 'next',
      room_id: mainRoom,
      host: '',
      recorder: '',
      materialized_until: addDays(to, 1),
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const regular = occurrences(rule, from, { type: 'date', date: to }, 'next', addDays(to, 1))

  const booked = new Map<string, Array<[number, number]>>()
  const rosterOn = (date: string) =>
    members.filter(
      (m) => m.termStart <= date && m.termEnd >= date && m.start <= date && (m.end === null || m.end >= date),
    )

  let lastRegularItems: Array<{
    id: number
    title: string
    type: '通报' | '讨论' | '表决'
    presenter: string
    minutes: number
  }> = []
  for (let year = o.endYear - o.years + 1; year <= o.endYear; year++) {
    const plan = planYear(
      r,
      year,
      o.meetingsPerYear,
      regular.filter((x) => x.date.startsWith(`${year}-`)),
    )
    await db.transaction().execute(async (trx) => {
      const attendanceRows: Array<Insertable<AttendanceTable>> = []
      const minutesRows: Array<Insertable<MinutesTable>> = []
      for (const p of plan) {
        const startLocal = `${p.date}T${p.time}`
        const startsAt = officeLocalToUtc(startLocal)
        const endsAt = new Date(Date.parse(startsAt) + p.minutes * 60_000).toISOString()
        const roomId = p.regular
          ? mainRoom
          : freeRoom(
              booked,
              rooms.map((x) => x.id),
              p.date,
              startsAt,
              endsAt,
              r,
            )
        if (roomId !== null) {
          const list = booked.get(`${roomId}|${p.date}`) ?? []
          list.push([Date.parse(startsAt), Date.parse(endsAt)])
          booked.set(`${roomId}|${p.date}`, list)
        }
        const past = p.date < o.today
        const soon = !past && p.date <= addDays(o.today, 14)
        const ageDays = (Date.parse(o.today) - Date.parse(p.date)) / 86_400_000
        let status: string = past
          ? ageDays > 45
            ? '已归档'
            : ageDays > 10
              ? '纪要已确认'
              : '待整理纪要'
          : soon
            ? '已通知'
            : '草稿'
        let reason = ''
        if (r.chance(0.03)) {
          status = '取消'
          reason = r.pick(CANCEL_REASONS)
        } else if (!past && r.chance(0.03)) {
          status = '延期'
          reason = r.pick(CANCEL_REASONS)
        }
        const held = ['待整理纪要', '纪要已确认', '已归档'].includes(status)
        const withCouncil = ['议事会例会', '专题议事会', '评议会'].includes(p.kind)
        const roster = withCouncil ? rosterOn(p.date) : []
        const hostName = personName(r)
        const meeting = await trx
          .insertInto('meetings')
          .values({
            series_id: p.regular ? series.id : null,
            occurrence_date: p.regular ? p.ruleDate : null,
            council_id: withCouncil ? council.id : null,
            kind: p.kind,
            title: p.title,
            starts_at: startsAt,
            ends_at: endsAt,
            room_id: roomId,
            host: hostName,
            recorder: personName(r),
            status,
            status_reason: reason,
            holiday_note: p.note,
            guest_count: held ? (p.kind === '听证会' ? r.int(20, 60) : r.int(3, 25)) : 0,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        summary.meetings++

        // Attendance: members sitting that day. 列席 members have no vote.
        const statuses = held ? rollCall(r, roster) : new Map<number, Answer>()
        for (const m of roster) {
          const s = statuses.get(m.id)
          if (!s) continue
          attendanceRows.push({
            meeting_id: meeting.id,
            member_id: m.id,
            status: s.status,
            proxy_member_id: s.proxy,
            updated_at: at,
          })
        }
        const voting = roster.filter((m) => m.role !== '列席')
        const eligible = voting.filter((m) => ['出席', '委托'].includes(statuses.get(m.id)?.status ?? '')).length

        // Agenda: carried-over items first (for the 例会), then new ones.
        const items = agendaFor(r, p.kind, withCouncil)
        const carried = p.regular ? lastRegularItems : []
        const values = [
          ...carried.map((c) => ({ ...c, carriedFrom: c.id })),
          ...items.map((i) => ({ ...i, carriedFrom: null as number | null })),
        ].map((item, k) => {
          const vote =
            held && item.type === '表决' && eligible > 0 && meetsRule(eligible, voting.length, council.quorum_rule)
              ? castVotes(r, eligible)
              : null
          return {
            meeting_id: meeting.id,
            position: k + 1,
            title: item.title,
            type: item.type,
            presenter: item.presenter,
            planned_minutes: item.minutes,
            state: held ? '已议' : '待议',
            outcome: held ? outcomeFor(r, item.type, vote, eligible, council.pass_rule) : '',
            carried_from_id: item.carriedFrom,
            votes_for: vote?.for ?? null,
            votes_against: vote?.against ?? null,
            votes_abstain: vote?.abstain ?? null,
            votes_eligible: vote ? eligible : null,
            pass_rule: vote ? council.pass_rule : null,
          }
        })
        const inserted = values.length
          ? await trx
              .insertInto('agenda_items')
              .values(values)
              .returning(['id', 'title', 'type', 'presenter', 'planned_minutes', 'state'])
              .execute()
          : []
        summary.agendaItems += inserted.length
        summary.votes += values.filter((v) => v.votes_for !== null).length
        if (p.regular) {
          // One discussion in ten is not finished and goes on to the next 例会.
          const unfinished = held ? inserted.filter((i) => i.type === '讨论' && r.chance(0.1)) : []
          for (const u of unfinished)
            await trx.updateTable('agenda_items').set({ state: '顺延', outcome: '' }).where('id', '=', u.id).execute()
          lastRegularItems = unfinished.map((u) => ({
            id: u.id,
            title: u.title,
            type: u.type,
            presenter: u.presenter,
            minutes: u.planned_minutes,
          }))
        }

        if (held) {
          const minutesStatus =
            status === '已归档' ? (r.chance(0.8) ? '已公示' : '已确认') : status === '纪要已确认' ? '已确认' : '草稿'
          const confirmedAt = minutesStatus === '草稿' ? null : officeLocalToUtc(`${addDays(p.date, 2)}T10:00`)
          minutesRows.push({
            meeting_id: meeting.id,
            body: minutesBody(
              p.title,
              hostName,
              voting.length,
              eligible,
              values.map((v) => v.title),
            ),
            status: minutesStatus,
            confirmed_at: confirmedAt,
            published_at: minutesStatus === '已公示' ? officeLocalToUtc(`${addDays(p.date, 5)}T10:00`) : null,
            updated_at: at,
          })
        }
      }
      await insertChunks(trx, 'attendance', attendanceRows)
      await insertChunks(trx, 'minutes', minutesRows)
      summary.attendance += attendanceRows.length
      summary.minutes += minutesRows.length
    })
    ctx.log(`${year} 年：累计 ${summary.meetings} 次会议，${summary.attendance} 条出席记录`)
  }
}

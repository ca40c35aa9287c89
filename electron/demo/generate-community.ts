import { addDays, nowIso, officeDate, officeLocalToUtc } from '../../shared/time'
import type { Db } from '../database/open-database'
import type { Insertable } from 'kysely'
import type { AttendanceTable, Database, MajorityRule, MinutesTable, ResidentsTable } from '../database/schema'
import { saveProfile } from '../community/community-service'
import { meetsRule } from '../meetings/majority'
import { dayInfo } from '../meetings/calendar-days'
import { occurrences, type RecurrenceRule } from '../meetings/recurrence'
import { CANCEL_REASONS, ISSUES, PLACES, REPORTS, ROOMS } from './names'
import { castVotes, personName, rng, spread, type Rng } from './random'
import { generateFollowup, type FollowupSummary } from './generate-followup'

/**
 * Fills an empty data file with a believable community, for demos and for the benchmark:
 * 幸福里社区 with grids and buildings, residents with Chinese names, one council (居民议事会) with
 * five-year terms, rooms, and `years` of meetings — a monthly 例会 series (每月第二个周四 19:00) plus
 * 专题议事会, 协调会, 听证会, 评议会 and 临时会议 up to `meetingsPerYear` a year — with agendas, votes,
 * attendance and minutes. Past meetings are held and archived; the coming ones are 已通知 or 草稿.
 * Then the follow-up loop (generate-followup.ts): `topics` residents raised up to today, what became
 * of each, and `resolutions` decided on held meetings with their progress and feedback.
 *
 * It writes through Kysely in batched multi-row inserts, one transaction per year (the services'
 * one-row-at-a-time writes would take minutes for 20,000 attendance rows), and applies the services'
 * own rules: rosters are the members sitting that day (as membersOn()), votes never exceed those
 * present plus proxies, results are computed with meetsRule(), rooms are never double-booked.
 * The same seed gives the same community.
 */
export interface DemoOptions {
  /** Whole calendar years of meetings, ending with `endYear`. */
  years: number
  meetingsPerYear: number
  endYear: number
  /** Office-local 'YYYY-MM-DD': meetings before it are held, after it are to come. */
  today: string
  buildings: number
  households: number
  residents: number
  /** Council members per term (including 召集人, 记录人 and two 列席). */
  members: number
  seed: number
  /** Topics residents raised over the period up to `today` (议题征集), and resolutions decided (决议督办). */
  topics: number
  resolutions: number
}

export interface DemoSummary {
  buildings: number
  households: number
  residents: number
  terms: number
  councilMembers: number
  rooms: number
  meetings: number
  agendaItems: number
  votes: number
  attendance: number
  minutes: number
  from: string
  to: string
  followup: FollowupSummary
}

export function defaultDemoOptions(now = new Date()): DemoOptions {
  const today = officeDate(now.toISOString())
  return {
    years: 3,
    meetingsPerYear: 60,
    endYear: Number(today.slice(0, 4)),
    today,
    buildings: 30,
    households: 1500,
    residents: 3000,
    members: 25,
    seed: 20260312,
    topics: 600,
    resolutions: 150,
  }
}

export { rng } from './random'

/** Two meetings a day on the days residents can come is as busy as a community gets. */
export const MAX_MEETINGS_PER_YEAR = 600

/** Rows per INSERT: well under SQLite's limit of bound parameters, few enough round trips. */
const CHUNK = 400

type BulkTable = 'grids' | 'buildings' | 'residents' | 'council_members' | 'attendance' | 'minutes'

async function insertChunks<K extends BulkTable>(
  db: Db,
  table: K,
  rows: Array<Insertable<Database[K]>>,
): Promise<void> {
  const cols = rows[0] ? Object.keys(rows[0]).length : 1
  const size = Math.max(1, Math.floor(Math.min(CHUNK, 30_000 / cols)))
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot resolve the row type of a table picked by a type parameter; callers are checked above.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
  }
}

interface Member {
  id: number
  termStart: string
  termEnd: string
  start: string
  end: string | null
  role: string
}

export async function generateCommunity(
  db: Db,
  options: Partial<DemoOptions> = {},
  log: (message: string) => void = () => undefined,
): Promise<DemoSummary> {
  const o = { ...defaultDemoOptions(), ...options }
  if (o.meetingsPerYear > MAX_MEETINGS_PER_YEAR) throw new Error(`每年最多 ${MAX_MEETINGS_PER_YEAR} 次会议`)
  if (o.years < 1 || o.years > 30) throw new Error('年数应在 1 到 30 之间')
  const r = rng(o.seed)
  const from = `${o.endYear - o.years + 1}-01-01`
  const to = `${o.endYear}-12-31`
  const at = nowIso()
  const summary: DemoSummary = {
    buildings: o.buildings,
    households: o.households,
    residents: o.residents,
    terms: 0,
    councilMembers: 0,
    rooms: ROOMS.length,
    meetings: 0,
    agendaItems: 0,
    votes: 0,
    attendance: 0,
    minutes: 0,
    from,
    to,
    followup: {
      topics: 0,
      topicsByStatus: {},
      topicItems: 0,
      resolutions: 0,
      overdue: 0,
      progressNotes: 0,
      feedback: 0,
      reportItems: 0,
      reportListings: 0,
    },
  }

  // Who we are: through the service, like a clerk would (it is also audited).
  await saveProfile(db, { name: '幸福里社区', kind: '城市社区', address: '和平区幸福路 88 号', phone: '021-62188000' })

  // Grids, buildings and residents.
  await db.transaction().execute(async (trx) => {
    const gridNames = ['第一网格', '第二网格', '第三网格', '第四网格'].slice(0, Math.max(1, Math.ceil(o.buildings / 8)))
    await insertChunks(
      trx,
      'grids',
      gridNames.map((name, i) => ({
        name,
        note: `网格员 ${personName(r)}${i === 0 ? '（兼网格长）' : ''}`,
        created_at: at,
        updated_at: at,
      })),
    )
    const grids = await trx.selectFrom('grids').select('id').orderBy('id').execute()
    const households = spread(r, o.households, o.buildings, 0.3)
    const people = spread(r, o.residents, o.buildings, 0.3)
    await insertChunks(
      trx,
      'buildings',
      households.map((h, i) => ({
        name: `${i + 1}号楼`,
        grid_id: grids[Math.floor((i * grids.length) / o.buildings)]!.id,
        households: h,
        residents: Math.max(h, people[i]!),
        note: i % 9 === 4 ? '老旧小区，无电梯' : '',
        created_at: at,
        updated_at: at,
      })),
    )
    const buildings = await trx
      .selectFrom('buildings')
      .select(['id', 'households', 'residents'])
      .orderBy('id')
      .execute()
    const rows: Array<Insertable<ResidentsTable>> = []
    for (const [bi, b] of buildings.entries()) {
      const units = Math.max(1, Math.round(b.households / 16))
      for (let k = 0; k < people[bi]!; k++) {
        const unit = (k % units) + 1
        const floor = r.int(1, 6)
        rows.push({
          name: personName(r),
          building_id: b.id,
          unit: String(unit),
          room: `${floor}0${r.int(1, 2)}`,
          phone: r.chance(0.85)
            ? `1${r.pick(['38', '39', '35', '36', '37', '58', '59', '86', '87', '88', '89'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`
            : '',
          tags: JSON.stringify(r.chance(0.1) ? [r.pick(['党员', '楼组长', '志愿者', '独居老人', '退役军人'])] : []),
          note: '',
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
      }
    }
    await insertChunks(trx, 'residents', rows)
  })
  summary.residents = Number(
    (
      await db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  log(`社区、${o.buildings} 个楼栋、${summary.residents} 位居民`)

  // The council, its terms (five years at most) and members.
  const council = await db
    .insertInto('councils')
    .values({
      name: '幸福里社区居民议事会',
      quorum_rule: '过半数',
      pass_rule: '过半数',
      note: '每月第二个周四晚上例会',
      created_at: at,
    })
    .returning(['id', 'quorum_rule', 'pass_rule'])
    .executeTakeFirstOrThrow()
  const residentIds = (await db.selectFrom('residents').select('id').orderBy('id').execute()).map((x) => x.id)
  const members: Member[] = []
  await db.transaction().execute(async (trx) => {
    const ordinals = '一二三四五六七八九十'
    let previous: number[] = []
    let n = 0
    for (let y = o.endYear - o.years + 1; y <= o.endYear; y += 5, n++) {
      const termStart = `${y}-01-01`
      const termEnd = `${Math.min(y + 4, o.endYear + 4)}-12-31`
      const term = await trx
        .insertInto('council_terms')
        .values({
          council_id: council.id,
          name: `第${ordinals[n] ?? n + 1}届`,
          start_date: termStart,
          end_date: termEnd,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // About 40% serve again; the rest are new faces.
      const chosen = new Set(previous.filter(() => r.chance(0.4)).slice(0, o.members))
      while (chosen.size < o.members) chosen.add(r.pick(residentIds))
      const people = [...chosen]
      const rows = people.map((residentId, i) => ({
        term_id: term.id,
        resident_id: residentId,
        role: i === 0 ? '召集人' : i === 1 ? '记录人' : i >= people.length - 2 ? '列席' : '成员',
        category:
          i >= people.length - 2
            ? r.pick(['驻区单位', '物业'])
            : r.pick(['居民代表', '居民代表', '居民代表', '党员', '楼组长', '业委会']),
        start_date: termStart,
        end_date: null as string | null,
      }))
      // Two members leave half-way and are replaced the next day: the roster changes inside a term.
      const midway = addDays(termStart, Math.floor((Date.parse(termEnd) - Date.parse(termStart)) / 86_400_000 / 2))
      for (const i of [3, 7].filter((k) => k < rows.length - 2)) {
        rows[i]!.end_date = midway
        let replacement = r.pick(residentIds)
        while (chosen.has(replacement)) replacement = r.pick(residentIds)
        chosen.add(replacement)
        rows.push({ ...rows[i]!, resident_id: replacement, start_date: addDays(midway, 1), end_date: null })
      }
      await insertChunks(trx, 'council_members', rows)
      const ids = await trx
        .selectFrom('council_members')
        .select(['id', 'role', 'start_date', 'end_date'])
        .where('term_id', '=', term.id)
        .orderBy('id')
        .execute()
      for (const m of ids)
        members.push({ id: m.id, termStart, termEnd, start: m.start_date, end: m.end_date, role: m.role })
      previous = people
      summary.terms++
    }
  })
  summary.councilMembers = members.length

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
        const statuses = new Map<number, { status: AttendanceTable['status']; proxy: number | null }>()
        if (held && roster.length) {
          for (const m of roster) {
            if (m.role === '列席') statuses.set(m.id, { status: r.chance(0.75) ? '列席' : '请假', proxy: null })
            else {
              const x = r.next()
              statuses.set(m.id, {
                status: x < 0.78 ? '出席' : x < 0.88 ? '请假' : x < 0.94 ? '缺席' : '委托',
                proxy: null,
              })
            }
          }
          const present = roster.filter((m) => m.role !== '列席' && statuses.get(m.id)!.status === '出席')
          for (const m of roster) {
            const s = statuses.get(m.id)!
            if (s.status !== '委托') continue
            if (present.length === 0) s.status = '缺席'
            else s.proxy = r.pick(present).id
          }
          for (const m of roster) {
            const s = statuses.get(m.id)!
            attendanceRows.push({
              meeting_id: meeting.id,
              member_id: m.id,
              status: s.status,
              proxy_member_id: s.proxy,
              updated_at: at,
            })
          }
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
            held &&
            item.type === '表决' &&
            eligible > 0 &&
            meetsRule(eligible, voting.length, council.quorum_rule as MajorityRule)
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
            outcome: held ? outcomeFor(r, item.type, vote, eligible, council.pass_rule as MajorityRule) : '',
            carried_from_id: item.carriedFrom,
            votes_for: vote?.for ?? null,
            votes_against: vote?.against ?? null,
            votes_abstain: vote?.abstain ?? null,
            votes_eligible: vote ? eligible : null,
            pass_rule: vote ? (council.pass_rule as MajorityRule) : null,
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
    log(`${year} 年：累计 ${summary.meetings} 次会议，${summary.attendance} 条出席记录`)
  }

  // The follow-up loop: what residents raised, and what became of it, up to today.
  if (o.topics > 0 || o.resolutions > 0) {
    const now = o.today === officeDate(at) ? at : officeLocalToUtc(`${o.today}T18:00`)
    summary.followup = await generateFollowup(
      db,
      { topics: o.topics, resolutions: o.resolutions, from, today: o.today, now },
      r,
    )
    const f = summary.followup
    log(
      `${f.topics} 个议题（${f.topicItems} 个上会），${f.resolutions} 件决议（${f.overdue} 件逾期），${f.feedback} 次反馈`,
    )
  }
  return summary
}

interface Planned {
  date: string
  ruleDate: string
  time: string
  minutes: number
  kind: string
  title: string
  regular: boolean
  note: string
}

const OTHER_KINDS: Array<[string, number]> = [
  ['专题议事会', 0.26],
  ['协调会', 0.3],
  ['听证会', 0.08],
  ['评议会', 0.1],
  ['临时会议', 0.26],
]

/** The year's meetings: the 例会 occurrences, then the others on days residents can come. */
function planYear(
  r: Rng,
  year: number,
  perYear: number,
  regular: Array<{ ruleDate: string; date: string; note: string }>,
): Planned[] {
  const out: Planned[] = regular.slice(0, perYear).map((x) => ({
    date: x.date,
    ruleDate: x.ruleDate,
    time: '19:00',
    minutes: 120,
    kind: '议事会例会',
    title: `${Number(x.date.slice(5, 7))}月议事会例会`,
    regular: true,
    note: x.note,
  }))
  const perDay = new Map<string, number>()
  for (const p of out) perDay.set(p.date, 1)
  while (out.length < perYear) {
    const date = addDays(`${year}-01-01`, r.int(0, 364))
    if (!date.startsWith(`${year}-`)) continue
    const info = dayInfo(date)
    if (info.holiday) continue
    if ((perDay.get(date) ?? 0) >= 2) continue
    let x = r.next()
    let kind = OTHER_KINDS[0]![0]
    for (const [k, w] of OTHER_KINDS) {
      if ((x -= w) < 0) {
        kind = k
        break
      }
    }
    // Residents come in the evening on working days and in the daytime at weekends; a 协调会 with a
    // company may sit in office hours.
    const weekend = !info.workday
    const time =
      kind === '协调会' && !weekend
        ? r.pick(['10:00', '14:30', '19:00'])
        : weekend
          ? r.pick(['09:30', '14:30'])
          : perDay.has(date)
            ? '20:30'
            : '19:00'
    if (perDay.has(date) && time === '19:00') continue
    perDay.set(date, (perDay.get(date) ?? 0) + 1)
    const issue = r.pick(ISSUES)
    const title =
      kind === '听证会'
        ? `${issue}听证会`
        : kind === '评议会'
          ? `${r.pick(['物业服务', '社区工作', '为民办实事项目', '微更新项目'])}评议会`
          : kind === '协调会'
            ? `${r.pick(PLACES)}${issue}协调会`
            : kind === '临时会议'
              ? `${r.pick(PLACES)}${issue}临时会议`
              : `${issue}专题议事会`
    out.push({ date, ruleDate: date, time, minutes: r.pick([60, 90, 90, 120]), kind, title, regular: false, note: '' })
  }
  return out.sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time))
}

function freeRoom(
  booked: Map<string, Array<[number, number]>>,
  rooms: number[],
  date: string,
  startsAt: string,
  endsAt: string,
  r: Rng,
): number | null {
  const s = Date.parse(startsAt)
  const e = Date.parse(endsAt)
  const order = [...rooms].sort(() => r.next() - 0.5)
  for (const room of order) {
    const list = booked.get(`${room}|${date}`) ?? []
    // A meeting may run past midnight only in theory here; same-date bookings are enough to check.
    if (list.every(([a, b]) => b <= s || a >= e)) return room
  }
  return null
}

function agendaFor(r: Rng, kind: string, withCouncil: boolean) {
  const items: Array<{ title: string; type: '通报' | '讨论' | '表决'; presenter: string; minutes: number }> = []
  if (kind === '议事会例会' || r.chance(0.3))
    items.push({ title: r.pick(REPORTS), type: '通报', presenter: personName(r), minutes: r.pick([10, 15]) })
  const n = r.int(1, kind === '议事会例会' ? 4 : 3)
  for (let i = 0; i < n; i++) {
    const issue = `${r.pick(PLACES)}${r.pick(ISSUES)}`
    const vote = withCouncil && r.chance(0.45)
    items.push({
      title: vote ? `关于${issue}方案的表决` : `关于${issue}的讨论`,
      type: vote ? '表决' : '讨论',
      presenter: personName(r),
      minutes: r.pick([15, 20, 30, 30, 40]),
    })
  }
  return items
}

function outcomeFor(r: Rng, type: string, vote: { for: number } | null, eligible: number, rule: MajorityRule): string {
  if (type === '通报') return '已通报，与会人员无异议'
  if (type === '讨论') {
    return r.pick([
      '形成初步方案，提交下次会议表决',
      '由网格员牵头征求楼道居民意见',
      '请物业公司两周内拿出整改方案',
      '会议同意按居民意见实施',
    ])
  }
  if (!vote) return '到会人数不足，未表决，下次会议再议'
  return meetsRule(vote.for, eligible, rule)
    ? r.pick(['通过，由居委会牵头组织实施', '通过，报街道备案后实施', '通过，结果在公告栏公示七天'])
    : r.pick(['未通过，修改方案后再议', '未通过，暂缓实施'])
}

function minutesBody(title: string, host: string, expected: number, eligible: number, items: string[]): string {
  const lines = [
    `${title}由${host}主持${expected ? `，应到 ${expected} 人，有表决权到会 ${eligible} 人` : ''}。`,
    `会议议题：${items.join('；') || '无'}。`,
    '与会人员围绕议题充分发言，会议按议事规则形成决定，会后由居委会公示并跟进落实。',
  ]
  return lines.join('\n')
}

/** Whether the file already holds a community (the CLI refuses to mix demo data into real data). */
export async function hasData(db: Db): Promise<boolean> {
  const c = await db.selectFrom('community').select('id').executeTakeFirst()
  const m = await db.selectFrom('meetings').select('id').limit(1).executeTakeFirst()
  const p = await db.selectFrom('residents').select('id').limit(1).executeTakeFirst()
  return Boolean(c || m || p)
}

import { AppError, notFound } from '../../../shared/app-error'
import { officeDate, officeDateTime, officeLocalToUtc } from '../../../shared/time'
import { addDays, daysBetween } from '../../../shared/dates'
import type { Db } from '../../database/open-database'
import type { AttendanceTable, MajorityRule } from '../../database/schema'
import { totalHouseholds } from '../../community'
import { tally, type AgendaType, type VoteTally } from '../agenda-service'
import { summarize, type AttendanceStatus, type AttendanceSummary } from '../attendance-service'
import { committeeName } from '../../../shared/committee'

/**
 * Everything the exports (台账 .xlsx, calendar .ics) say about the meetings of a period, read in a
 * handful of set-based queries rather than one round of service calls per meeting: a year of a busy
 * community is ~200 meetings and ~5,000 attendance rows. The figures are the services' own —
 * 应到/实到/参与 come from `summarize()` in attendance-service over the same roster `membersOn()`
 * gives, votes from `tally()` — and a test checks them against attendanceSummary() meeting by meeting.
 */

/** Office-local dates, inclusive. */
export interface DateRange {
  from: string
  to: string
}

export interface LedgerRosterRow {
  memberId: number
  name: string
  household: string
  role: string
  category: string
  status: AttendanceStatus | null
  proxyName: string | null
}

export interface LedgerAgendaItem {
  position: number
  title: string
  type: AgendaType
  presenter: string
  plannedMinutes: number
  outcome: string
  vote: VoteTally | null
}

export interface LedgerMeeting {
  id: number
  title: string
  kind: string
  /** Office-local 'YYYY-MM-DDTHH:mm'. */
  start: string
  end: string
  /** UTC ISO-8601, as stored. */
  startsAt: string
  endsAt: string
  /** Office-local 'YYYY-MM-DD' of the start. */
  date: string
  roomName: string | null
  host: string
  recorder: string
  status: string
  statusReason: string
  councilId: number | null
  createdAt: string
  updatedAt: string
  agenda: LedgerAgendaItem[]
  roster: LedgerRosterRow[]
  /** Whether any attendance (or a guest count) was recorded: figures of an unrecorded meeting are blank, not 0. */
  attendanceRecorded: boolean
  summary: AttendanceSummary
}

export interface Ledger {
  communityName: string | null
  /** Who signs it, e.g. 幸福里社区居民委员会. */
  committee: string
  households: number
  range: DateRange
  meetings: LedgerMeeting[]
}

/** The longest period one export may cover (ten years and a little). */
export const MAX_EXPORT_DAYS = 3700

export function assertRange(range: DateRange): void {
  if (range.to < range.from) throw new AppError('INVALID_INPUT', '结束日期要晚于开始日期。')
  const days = daysBetween(range.from, range.to)
  if (days > MAX_EXPORT_DAYS) throw new AppError('INVALID_INPUT', '一次最多导出十年的会议，请缩短时间段。')
}

export async function communityName(db: Db): Promise<string | null> {
  return (await communityProfile(db))?.name ?? null
}

async function communityProfile(db: Db) {
  return db.selectFrom('community').select(['name', 'kind']).where('id', '=', 1).executeTakeFirst()
}

/** Who signs a ledger: 幸福里社区居民委员会, 桃源村村民委员会 (one rule for every document). */
export function committeeOf(profile: { name: string; kind: string } | undefined): string {
  return committeeName(profile)
}

type Scope = { range: DateRange } | { meetingId: number }

/** Meetings whose start falls in the period (the same rule as listMeetings), with everything the exports show. */
export async function meetingLedger(db: Db, range: DateRange, opts: { attendance?: boolean } = {}): Promise<Ledger> {
  assertRange(range)
  const households = await totalHouseholds(db)
  const meetings = await loadMeetings(db, { range }, opts.attendance ?? true, households)
  const profile = await communityProfile(db)
  return { communityName: profile?.name ?? null, committee: committeeOf(profile), households, range, meetings }
}

/** One meeting with its agenda (and attendance). */
export async function ledgerMeeting(db: Db, meetingId: number, opts: { attendance?: boolean } = {}) {
  const withAttendance = opts.attendance ?? true
  const [m] = await loadMeetings(db, { meetingId }, withAttendance, withAttendance ? await totalHouseholds(db) : 0)
  if (!m) throw notFound('会议')
  return m
}

async function loadMeetings(
  db: Db,
  scope: Scope,
  withAttendance: boolean,
  households: number,
): Promise<LedgerMeeting[]> {
  const fromUtc = 'range' in scope ? officeLocalToUtc(`${scope.range.from}T00:00`) : ''
  const toUtc = 'range' in scope ? officeLocalToUtc(`${addDays(scope.range.to, 1)}T00:00`) : ''
  let mq = db
    .selectFrom('meetings as m')
    .leftJoin('rooms as r', 'r.id', 'm.room_id')
    .leftJoin('councils as c', 'c.id', 'm.council_id')
    .select([
      'm.id',
      'm.title',
      'm.kind',
      'm.starts_at',
      'm.ends_at',
      'r.name as roomName',
      'm.host',
      'm.recorder',
      'm.status',
      'm.status_reason',
      'm.council_id',
      'm.guest_count',
      'm.created_at',
      'm.updated_at',
      'c.quorum_rule',
    ])
  let aq = db
    .selectFrom('agenda_items as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .select([
      'a.meeting_id',
      'a.position',
      'a.title',
      'a.type',
      'a.presenter',
      'a.planned_minutes',
      'a.outcome',
      'a.votes_for',
      'a.votes_against',
      'a.votes_abstain',
      'a.votes_eligible',
      'a.pass_rule',
    ])
  let tq = db
    .selectFrom('attendance as t')
    .innerJoin('meetings as m', 'm.id', 't.meeting_id')
    .select(['t.meeting_id', 't.member_id', 't.status', 't.proxy_member_id'])
  // The same filter on `meetings as m` in each query, so all three read the same set of meetings.
  if ('range' in scope) {
    mq = mq.where('m.starts_at', '>=', fromUtc).where('m.starts_at', '<', toUtc)
    aq = aq.where('m.starts_at', '>=', fromUtc).where('m.starts_at', '<', toUtc)
    tq = tq.where('m.starts_at', '>=', fromUtc).where('m.starts_at', '<', toUtc)
  } else {
    mq = mq.where('m.id', '=', scope.meetingId)
    aq = aq.where('m.id', '=', scope.meetingId)
    tq = tq.where('m.id', '=', scope.meetingId)
  }
  const rows = await mq.orderBy('m.starts_at').orderBy('m.id').execute()
  if (rows.length === 0) return []

  const agendaRows = await aq.orderBy('a.meeting_id').orderBy('a.position').execute()
  const agendaBy = groupBy(agendaRows, (a) => a.meeting_id)

  let attendanceBy = new Map<
    number,
    Array<{ member_id: number; status: AttendanceTable['status']; proxy_member_id: number | null }>
  >()
  let members: CouncilMemberSpan[] = []
  if (withAttendance) {
    attendanceBy = groupBy(await tq.execute(), (t) => t.meeting_id)
    const councilIds = [...new Set(rows.map((r) => r.council_id).filter((id): id is number => id !== null))]
    const firstDate = officeDate(rows[0]!.starts_at)
    const lastDate = officeDate(rows[rows.length - 1]!.starts_at)
    members = councilIds.length ? await memberSpans(db, councilIds, firstDate, lastDate) : []
  }

  return rows.map((m) => {
    const date = officeDate(m.starts_at)
    const recorded = attendanceBy.get(m.id) ?? []
    const roster = withAttendance && m.council_id !== null ? rosterOn(members, m.council_id, date, recorded) : []
    return {
      id: m.id,
      title: m.title,
      kind: m.kind,
      start: officeDateTime(m.starts_at),
      end: officeDateTime(m.ends_at),
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      date,
      roomName: m.roomName,
      host: m.host,
      recorder: m.recorder,
      status: m.status,
      statusReason: m.status_reason,
      councilId: m.council_id,
      createdAt: m.created_at,
      updatedAt: m.updated_at,
      agenda: (agendaBy.get(m.id) ?? []).map((a) => ({
        position: a.position,
        title: a.title,
        type: a.type,
        presenter: a.presenter,
        plannedMinutes: a.planned_minutes,
        outcome: a.outcome,
        vote:
          a.votes_for === null
            ? null
            : tally(
                a.votes_for,
                a.votes_against ?? 0,
                a.votes_abstain ?? 0,
                a.votes_eligible ?? 0,
                a.pass_rule ?? '过半数',
              ),
      })),
      roster,
      attendanceRecorded: recorded.length > 0 || m.guest_count > 0,
      summary: summarize(roster, m.guest_count, m.quorum_rule as MajorityRule | null, households),
    }
  })
}

interface CouncilMemberSpan {
  id: number
  councilId: number
  termStart: string
  termEnd: string
  startDate: string
  endDate: string | null
  name: string
  household: string
  role: string
  category: string
}

/** Every membership of these councils whose term touches [from, to]. */
async function memberSpans(db: Db, councilIds: number[], from: string, to: string): Promise<CouncilMemberSpan[]> {
  const rows = await db
    .selectFrom('council_members as cm')
    .innerJoin('council_terms as t', 't.id', 'cm.term_id')
    .innerJoin('residents as r', 'r.id', 'cm.resident_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .select([
      'cm.id',
      't.council_id',
      't.start_date as termStart',
      't.end_date as termEnd',
      'cm.start_date',
      'cm.end_date',
      'r.name',
      'b.name as buildingName',
      'r.unit',
      'r.room',
      'cm.role',
      'cm.category',
    ])
    .where('t.council_id', 'in', councilIds)
    .where('t.start_date', '<=', to)
    .where('t.end_date', '>=', from)
    .orderBy('cm.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    councilId: r.council_id,
    termStart: r.termStart,
    termEnd: r.termEnd,
    startDate: r.start_date,
    endDate: r.end_date,
    name: r.name,
    // Written as attendanceRoster writes it: "3号楼 2单元 301".
    household: [r.buildingName, r.unit && `${r.unit}单元`, r.room].filter(Boolean).join(' '),
    role: r.role,
    category: r.category,
  }))
}

/** The members sitting on `date`, by the same rule as council-service membersOn(), in the same order. */
function rosterOn(
  members: CouncilMemberSpan[],
  councilId: number,
  date: string,
  recorded: Array<{ member_id: number; status: AttendanceTable['status']; proxy_member_id: number | null }>,
): LedgerRosterRow[] {
  const byMember = new Map(recorded.map((r) => [r.member_id, r]))
  const sitting = members.filter(
    (m) =>
      m.councilId === councilId &&
      m.termStart <= date &&
      m.termEnd >= date &&
      m.startDate <= date &&
      (m.endDate === null || m.endDate >= date),
  )
  const nameOf = new Map(members.map((m) => [m.id, m.name]))
  return sitting.map((m) => {
    const r = byMember.get(m.id)
    return {
      memberId: m.id,
      name: m.name,
      household: m.household,
      role: m.role,
      category: m.category,
      status: r?.status ?? null,
      proxyName: r?.proxy_member_id ? (nameOf.get(r.proxy_member_id) ?? null) : null,
    }
  })
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

/** The ledger of one meeting (its row, its attendance, its votes), dated by the meeting's day. */
export async function singleMeetingLedger(db: Db, meetingId: number): Promise<Ledger> {
  const households = await totalHouseholds(db)
  const [m] = await loadMeetings(db, { meetingId }, true, households)
  if (!m) throw notFound('会议')
  const profile = await communityProfile(db)
  return {
    communityName: profile?.name ?? null,
    committee: committeeOf(profile),
    households,
    range: { from: m.date, to: m.date },
    meetings: [m],
  }
}

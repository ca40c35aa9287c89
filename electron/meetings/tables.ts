import type { Generated } from 'kysely'
import type { MajorityRule } from '../council'

/** The meetings module's tables, joined into `Database` in database/schema.ts. */
export interface MeetingsTables {
  rooms: RoomsTable
  meeting_series: MeetingSeriesTable
  meetings: MeetingsTable
  agenda_items: AgendaItemsTable
  attendance: AttendanceTable
  minutes: MinutesTable
  office_holidays: OfficeHolidaysTable
}

export interface RoomsTable {
  id: Generated<number>
  name: string
  capacity: Generated<number>
  note: Generated<string>
  /** Set when the room was removed but past meetings still name it. */
  deleted_at: Generated<string | null>
}

export interface MeetingSeriesTable {
  id: Generated<number>
  council_id: number | null
  kind: string
  title: string
  /** JSON of RecurrenceRule. */
  rule: string
  start_time: string
  duration_minutes: number
  starts_on: string
  end_type: 'never' | 'date' | 'count'
  end_date: string | null
  end_count: number | null
  holiday_policy: 'skip' | 'next' | 'keep'
  room_id: number | null
  host: Generated<string>
  recorder: Generated<string>
  materialized_until: string
  created_at: string
}

export interface MeetingsTable {
  id: Generated<number>
  series_id: number | null
  occurrence_date: string | null
  council_id: number | null
  kind: string
  title: string
  /** UTC ISO-8601. */
  starts_at: string
  ends_at: string
  room_id: number | null
  host: Generated<string>
  recorder: Generated<string>
  status: string
  status_reason: Generated<string>
  holiday_note: Generated<string>
  guest_count: Generated<number>
  /** UTC ISO: the time announced before the latest postponement (延期); null if never postponed. */
  postponed_from_start: Generated<string | null>
  postponed_from_end: Generated<string | null>
  /** The 合伙人 that hosts the meeting (承办合伙人); its held meetings credit that partner's commitment. */
  host_partner_id: Generated<number | null>
  created_at: string
  updated_at: string
}

export interface AgendaItemsTable {
  id: Generated<number>
  meeting_id: number
  position: number
  title: string
  type: '通报' | '讨论' | '表决'
  presenter: Generated<string>
  planned_minutes: number
  state: Generated<string>
  outcome: Generated<string>
  carried_from_id: number | null
  votes_for: number | null
  votes_against: number | null
  votes_abstain: number | null
  votes_eligible: number | null
  pass_rule: MajorityRule | null
  /** The resident topic this item came from. */
  topic_id: Generated<number | null>
  /** 1 for a 督办通报 item (its resolutions are in agenda_reports). */
  is_report: Generated<number>
}

export interface AttendanceTable {
  meeting_id: number
  member_id: number
  status: '出席' | '请假' | '缺席' | '列席' | '委托'
  proxy_member_id: number | null
  updated_at: string
}

export interface MinutesTable {
  meeting_id: number
  body: Generated<string>
  status: '草稿' | '已确认' | '已公示'
  confirmed_at: string | null
  published_at: string | null
  updated_at: string
}

/** A day of a year's holiday arrangement as the office typed it from the State Council's notice. */
export interface OfficeHolidaysTable {
  /** 'YYYY-MM-DD'. */
  date: string
  year: number
  /** 休: a day off of the named holiday; 班: a weekend day worked instead (调休上班). */
  kind: '休' | '班'
  name: string
  updated_at: string
}

import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * The typed shape of the database for today's code. Migrations do not use it (they are frozen in
 * time). Money is integer fen; times are ISO-8601 strings.
 */
export interface Database {
  settings: SettingsTable
  audit_log: AuditLogTable
  backups: BackupsTable
  community: CommunityTable
  grids: GridsTable
  buildings: BuildingsTable
  residents: ResidentsTable
  councils: CouncilsTable
  council_terms: CouncilTermsTable
  council_members: CouncilMembersTable
  rooms: RoomsTable
  meeting_series: MeetingSeriesTable
  meetings: MeetingsTable
  agenda_items: AgendaItemsTable
  attendance: AttendanceTable
  minutes: MinutesTable
  number_sequences: NumberSequencesTable
  topic_categories: TopicCategoriesTable
  topics: TopicsTable
  resolutions: ResolutionsTable
  resolution_progress: ResolutionProgressTable
  agenda_reports: AgendaReportsTable
  feedback: FeedbackTable
  office_holidays: OfficeHolidaysTable
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: string
}

/** Append-only: triggers (migration audit-and-postponement) refuse UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  action: string
  entity: string
  entity_id: number | null
  detail: string
}

export interface BackupsTable {
  id: Generated<number>
  at: string
  path: string
  size_bytes: number
  integrity: string
}

export type CommunityKind = '城市社区' | '村'

export interface CommunityTable {
  id: number
  name: string
  kind: CommunityKind
  address: string
  phone: string
  updated_at: string
}

export interface GridsTable {
  id: Generated<number>
  name: string
  note: Generated<string>
  created_at: string
  updated_at: string
}

export interface BuildingsTable {
  id: Generated<number>
  grid_id: number | null
  name: string
  households: number
  residents: number
  note: Generated<string>
  created_at: string
  updated_at: string
}

export type Grid = Selectable<GridsTable>
export type Building = Selectable<BuildingsTable>
export type NewBuilding = Insertable<BuildingsTable>
export type BuildingUpdate = Updateable<BuildingsTable>

export interface ResidentsTable {
  id: Generated<number>
  name: string
  building_id: number | null
  unit: Generated<string>
  room: Generated<string>
  phone: Generated<string>
  /** JSON array of strings. */
  tags: Generated<string>
  note: Generated<string>
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export type MajorityRule = '过半数' | '三分之二'

export interface CouncilsTable {
  id: Generated<number>
  name: string
  quorum_rule: MajorityRule
  pass_rule: MajorityRule
  note: Generated<string>
  created_at: string
}

export interface CouncilTermsTable {
  id: Generated<number>
  council_id: number
  name: string
  start_date: string
  end_date: string
}

export interface CouncilMembersTable {
  id: Generated<number>
  term_id: number
  resident_id: number
  role: string
  category: string
  start_date: string
  end_date: string | null
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

export interface NumberSequencesTable {
  name: string
  year: number
  last: number
}

export interface TopicCategoriesTable {
  id: Generated<number>
  name: string
  department: string
  response_hours: number
  position: number
  retired: Generated<number>
  updated_at: string
}

export type TopicStatus = '征集中' | '已采纳' | '已上会' | '已议' | '转办' | '不予采纳'

export interface TopicsTable {
  id: Generated<number>
  year: number
  seq: number
  /** UTC ISO-8601. */
  received_at: string
  /** Office-local 'YYYY-MM-DD' of received_at. */
  received_on: string
  channel: string
  resident_id: number | null
  grid_id: number | null
  building_id: number | null
  category_id: number
  urgency: string
  description: string
  status: TopicStatus
  status_reason: Generated<string>
  duplicate_of_id: number | null
  routed_department: string | null
  routed_at: string | null
  respond_by: string | null
  responded_at: string | null
  response_text: Generated<string>
  /** UTC ISO: when the concern got its answer; null while it waits for one. */
  answered_at: string | null
  /** UTC ISO: when the resident was told, at or after answered_at. */
  told_at: string | null
  /** UTC ISO: when the topic was voided (entered by mistake); null for a live topic. */
  voided_at: Generated<string | null>
  void_reason: Generated<string>
  created_at: string
  updated_at: string
}

export type { ResolutionStatus } from '../../shared/followup-values'
import type { ResolutionStatus } from '../../shared/followup-values'

export interface ResolutionsTable {
  id: Generated<number>
  year: number
  seq: number
  agenda_item_id: number
  text: string
  lead_department: string
  /** JSON array of department names. */
  co_departments: Generated<string>
  /** 'YYYY-MM-DD', office-local. */
  due_date: string
  /** UTC ISO-8601: when the deciding meeting ended. */
  decided_at: string
  status: ResolutionStatus
  first_action_at: string | null
  completed_at: string | null
  completion_note: Generated<string>
  void_reason: Generated<string>
  created_at: string
  updated_at: string
}

export interface ResolutionProgressTable {
  id: Generated<number>
  resolution_id: number
  at: string
  kind: '进展' | '办结' | '修改' | '撤销'
  text: string
  reported_by: Generated<string>
  recorded_at: string
}

export interface FeedbackTable {
  id: Generated<number>
  resolution_id: number | null
  topic_id: number | null
  channel: string
  told_at: string
  content: string
  satisfaction: string | null
  rated_at: string | null
  recorded_at: string
}

/** Which overdue resolutions a 督办通报 agenda item reports on. */
export interface AgendaReportsTable {
  agenda_item_id: number
  resolution_id: number
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

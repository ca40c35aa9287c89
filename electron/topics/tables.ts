import type { Generated } from 'kysely'
import type { ResolutionStatus } from '../../shared/followup-values'

/** The topics module's tables, joined into `Database` in database/schema.ts. */
export interface TopicsTables {
  topic_categories: TopicCategoriesTable
  topics: TopicsTable
  resolutions: ResolutionsTable
  resolution_progress: ResolutionProgressTable
  agenda_reports: AgendaReportsTable
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

/** Which overdue resolutions a 督办通报 agenda item reports on. */
export interface AgendaReportsTable {
  agenda_item_id: number
  resolution_id: number
}

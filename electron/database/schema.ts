import type { Generated } from 'kysely'
import type { CommunityTables } from '../community/tables'
import type { ContestTables } from '../contest/tables'
import type { CouncilTables } from '../council/tables'
import type { DataTables } from '../data/tables'
import type { FeedbackTables } from '../feedback/tables'
import type { FundTables } from '../fund/tables'
import type { MediationTables } from '../mediation/tables'
import type { MeetingsTables } from '../meetings/tables'
import type { PartnersTables } from '../partners/tables'
import type { PeopleTables } from '../people/tables'
import type { SettingsTables } from '../settings/tables'
import type { TopicsTables } from '../topics/tables'

/**
 * The typed shape of the database for today's code: the foundation's own tables (the audit log,
 * the number counters) joined with every module's (each module's tables.ts). Adding a module adds
 * one name to the list below. Migrations do not use it (they are frozen in time). Money is integer
 * fen; times are ISO-8601 strings.
 */
export interface Database
  extends
    FoundationTables,
    CommunityTables,
    PeopleTables,
    CouncilTables,
    MeetingsTables,
    PartnersTables,
    TopicsTables,
    FeedbackTables,
    DataTables,
    SettingsTables,
    FundTables,
    MediationTables,
    ContestTables {}

interface FoundationTables {
  audit_log: AuditLogTable
  number_sequences: NumberSequencesTable
  database_state: DatabaseStateTable
  search_grams: SearchGramsTable
  search_positions: { n: number }
}

/**
 * The gram index of text search (migration search-grams, kept by triggers; electron/database/
 * gram-search.ts reads it): each distinct substr(lower(text), n, 2) of a searched text.
 */
export interface SearchGramsTable {
  kind: number
  gram: string
  row_id: number
}

/** One row (id 1): how the file was last closed and checked (migration 0007-open-state). */
export interface DatabaseStateTable {
  id: number
  opened_at: string | null
  closed_at: string | null
  checked_at: string | null
  full_checked_at: string | null
}

/** Append-only: triggers (migration audit-and-postponement) refuse UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  action: string
  entity: string
  entity_id: number | null
  detail: string
  /** Who did it (migration operators): the operator's id, null for 系统 or an unnamed office. */
  operator_id: number | null
  /** Their name at the time (entries older than operators: the migration's default). */
  operator_name: Generated<string>
}

export interface NumberSequencesTable {
  name: string
  year: number
  last: number
}

// Each module's row types, for the code that imports them from here.
export type * from '../community/tables'
export type * from '../contest/tables'
export type * from '../council/tables'
export type * from '../data/tables'
export type * from '../feedback/tables'
export type * from '../fund/tables'
export type * from '../mediation/tables'
export type * from '../meetings/tables'
export type * from '../partners/tables'
export type * from '../people/tables'
export type * from '../settings/tables'
export type * from '../topics/tables'
export type { ResolutionStatus } from '../../shared/followup-values'

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
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: string
}

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

import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** The community module's tables, joined into `Database` in database/schema.ts. */
export interface CommunityTables {
  community: CommunityTable
  grids: GridsTable
  buildings: BuildingsTable
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

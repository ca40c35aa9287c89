import type { Generated } from 'kysely'

/** The people module's tables, joined into `Database` in database/schema.ts. */
export interface PeopleTables {
  residents: ResidentsTable
}

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

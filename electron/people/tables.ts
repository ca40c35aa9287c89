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
  /** 身份证号 (18 or 15 characters), or ''. */
  id_number: Generated<string>
  /** '男' / '女' / '' */
  gender: Generated<string>
  /** 'YYYY-MM-DD' or '' */
  birth_date: Generated<string>
  /** 人员类型 as the office writes it (户籍、常住、流动 …), or ''. */
  kind: Generated<string>
  created_at: string
  updated_at: string
  deleted_at: string | null
}

import type { Generated } from 'kysely'

/** The settings module's tables, joined into `Database` in database/schema.ts. */
export interface SettingsTables {
  settings: SettingsTable
  operators: OperatorsTable
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: string
}

/** 操作人 (migration operators): the people the 管理员 names; never deleted, only made inactive. */
export interface OperatorsTable {
  id: Generated<number>
  name: string
  /** JSON array of shared/operators.ts ROLES; [] = 普通. */
  roles: string
  /** scrypt$N$r$p$salt$hash (base64), or null: no PIN. */
  pin_hash: string | null
  active: Generated<number>
  created_at: string
  updated_at: string
}

/** The settings module's tables, joined into `Database` in database/schema.ts. */
export interface SettingsTables {
  settings: SettingsTable
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: string
}

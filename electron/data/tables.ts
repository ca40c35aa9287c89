import type { Generated } from 'kysely'

/** The data module's tables, joined into `Database` in database/schema.ts. */
export interface DataTables {
  backups: BackupsTable
}

export interface BackupsTable {
  id: Generated<number>
  at: string
  path: string
  size_bytes: number
  integrity: string
}

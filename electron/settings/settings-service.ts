import { nowIso } from '../../shared/time'
import type { Db } from '../database/open-database'

/** Preferences kept in the data file, so they follow the data (and its backups) rather than the PC. */
export interface UiSettings {
  elderMode: boolean
}

const DEFAULTS: UiSettings = { elderMode: false }

export async function getUiSettings(db: Db): Promise<UiSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'ui').executeTakeFirst()
  if (!row) return { ...DEFAULTS }
  try {
    return { ...DEFAULTS, ...(JSON.parse(row.value) as Partial<UiSettings>) }
  } catch {
    return { ...DEFAULTS }
  }
}

export async function saveUiSettings(db: Db, patch: Partial<UiSettings>): Promise<UiSettings> {
  const next = { ...(await getUiSettings(db)), ...patch }
  const value = JSON.stringify(next)
  await db
    .insertInto('settings')
    .values({ key: 'ui', value, updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() }))
    .execute()
  return next
}

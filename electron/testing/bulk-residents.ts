import type { Db } from '../database/open-database'

/**
 * Residents by name only, written straight into the table 500 rows a statement (thousands in well
 * under a second): for tests that need a large roster. The table's triggers keep the search index,
 * as for any writer.
 */
export async function insertResidents(db: Db, names: readonly string[]): Promise<void> {
  const now = new Date().toISOString()
  for (let i = 0; i < names.length; i += 500) {
    await db
      .insertInto('residents')
      .values(
        names.slice(i, i + 500).map((name) => ({
          name,
          unit: '',
          room: '',
          phone: '',
          tags: '[]',
          note: '',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
  }
}

import type { Insertable } from 'kysely'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'

/** Rows per INSERT: well under SQLite's limit of bound parameters, few enough round trips. */
const CHUNK_ROWS = 400
const CHUNK_PARAMS = 30_000

/**
 * Writes many rows in multi-row INSERTs (the services' one-row-at-a-time writes would take minutes
 * for 20,000 attendance rows). Pass the open transaction the rows belong to.
 */
export async function insertChunks<K extends keyof Database>(
  db: Db,
  table: K,
  rows: Array<Insertable<Database[K]>>,
): Promise<void> {
  const cols = rows[0] ? Object.keys(rows[0]).length : 1
  const size = Math.max(1, Math.min(CHUNK_ROWS, Math.floor(CHUNK_PARAMS / cols)))
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot resolve the row type of a table picked by a type parameter; callers are checked above.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
  }
}

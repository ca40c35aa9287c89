import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { demoFileBefore } from '../../testing/older-file'
import { MIGRATIONS } from '.'
import { migration0009 } from './0009-list-indexes'
import { migration0011 } from './0011-open-record-indexes'
import { migration0015 } from './0015-home-tile-indexes'
import { migration0019 } from './0019-open-resolution-order'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

async function stat1(o: OpenDatabase): Promise<{ tbl: string; idx: string | null }[] | null> {
  const { rows } = await sql<{
    n: number
  }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(o.db)
  if (Number(rows[0]!.n) === 0) return null
  return (await sql<{ tbl: string; idx: string | null }>`select tbl, idx from sqlite_stat1`.execute(o.db)).rows
}

/**
 * The one rule of ./statistics.ts, for every migration that adds indexes: a file with statistics
 * gets them for every index of the tables it touched (none left to SQLite's guesses against its
 * neighbours' real numbers); a file without gets none (all guessed alike).
 */
describe.each([migration0009, migration0011, migration0015, migration0019])(
  'statistics after migration $version',
  (migration) => {
    const upTo = MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration) + 1)
    const demo = { years: 1, meetingsPerYear: 10, residents: 60, topics: 40, resolutions: 10 }

    it('analyzes the tables it indexes in a file that has statistics, every index of them', async () => {
      const { file } = await demoFileBefore(migration, demo, true)
      opened = await openDatabase(file, { migrations: upTo })
      const rows = await stat1(opened)
      expect(rows).not.toBeNull()
      const { rows: indexes } = await sql<{ name: string; tbl: string }>`
      select name, tbl_name as tbl from sqlite_schema where type = 'index'`.execute(opened.db)
      // Every index of a table that has rows has its statistics (an empty table has no sample).
      const analyzed = new Set(rows!.map((r) => r.idx))
      const counted = new Set(rows!.map((r) => r.tbl))
      const missing = indexes.filter((i) => counted.has(i.tbl) && !analyzed.has(i.name)).map((i) => i.name)
      expect(missing).toEqual([])
    })

    it('writes no statistics into a file that had none', async () => {
      const { file } = await demoFileBefore(migration, demo, false)
      opened = await openDatabase(file, { migrations: upTo })
      expect(await stat1(opened)).toBeNull()
    })
  },
)

it('analyzes fully, not a sample: a column the same in every row is said to be so', async () => {
  // More residents than a sample (`pragma analysis_limit = 400`) reads, none deleted: a sample
  // says ~400 rows per deleted_at value, and the roster's page then sorts every resident.
  const { file, rows } = await demoFileBefore(
    migration0009,
    { years: 1, meetingsPerYear: 4, residents: 1500, topics: 10, resolutions: 2 },
    true,
  )
  opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0009) + 1) })
  const deleted = await sql<{ n: number }>`select count(*) as n from residents where deleted_at is not null`.execute(
    opened.db,
  )
  expect(Number(deleted.rows[0]!.n)).toBe(0)
  const { rows: stat } = await sql<{ stat: string }>`
    select stat from sqlite_stat1 where idx = 'residents_roster'`.execute(opened.db)
  const [counted, perDeletedAt] = stat[0]!.stat.split(' ').map(Number)
  expect(counted).toBe(rows.residents)
  expect(perDeletedAt).toBe(rows.residents)
})

import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { demoFileBefore } from '../../testing/older-file'
import { MIGRATIONS } from '.'
import { migration0019 } from './0019-open-resolution-order'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const UP_TO = MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0019) + 1)
const fileBefore = (analyzed: boolean) =>
  demoFileBefore(migration0019, { years: 1, meetingsPerYear: 10, residents: 60, topics: 40, resolutions: 10 }, analyzed)

describe('migration: the open resolutions in number order', () => {
  it('indexes the open resolutions by number with their due date, keeps every row, and analyzes a file that had statistics', async () => {
    const { file, rows } = await fileBefore(true)
    opened = await openDatabase(file, { migrations: UP_TO })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0019.version)
    const n = await db
      .selectFrom('resolutions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(rows.resolutions)
    expect(rows.resolutions).toBeGreaterThan(0)
    const columns = await sql<{
      name: string
    }>`select name from pragma_index_info('resolutions_open_number') order by seqno`.execute(db)
    expect(columns.rows.map((r) => r.name)).toEqual(['year', 'seq', 'due_date', 'status'])
    const def = await sql<{
      sql: string
    }>`select sql from sqlite_schema where name = 'resolutions_open_number'`.execute(db)
    expect(def.rows[0]!.sql).toMatch(/where "status" in \('待办', '办理中'\)/)
    const open = await db
      .selectFrom('resolutions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['待办', '办理中'])
      .executeTakeFirstOrThrow()
    const inIndex = await sql<{ n: number }>`select count(*) as n from resolutions indexed by resolutions_open_number
      where status in ('待办', '办理中')`.execute(db)
    expect(Number(inIndex.rows[0]!.n)).toBe(Number(open.n))
    const stats = await sql<{ idx: string }>`select idx from sqlite_stat1 where tbl = 'resolutions'`.execute(db)
    expect(stats.rows.map((r) => r.idx)).toContain('resolutions_open_number')
  })

  it('writes no statistics into a file that had none', async () => {
    const { file } = await fileBefore(false)
    opened = await openDatabase(file, { migrations: UP_TO })
    const stat1 = await sql<{ n: number }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(
      opened.db,
    )
    expect(Number(stat1.rows[0]!.n)).toBe(0)
  })
})

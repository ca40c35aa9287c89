import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { LIST_INDEXES, migration0009 } from './0009-list-indexes'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0009)

describe('migration: list indexes', () => {
  it('adds every list index to a file of the version before, with statistics for each where the file had some', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db
      .insertInto('residents')
      .values({
        name: '王芳',
        building_id: null,
        unit: '',
        room: '',
        phone: '',
        tags: '[]',
        note: '',
        created_at: 'a',
        updated_at: 'a',
        deleted_at: null,
      })
      .execute()
    // A used file has statistics (pragma optimize on close writes them).
    await sql`analyze`.execute(old.db)
    await old.db.destroy()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0009.version)
    const { rows } = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_schema where type = 'index' and name like '%list%' or name like '%to_tell' or name like 'residents_%'`.execute(
      db,
    )
    const names = rows.map((r) => r.name)
    for (const index of LIST_INDEXES) expect(names).toContain(index.name)
    // Partial where the list is: live topics, untold ones, live residents.
    expect(rows.find((r) => r.name === 'topics_list_status')!.sql).toMatch(/where "voided_at" is null$/i)
    expect(rows.find((r) => r.name === 'topics_list_untold')!.sql).toMatch(/"answered_at" is not null/)
    expect(rows.find((r) => r.name === 'residents_roster')!.sql).toMatch(/where "deleted_at" is null$/i)
    // ANALYZEd as they were made (./statistics.ts): the resident table's rows are there.
    const stats = await sql<{
      idx: string
      stat: string
    }>`select idx, stat from sqlite_stat1 where tbl = 'residents'`.execute(db)
    expect(stats.rows.map((r) => r.idx)).toEqual(expect.arrayContaining(['residents_roster', 'residents_deleted']))
    // The data is untouched.
    expect(await db.selectFrom('residents').select('name').execute()).toEqual([{ name: '王芳' }])
  })
})

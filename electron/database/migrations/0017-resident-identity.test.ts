import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0017 } from './0017-resident-identity'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0017)

describe('migration: resident identity', () => {
  it('adds 身份证号, 性别, 出生日期 and 人员类型 to the residents of a file of the version before, keeping its rows', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await sql`insert into residents (name, created_at, updated_at) values ('老住户', '2020-01-01', '2020-01-01')`.execute(
      old.db,
    )
    await old.close()
    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0017.version)
    const row = await db.selectFrom('residents').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: '老住户', id_number: '', gender: '', birth_date: '', kind: '' })
    const { rows } = await sql<{
      name: string
    }>`select name from sqlite_schema where type = 'index' and tbl_name = 'residents'`.execute(db)
    expect(rows.map((r) => r.name)).toContain('residents_id_number')
  })
})

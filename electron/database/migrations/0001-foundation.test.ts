import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../open-database'
import { MIGRATIONS } from '.'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

describe('migration 1: foundation', () => {
  it('builds the profile tables from an empty file, with their rules', async () => {
    opened = await openDatabase(join(tempDir(), 'm1.sqlite'), { migrations: MIGRATIONS.slice(0, 1) })
    const { db } = opened
    const columns = (await db.introspection.getTables()).find((t) => t.name === 'buildings')!.columns.map((c) => c.name)
    expect(columns).toEqual(['id', 'grid_id', 'name', 'households', 'residents', 'note', 'created_at', 'updated_at'])
    // Negative counts and a second profile row are refused by the schema itself.
    await expect(
      db
        .insertInto('buildings')
        .values({ name: 'x', grid_id: null, households: -1, residents: 0, created_at: 'a', updated_at: 'a' })
        .execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
    await expect(
      db
        .insertInto('community')
        .values({ id: 2, name: 'n', kind: '村', address: 'a', phone: '', updated_at: 'a' })
        .execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
  })
})

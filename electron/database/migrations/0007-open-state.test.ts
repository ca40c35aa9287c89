import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0007 } from './0007-open-state'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0007)

describe('migration: the open state row', () => {
  it('upgrades a file of the version before: one row, marked open now, checked (quick_check ran), data kept', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db.insertInto('grids').values({ name: '一网格', note: '', created_at: 'a', updated_at: 'a' }).execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0007.version)
    expect(opened.openCheck).toEqual({ check: 'quick', reason: 'no-state' })
    expect(await db.selectFrom('grids').select('name').execute()).toEqual([{ name: '一网格' }])
    const rows = await db.selectFrom('database_state').selectAll().execute()
    expect(rows).toEqual([
      { id: 1, opened_at: expect.any(String), closed_at: null, checked_at: expect.any(String), full_checked_at: null },
    ])
    // Only ever one row.
    await expect(db.insertInto('database_state').values({ id: 2 }).execute()).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT',
    })
  })
})

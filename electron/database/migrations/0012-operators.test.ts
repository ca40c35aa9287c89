import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { BEFORE_OPERATORS, migration0012 } from './0012-operators'
import { tempDir } from '../../testing/temp-db'
import { actingAs, audit } from '../audit'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0012)

describe('migration: operators', () => {
  it('adds the operators table and an operator to every audit entry; old entries say so, and the log stays append-only', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db
      .insertInto('audit_log')
      .values({ at: '2026-01-01T08:00:00+08:00', action: '删除', entity: '居民', entity_id: 1, detail: '{}' })
      .execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0012.version)
    expect(await db.selectFrom('audit_log').select(['entity', 'operator_id', 'operator_name']).execute()).toEqual([
      { entity: '居民', operator_id: null, operator_name: BEFORE_OPERATORS },
    ])
    await actingAs({ id: 7, name: '王芳' }, () => audit(db, '修改', '居民', 1, {}))
    expect(
      await db
        .selectFrom('audit_log')
        .select(['operator_id', 'operator_name'])
        .orderBy('id', 'desc')
        .executeTakeFirst(),
    ).toEqual({ operator_id: 7, operator_name: '王芳' })
    // The append-only triggers still refuse changes, the new column included.
    await expect(db.updateTable('audit_log').set({ operator_name: '别人' }).execute()).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    // Two active operators of one name are refused; an inactive one frees the name.
    const row = { roles: '[]', pin_hash: null, created_at: 'a', updated_at: 'a' }
    await db
      .insertInto('operators')
      .values({ ...row, name: '李明', active: 0 })
      .execute()
    await db
      .insertInto('operators')
      .values({ ...row, name: '李明', active: 1 })
      .execute()
    await expect(
      db
        .insertInto('operators')
        .values({ ...row, name: '李明', active: 1 })
        .execute(),
    ).rejects.toThrow(/UNIQUE/)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0005 } from './0005-audit-and-postponement'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const upTo = MIGRATIONS.slice(0, migration0005.version)
const before = MIGRATIONS.slice(0, migration0005.version - 1)

describe('migration: the audit log is append-only', () => {
  it('upgrades a file with audit rows, keeps them, and then refuses to change or delete them', async () => {
    const file = join(tempDir(), 'previous.sqlite')
    const old = await openDatabase(file, { migrations: before })
    // Rows as the audit log of that version held them (today's audit() also names an operator).
    const row = (action: string, entity: string, entityId: number | null, detail: unknown) =>
      old.db
        .insertInto('audit_log')
        .values({
          at: '2026-01-01T08:00:00+08:00',
          action,
          entity,
          entity_id: entityId,
          detail: JSON.stringify(detail),
        })
        .execute()
    await row('删除', '楼栋', 7, { name: '3号楼' })
    await row('备份', '数据文件', null, { path: '/u/备份.sqlite' })
    // Before the migration anyone with the file could rewrite history:
    await old.db.updateTable('audit_log').set({ entity: '改过' }).where('id', '=', 2).execute()
    await old.close()

    opened = await openDatabase(file, { migrations: upTo })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0005.version)
    const rows = async () => db.selectFrom('audit_log').select(['id', 'action', 'entity']).orderBy('id').execute()
    const kept = await rows()
    expect(kept).toEqual([
      { id: 1, action: '删除', entity: '楼栋' },
      { id: 2, action: '备份', entity: '改过' },
    ])

    await expect(db.updateTable('audit_log').set({ entity: '篡改' }).where('id', '=', 1).execute()).rejects.toThrow(
      'append-only',
    )
    await expect(db.deleteFrom('audit_log').where('id', '=', 1).execute()).rejects.toThrow('append-only')
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow('append-only')
    // Raw SQL (a database tool opened on the file) is refused as well.
    await expect(sql`update audit_log set detail = '{}'`.execute(db)).rejects.toThrow('append-only')
    expect(await rows()).toEqual(kept)

    // A meeting from before the migration has no postponed time.
    const columns = (await db.introspection.getTables()).find((x) => x.name === 'meetings')!.columns.map((c) => c.name)
    expect(columns).toEqual(expect.arrayContaining(['postponed_from_start', 'postponed_from_end']))

    // Appending still works.
    await db
      .insertInto('audit_log')
      .values({ at: '2026-01-02T08:00:00+08:00', action: '新增', entity: '网格', entity_id: 1, detail: '{}' })
      .execute()
    expect(await rows()).toHaveLength(3)
  })
})

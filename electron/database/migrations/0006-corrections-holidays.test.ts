import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0006 } from './0006-corrections-holidays'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0006)

describe('migration: corrections and office holidays', () => {
  it('upgrades a file of the version before, keeping topics (live) and rooms (not deleted)', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db.insertInto('rooms').values({ name: '活动室', capacity: 30, note: '' }).execute()
    await old.db
      .insertInto('topics')
      .values({
        year: 2026,
        seq: 1,
        received_at: '2026-03-01T02:00:00.000Z',
        received_on: '2026-03-01',
        channel: '电话',
        resident_id: null,
        grid_id: null,
        building_id: null,
        category_id: 1,
        urgency: '一般',
        description: '楼道灯坏了',
        status: '征集中',
        duplicate_of_id: null,
        routed_department: null,
        routed_at: null,
        respond_by: null,
        responded_at: null,
        answered_at: null,
        told_at: null,
        created_at: 'a',
        updated_at: 'a',
      })
      .execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0006.version)
    expect(await db.selectFrom('topics').select(['description', 'voided_at', 'void_reason']).execute()).toEqual([
      { description: '楼道灯坏了', voided_at: null, void_reason: '' },
    ])
    expect(await db.selectFrom('rooms').select(['name', 'deleted_at']).execute()).toEqual([
      { name: '活动室', deleted_at: null },
    ])
    // A void needs its reason.
    await expect(
      db.updateTable('topics').set({ voided_at: '2026-03-02T00:00:00.000Z' }).where('id', '=', 1).execute(),
    ).rejects.toThrow(/CHECK/)
    // The dashboard's count over live topics is answered from the partial index alone.
    const plan = await sql<{ detail: string }>`explain query plan
      select count(*), count(told_at) from topics
      where voided_at is null and received_on >= '2026-01-01' and received_on <= '2026-12-31'
        and answered_at is not null`.execute(db)
    expect(plan.rows.map((r) => r.detail).join()).toContain('COVERING INDEX topics_received_told')
    // Holidays: a day off or a worked weekend day, of the notice's year (or its eve).
    await db
      .insertInto('office_holidays')
      .values({ date: '2026-12-31', year: 2027, kind: '休', name: '元旦', updated_at: 'a' })
      .execute()
    await expect(
      db
        .insertInto('office_holidays')
        .values({ date: '2027-02-07', year: 2027, kind: '补', name: '春节', updated_at: 'a' } as never)
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('office_holidays')
        .values({ date: '2025-02-07', year: 2027, kind: '休', name: '春节', updated_at: 'a' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
  })
})

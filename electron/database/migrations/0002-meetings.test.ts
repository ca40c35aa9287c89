import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { CompiledQuery } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

describe('migration 2: meetings', () => {
  it('upgrades a version-1 file with data, keeping its rows', async () => {
    const file = join(tempDir(), 'v1.sqlite')
    const v1 = await openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) })
    await v1.db
      .insertInto('buildings')
      .values({ name: '1号楼', grid_id: null, households: 50, residents: 120, created_at: 'a', updated_at: 'a' })
      .execute()
    await v1.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(2)
    expect(await db.selectFrom('buildings').select('name').execute()).toEqual([{ name: '1号楼' }])
    const r = await db
      .insertInto('residents')
      .values({ name: '王芳', building_id: 1, created_at: 'a', updated_at: 'a', deleted_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(r.id).toBe(1)
    // A proxy is required exactly when the status is 委托; vote counts cannot exceed those eligible.
    await db
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: null,
        kind: '临时会议',
        title: 't',
        starts_at: '2026-01-01T11:00:00.000Z',
        ends_at: '2026-01-01T12:00:00.000Z',
        room_id: null,
        status: '草稿',
        created_at: 'a',
        updated_at: 'a',
      })
      .execute()
    await expect(
      db
        .insertInto('agenda_items')
        .values({
          meeting_id: 1,
          position: 1,
          title: 'x',
          type: '表决',
          planned_minutes: 5,
          carried_from_id: null,
          votes_for: 5,
          votes_against: 0,
          votes_abstain: 0,
          votes_eligible: 3,
          pass_rule: '过半数',
        })
        .execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
    await expect(
      db
        .insertInto('meetings')
        .values({
          series_id: null,
          occurrence_date: null,
          council_id: null,
          kind: '临时会议',
          title: 'bad',
          starts_at: '2026-01-01T12:00:00.000Z',
          ends_at: '2026-01-01T11:00:00.000Z',
          room_id: null,
          status: '草稿',
          created_at: 'a',
          updated_at: 'a',
        })
        .execute(),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
  })

  it('indexes the calendar query by start time', async () => {
    opened = await openDatabase(join(tempDir(), 'plan.sqlite'))
    const q = opened.db
      .selectFrom('meetings')
      .select('id')
      .where('starts_at', '>=', '2026-01-01')
      .where('starts_at', '<', '2026-02-01')
      .compile()
    const { rows } = await opened.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
    )
    expect(rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX meetings_starts_at/)
  })
})

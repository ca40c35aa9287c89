import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { demoFileBefore } from '../../testing/older-file'
import { MIGRATIONS } from '.'
import { migration0011 } from './0011-open-record-indexes'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0011)
const NEW_INDEXES = [
  'topics_routing_open',
  'topics_untold',
  'resolutions_live_item',
  'agenda_items_carried_from',
  'topics_status',
  'agenda_items_taken_up',
  'feedback_rated',
  'topics_month',
]
const TABLES = ['topics', 'resolutions', 'agenda_items', 'feedback', 'meetings', 'residents'] as const

/** A file of the version before, with a demo community; with or without SQLite's statistics. */
function fileBefore(analyzed: boolean) {
  return demoFileBefore(
    migration0011,
    { years: 1, meetingsPerYear: 20, residents: 100, topics: 80, resolutions: 25 },
    analyzed,
  )
}

describe('migration: indexes of open records', () => {
  it('adds the partial and covering indexes, keeps every row, and gives them statistics where the file had some', async () => {
    const { file, rows } = await fileBefore(true)
    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0011.version)
    for (const table of TABLES) {
      const n = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(n.n), table).toBe(rows[table])
      expect(Number(n.n), table).toBeGreaterThan(0)
    }
    const indexes = await sql<{
      name: string
      sql: string
    }>`select name, sql from sqlite_schema where type = 'index'`.execute(db)
    const definition = new Map(indexes.rows.map((r) => [r.name, r.sql]))
    for (const name of NEW_INDEXES) expect(definition.get(name), name).toBeDefined()
    // Over the open states only (and the carried-over items only): small however long the file is kept.
    expect(definition.get('topics_routing_open')).toMatch(
      /where \("status" = '转办' and "responded_at" is null and "voided_at" is null\)/,
    )
    expect(definition.get('topics_untold')).toMatch(
      /where \("answered_at" is not null and "told_at" is null and "voided_at" is null\)/,
    )
    expect(definition.get('resolutions_live_item')).toMatch(/where "status" <> '已撤销'/)
    expect(definition.get('agenda_items_carried_from')).toMatch(/where "carried_from_id" is not null/)
    const stats = await sql<{ idx: string }>`select idx from sqlite_stat1`.execute(db)
    const analyzed = new Set(stats.rows.map((r) => r.idx))
    for (const name of NEW_INDEXES) expect(analyzed.has(name), name).toBe(true)
  })

  // The rule of ./statistics.ts: statistics for a few indexes only would be costed against guesses
  // for all the others; a file without any stays consistent and `pragma optimize` analyzes it.
  it('writes no statistics into a file that had none', async () => {
    const { file } = await fileBefore(false)
    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const stat1 = await sql<{ n: number }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(
      opened.db,
    )
    expect(Number(stat1.rows[0]!.n)).toBe(0)
  })
})

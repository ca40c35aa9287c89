import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { demoFileBefore } from '../../testing/older-file'
import { MIGRATIONS } from '.'
import { migration0015 } from './0015-home-tile-indexes'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

describe('migration: indexes of the home tiles', () => {
  it('gives each tile an index holding every column its count names, and keeps every row', async () => {
    const { file, rows } = await demoFileBefore(
      migration0015,
      { years: 1, meetingsPerYear: 10, residents: 60, topics: 40, resolutions: 10 },
      false,
    )
    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(migration0015) + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0015.version)
    for (const table of ['topics', 'partner_periods', 'partner_agreements', 'fund_reconciliations']) {
      const n = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)
      expect(Number(n.rows[0]!.n), table).toBe(rows[table])
    }
    expect(rows.partner_periods).toBeGreaterThan(0)
    const columns = async (index: string) =>
      (await sql<{ name: string }>`select name from pragma_index_info(${index}) order by seqno`.execute(db)).rows.map(
        (r) => r.name,
      )
    expect(await columns('partner_periods_short')).toEqual(['end_date', 'commitment_id', 'start_date', 'short'])
    expect(await columns('partner_periods_unreviewed')).toEqual([
      'end_date',
      'commitment_id',
      'start_date',
      'reviewed_at',
      'waived_reason',
    ])
    expect(await columns('partner_agreements_notice')).toEqual([
      'notice_on',
      'end_date',
      'signed_on',
      'voided_at',
      'terminated_on',
    ])
    expect(await columns('partner_agreements_predecessor')).toEqual(['predecessor_id', 'voided_at'])
    expect(await columns('fund_reconciliations_done')).toEqual(['month', 'reconciled_at'])
    // The list keeps its order key where it was: respond_by only after it.
    expect(await columns('topics_list_awaiting')).toEqual([
      'status',
      'responded_at',
      'voided_at',
      'received_at',
      'id',
      'respond_by',
    ])
    const { rows: defs } = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_schema where type = 'index'`.execute(db)
    const def = new Map(defs.map((d) => [d.name, d.sql]))
    expect(def.get('partner_periods_short')).toMatch(/where "short" = 1$/)
    expect(def.get('partner_periods_unreviewed')).toMatch(/where "reviewed_at" is null$/)
    expect(def.get('fund_reconciliations_done')).toMatch(/where "reconciled_at" is not null$/)
  })
})

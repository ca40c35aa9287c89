import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0010 } from './0010-partners'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0010)

describe('migration: partners', () => {
  it('upgrades a file of the version before: meetings keep their rows and gain no host; the ledger tables check their rules', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db
      .insertInto('meetings')
      .values({
        series_id: null,
        occurrence_date: null,
        council_id: null,
        kind: '议事会例会',
        title: '三月例会',
        starts_at: '2026-03-12T11:00:00.000Z',
        ends_at: '2026-03-12T13:00:00.000Z',
        room_id: null,
        status: '草稿',
        created_at: 'a',
        updated_at: 'a',
      } as never)
      .execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0010.version)
    expect(await db.selectFrom('meetings').select(['title', 'host_partner_id']).execute()).toEqual([
      { title: '三月例会', host_partner_id: null },
    ])
    const partner = await db
      .insertInto('partners')
      .values({ kind: '企业', name: '咖啡', credit_code: '91350100M000100Y43', created_at: 'a', updated_at: 'a' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const agreement = {
      partner_id: partner.id,
      kind: '资源置换' as const,
      number: 'N1',
      title: 't',
      signed_on: null,
      start_date: '2026-01-01',
      end_date: '2026-12-31',
      notice_on: '2026-12-01',
      predecessor_id: null,
      created_at: 'a',
      updated_at: 'a',
    }
    // An end before the start, or a termination without its reason, is refused by the file itself.
    await expect(
      db
        .insertInto('partner_agreements')
        .values({ ...agreement, end_date: '2025-12-31' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('partner_agreements')
        .values({ ...agreement, terminated_on: '2026-05-01' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    const a = await db.insertInto('partner_agreements').values(agreement).returning('id').executeTakeFirstOrThrow()
    const commitment = {
      agreement_id: a.id,
      position: 1,
      side: '合伙人承诺' as const,
      kind: '比例分成' as const,
      title: 'x',
      period_unit: '月' as const,
      due_date: null,
      area_m2: null,
    }
    await expect(
      db
        .insertInto('partner_commitments')
        .values({ ...commitment, rate_bp: 10001 })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await db.updateTable('meetings').set({ host_partner_id: partner.id }).execute()
    // The home page's counts read the partial indexes.
    const plan = await sql<{
      detail: string
    }>`explain query plan select count(*) from partner_periods where short = 1 and end_date < '2026-06-01'`.execute(db)
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('partner_periods_short')
  })
})

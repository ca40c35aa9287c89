import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase, type OpenDatabase } from '../open-database'
import { schemaVersion } from '../migrate'
import { MIGRATIONS } from '.'
import { migration0008 } from './0008-fund'
import { tempDir } from '../../testing/temp-db'

let opened: OpenDatabase | undefined
afterEach(async () => {
  await opened?.close()
  opened = undefined
})

const BEFORE = MIGRATIONS.indexOf(migration0008)

describe('migration: the charity fund', () => {
  it('upgrades a file of the version before, keeping its data, and its rules hold in the data file itself', async () => {
    const file = join(tempDir(), 'before.sqlite')
    const old = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE) })
    await old.db.insertInto('rooms').values({ name: '活动室', capacity: 30, note: '' }).execute()
    await old.close()

    opened = await openDatabase(file, { migrations: MIGRATIONS.slice(0, BEFORE + 1) })
    const { db } = opened
    expect(await schemaVersion(db)).toBe(migration0008.version)
    expect(await db.selectFrom('rooms').select('name').execute()).toEqual([{ name: '活动室' }])

    const { id } = await db
      .insertInto('fund_subfunds')
      .values({ name: '助老', restriction: '限定性', purpose: '助餐', created_at: 'a' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const entry = {
      subfund_id: id,
      direction: '收入' as const,
      kind: '捐赠' as const,
      entry_date: '2026-03-01',
      amount: 100,
      delta: 100,
      counterparty: '王',
      party_type: '个人' as const,
      party_named: 0,
      voucher_no: '2026-0001',
      summary: '',
      source_kind: null,
      source_id: null,
      reverses_id: null,
      reason: '',
      posted_at: 'a',
    }
    await db.insertInto('fund_entries').values(entry).execute()
    // delta must follow direction and amount; an expenditure kind is not income; amounts are above zero.
    await expect(
      db
        .insertInto('fund_entries')
        .values({ ...entry, voucher_no: 'b', delta: -100 })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('fund_entries')
        .values({ ...entry, voucher_no: 'c', kind: '公益支出' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('fund_entries')
        .values({ ...entry, voucher_no: 'd', amount: 0, delta: 0 })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    await expect(
      db
        .insertInto('fund_entries')
        .values({ ...entry, voucher_no: '2026-0001' })
        .execute(),
    ).rejects.toThrow(/UNIQUE/)
    await expect(
      db
        .insertInto('fund_entries')
        .values({ ...entry, voucher_no: 'e', source_kind: 'partner_period' })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    // Append-only.
    await expect(sql`update fund_entries set summary = 'x'`.execute(db)).rejects.toThrow(/不能修改或删除/)
    await expect(sql`delete from fund_entries`.execute(db)).rejects.toThrow(/不能修改或删除/)
    // A reconciliation is done only with a book balance that matches or an explanation.
    await expect(
      db
        .insertInto('fund_reconciliations')
        .values({
          month: '2026-03',
          statement_balance: 90,
          book_balance: 100,
          explanation: '',
          entered_at: 'a',
          reconciled_at: 'a',
        })
        .execute(),
    ).rejects.toThrow(/CHECK/)
    // The statement reads one sub-fund's year from its index alone.
    const plan = await sql<{ detail: string }>`explain query plan
      select sum(delta) from fund_entries where subfund_id = 1 and entry_date < '2026-01-01'`.execute(db)
    expect(plan.rows.map((r) => r.detail).join()).toContain('COVERING INDEX fund_entries_subfund')
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, type TempDb } from '../testing/temp-db'
import { demoContext } from '../demo/context'
import { fundDemo } from './demo'
import { reconciliationState } from './reconcile-service'
import { subfundStatement } from './ledger-reads'
import { postEntry } from './ledger-service'

/** The demo's fund keeps the ledger's own rules: no balance below zero on any day, valid reversals, reconciled months that match. */
let t: TempDb
beforeEach(async () => {
  t = await openTempDb()
})
afterEach(() => t.cleanup())

describe('fund demo', () => {
  it('ten years of entries at the asked scale, never below zero, reconciled but for the last two months', async () => {
    const ctx = demoContext({ fundEntries: 3000, fundYears: 10, today: '2026-11-21', endYear: 2026 }, () => undefined)
    await fundDemo(t.db, ctx)
    expect(ctx.summary.fund).toMatchObject({ subfunds: 5, entries: 3000 })
    expect(
      await t.db
        .selectFrom('fund_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 3000 })
    expect(ctx.summary.fund.reversals).toBeGreaterThan(3)
    const entries = await t.db
      .selectFrom('fund_entries')
      .select(['subfund_id', 'entry_date', 'delta'])
      .orderBy('entry_date')
      .orderBy('id')
      .execute()
    expect(entries[0]!.entry_date >= '2017-01-01').toBe(true)
    expect(entries.at(-1)!.entry_date <= '2026-11-21').toBe(true)
    // Day by day per sub-fund the balance never goes below zero.
    const balance = new Map<number, number>()
    const ends = new Map<string, Map<number, number>>()
    for (const e of entries) {
      balance.set(e.subfund_id, (balance.get(e.subfund_id) ?? 0) + e.delta)
      ends.set(e.entry_date, new Map(balance))
    }
    for (const day of ends.values()) for (const b of day.values()) expect(b).toBeGreaterThanOrEqual(0)
    const state = await reconciliationState(t.db, '2026-11-21T02:00:00.000Z')
    expect(state.unreconciled).toBe(2)
    expect(state.openMonth).toBe('2026-09')
    expect(state.history.filter((h) => h.difference !== 0)).toHaveLength(1)
    // The statement of a year ends where the next one starts.
    const sf = entries[0]!.subfund_id
    expect((await subfundStatement(t.db, sf, 2025)).closing).toBe((await subfundStatement(t.db, sf, 2026)).opening)
    // The voucher sequence continues after the demo's numbers.
    const next = await postEntry(
      t.db,
      {
        subfundId: sf,
        kind: '捐赠',
        entryDate: '2026-11-20',
        amount: 100,
        counterparty: '甲',
        partyType: '单位',
        partyNamed: false,
        voucherNo: '',
        summary: '',
      },
      { now: '2026-11-21T02:00:00.000Z' },
    )
    const taken = await t.db.selectFrom('fund_entries').select('id').where('voucher_no', '=', next.voucher_no).execute()
    expect(taken).toHaveLength(1)
  })
})
